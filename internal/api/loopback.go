package api

import (
	"net"
	"strings"
)

// The contract's transport policy: plain http only to loopback. Everything else is https.
// The client refuses a plain http base URL to any other host, and the emulator, which has no
// real security, listens only on loopback unless told otherwise and answers its admin API
// only to loopback callers that address it by a loopback name. All of them decide what
// loopback is with IsLoopbackHost.

// IsLoopbackHost reports whether host names this machine: "localhost" (in any case) or an
// IP address in 127.0.0.0/8 or ::1 (an IPv4-mapped ::ffff:127.x.y.z included). host may
// carry a port ("127.0.0.1:8787", "[::1]:8787") and brackets ("[::1]"), so a URL's host, a
// Host header, a listen address and a request's remote address all work. Other names are
// not loopback, even those that resolve to it: a name is someone's DNS record.
func IsLoopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	} else if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		host = host[1 : len(host)-1]
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
