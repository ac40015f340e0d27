package psahttp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCertPoolWith: a PEM file of certificates is added to the system's authorities; a
// missing file, one without certificates and one holding a private key are refused, naming
// the file.
func TestCertPoolWith(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct{ path, want string }{
		{filepath.Join(dir, "missing.pem"), "missing.pem"},
		{write("empty.pem", "not a certificate\n"), "holds no PEM certificate"},
		{write("key.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), "holds a PRIVATE KEY block"},
		{write("broken.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), "certificate 1 cannot be read"},
	} {
		if _, err := CertPoolWith(tc.path); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error with %q", tc.path, err, tc.want)
		}
	}
}
