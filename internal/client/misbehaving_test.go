package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// These tests need a server that breaks the contract, which the emulator never does, so
// they use a minimal one of their own.

func misbehavingServer(t *testing.T, api http.HandlerFunc) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v2/oauth2/token", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "t", "token_type": "bearer", "expires_in": 3600})
	})
	mux.HandleFunc("/", api)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func misbehavingClient(t *testing.T, srv *httptest.Server) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{ClientID: "c", ClientSecret: "s", PartnerID: "b71c074a-9d89-4b99-b0ef-cce79ab55989",
		AuthURL: srv.URL, APIURL: srv.URL, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPagerStopsWhenTheServerIgnoresThePage(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	srv := misbehavingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		items := make([]map[string]any, 100)
		for i := range items {
			items[i] = map[string]any{"id": "x"}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"items": items, "pages": map[string]any{"current": 1, "size": 100, "maxSize": 100}})
	})
	_, err := misbehavingClient(t, srv).ListTenants(context.Background())
	if err == nil || !strings.Contains(err.Error(), "does not page as documented") {
		t.Fatalf("error = %v, want the pager to stop", err)
	}
	if n := calls.Load(); n != 2 {
		t.Fatalf("list requests = %d, want 2", n)
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	t.Parallel()
	var elsewhere atomic.Int64
	srv := misbehavingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/elsewhere" {
			elsewhere.Add(1)
			return
		}
		http.Redirect(w, r, "/elsewhere", http.StatusTemporaryRedirect)
	})
	_, err := misbehavingClient(t, srv).ListIntegrations(context.Background())
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTemporaryRedirect {
		t.Fatalf("error = %v, want the 307 reported", err)
	}
	if elsewhere.Load() != 0 {
		t.Fatal("the client followed the redirect")
	}
}
