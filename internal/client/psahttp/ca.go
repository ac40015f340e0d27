package psahttp

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
)

// CertPoolWith is the system's certificate authorities plus those of the PEM file at path,
// for a PSA whose certificate a private authority signed (a local emulator, an on-premise
// ConnectWise behind a company CA). The file must hold at least one CERTIFICATE block, and
// only such blocks: a private key in it is refused, so a misplaced key file is noticed.
func CertPoolWith(path string) (*x509.CertPool, error) {
	raw, err := os.ReadFile(path) //nolint:gosec // the user names the file to read
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	n := 0
	for rest := raw; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("%s holds a %s block; it must hold only PEM certificates (BEGIN CERTIFICATE)", path, block.Type)
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: certificate %d cannot be read: %w", path, n+1, err)
		}
		pool.AddCert(cert)
		n++
	}
	if n == 0 {
		return nil, fmt.Errorf("%s holds no PEM certificate (BEGIN CERTIFICATE)", path)
	}
	return pool, nil
}
