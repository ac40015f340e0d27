package api

import "testing"

// TestIsLoopbackHost covers the cases on which the four loopback checks this function
// replaced disagreed: a port, brackets, the case of localhost, and 127.0.0.0/8 beyond
// 127.0.0.1.
func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1":              true,
		"127.0.0.1:8787":         true,
		"127.0.0.2":              true, // all of 127.0.0.0/8 (the admin Host check allowed only 127.0.0.1)
		"127.255.255.254:1":      true,
		"::1":                    true,
		"[::1]":                  true, // brackets without a port (Host headers)
		"[::1]:8787":             true,
		"::ffff:127.0.0.1":       true,
		"localhost":              true,
		"localhost:8787":         true,
		"LocalHost":              true, // any case (the listen check wanted "localhost" exactly)
		"LOCALHOST:1":            true,
		"":                       false,
		"0.0.0.0":                false,
		"0.0.0.0:0":              false,
		"[::]:8787":              false,
		"10.0.0.5":               false,
		"128.0.0.1":              false,
		"::2":                    false,
		"api.central.sophos.com": false,
		"localhost.example.com":  false,
		"127.0.0.1.nip.io":       false, // resolves to loopback, but a name is someone's DNS record
		"[127.0.0.1]":            true,
		"[::1":                   false,
	} {
		if got := IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q) = %t, want %t", host, got, want)
		}
	}
}
