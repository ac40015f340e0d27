package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

func TestPrintSeed(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-print-seed"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := emulator.ParseSeed(out.Bytes(), "stdout"); err != nil {
		t.Fatalf("printed seed does not load: %v", err)
	}
}

func TestBadFlags(t *testing.T) {
	tests := [][]string{
		{"-rate-429", "2"},
		{"-addr", "0.0.0.0:0"},
		{"-seed", filepath.Join(t.TempDir(), "missing.yaml")},
		{"-log-level", "loud"},
		{"extra"},
	}
	for _, args := range tests {
		if err := run(context.Background(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

func TestServeUntilCancelled(t *testing.T) {
	dir := t.TempDir()
	ready := filepath.Join(dir, "ready")
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-tls-addr", "127.0.0.1:0", "-ca-cert-out", filepath.Join(dir, "ca.pem"), "-db", filepath.Join(dir, "e.db"), "-ready-file", ready,
			"-synthesize-customers", "3", "-latency", "1ms", "-log-level", "warn"}, &out, io.Discard)
	}()
	var url string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(ready); err == nil && len(b) > 0 { //nolint:gosec // the test's own temp file
			url = strings.TrimSpace(string(b))
			break
		}
	}
	if url == "" {
		cancel()
		t.Fatalf("no ready file; error: %v", <-done)
	}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url+"/_emulator/healthz", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"listening on " + url, "export SOPHOS_CLIENT_ID=emulator-client", "export SOPHOS_API_URL=" + url, `provider "sophos"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, out.String())
		}
	}
}
