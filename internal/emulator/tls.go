package emulator

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"time"
)

// HTTPS: ConnectWise refuses plain HTTP and its common clients hard-code https://, so the
// emulator can serve every room over TLS too, with a certificate authority it generates at
// start (ECDSA P-256, valid from a day before now for a year) and a server certificate it signs
// for 127.0.0.1, ::1 and localhost. The authority's certificate is written to a file a client
// trusts (the provider's ca_certificate_file, SSL_CERT_FILE, curl --cacert). Plain HTTP on
// loopback stays for tests. Keys live in memory only: a restart makes a new authority.

// certificates are the generated authority and the server's certificate it signed.
type certificates struct {
	caPEM  []byte
	server tls.Certificate
}

// newCertificates generates the authority and the server certificate, valid around now.
func newCertificates(now time.Time) (*certificates, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial := func() (*big.Int, error) { return rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127)) }
	caSerial, err := serial()
	if err != nil {
		return nil, err
	}
	notBefore, notAfter := now.Add(-24*time.Hour), now.Add(365*24*time.Hour)
	caTmpl := &x509.Certificate{
		SerialNumber:          caSerial,
		Subject:               pkix.Name{CommonName: "Sophos PSA emulator local CA", Organization: []string{"terraform-provider-sophos emulator"}},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	srvSerial, err := serial()
	if err != nil {
		return nil, err
	}
	srvTmpl := &x509.Certificate{
		SerialNumber: srvSerial,
		Subject:      pkix.Name{CommonName: "localhost"},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	srvDER, err := x509.CreateCertificate(rand.Reader, srvTmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	return &certificates{
		caPEM:  pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		server: tls.Certificate{Certificate: [][]byte{srvDER, caDER}, PrivateKey: key},
	}, nil
}

// tlsConfig is the server side of the emulator's HTTPS listener.
func (c *certificates) tlsConfig() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{c.server}}
}

// writeCA writes the authority's certificate to path (readable by everyone: it is public).
func (c *certificates) writeCA(path string) error {
	if err := os.WriteFile(path, c.caPEM, 0o644); err != nil { //nolint:gosec // a CA certificate is public
		return fmt.Errorf("writing the CA certificate: %w", err)
	}
	return nil
}

// TLSURL is the base URL of the HTTPS listener ("https://127.0.0.1:8788"), "" when the
// emulator serves plain HTTP only (Options.TLSAddr empty).
func (e *Emulator) TLSURL() string { return e.tlsURL }

// CACertificatePEM is the PEM certificate of the authority that signed the HTTPS listener's
// certificate; nil without an HTTPS listener.
func (e *Emulator) CACertificatePEM() []byte {
	if e.certs == nil {
		return nil
	}
	return append([]byte(nil), e.certs.caPEM...)
}
