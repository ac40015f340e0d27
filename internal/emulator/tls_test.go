package emulator

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHTTPSServesEveryRoom: with TLSAddr the emulator serves the same rooms over HTTPS with
// a certificate for 127.0.0.1 and localhost signed by the authority it writes to CACertFile;
// a client that trusts that file reaches the ConnectWise room's codebase discovery and the
// Sophos rooms alike, one that does not is refused by TLS, and plain HTTP keeps working.
func TestHTTPSServesEveryRoom(t *testing.T) {
	ca := filepath.Join(t.TempDir(), "ca.pem")
	e := StartForTest(t, Options{TLSAddr: "127.0.0.1:0", CACertFile: ca})
	if !strings.HasPrefix(e.TLSURL(), "https://127.0.0.1:") {
		t.Fatalf("TLSURL = %q", e.TLSURL())
	}
	pemBytes, err := os.ReadFile(ca) //nolint:gosec // the test's own file
	if err != nil {
		t.Fatal(err)
	}
	if string(pemBytes) != string(e.CACertificatePEM()) {
		t.Fatal("the CA file differs from CACertificatePEM")
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatal("the CA file holds no certificate")
	}
	trusting := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	port := strings.TrimPrefix(e.TLSURL(), "https://127.0.0.1:")
	for _, base := range []string{e.TLSURL(), "https://localhost:" + port} {
		var info map[string]string
		getJSON(t, trusting, base+"/login/companyinfo/northwindit", http.StatusOK, &info)
		if info["Codebase"] != "v4_6_release/" || info["CompanyName"] != "Northwind IT Services" {
			t.Errorf("%s: companyinfo = %v", base, info)
		}
		getJSON(t, trusting, base+"/_emulator/healthz", http.StatusOK, nil)
	}
	getJSON(t, &http.Client{Timeout: 10 * time.Second}, e.URL()+"/login/companyinfo/northwindit", http.StatusOK, nil)

	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, e.TLSURL()+"/login/companyinfo/northwindit", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err == nil {
		_ = resp.Body.Close()
		t.Fatal("a client that does not trust the emulator's CA got an answer")
	}
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Errorf("untrusted client: %v, want an unknown authority", err)
	}
	if e2 := StartForTest(t, Options{}); e2.TLSURL() != "" || e2.CACertificatePEM() != nil {
		t.Error("an emulator without TLSAddr serves HTTPS")
	}
}

// TestHTTPSAddressMustBeLoopback: the HTTPS listener follows the loopback rule too.
func TestHTTPSAddressMustBeLoopback(t *testing.T) {
	e, err := Start(context.Background(), Options{TLSAddr: "0.0.0.0:0"})
	if err == nil {
		_ = e.Close()
		t.Fatal("started with a non-loopback HTTPS address")
	}
}

func getJSON(t *testing.T, c *http.Client, url string, status int, out any) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Fatalf("GET %s: %d %s, want %d", url, resp.StatusCode, body, status)
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			t.Fatalf("GET %s: %v in %s", url, err, body)
		}
	}
}
