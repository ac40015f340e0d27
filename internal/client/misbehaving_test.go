package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// These tests need a server that breaks the contract, which the emulator never does, so
// they use a minimal one of their own. None of them asserts how long anything took: each
// client runs on an injected clock (its waits return at once and advance the clock) and a
// request budget of several seconds, and the tests check only that the call fails and
// what the error says.

const (
	tokenPath      = "/api/v2/oauth2/token" //nolint:gosec // a URL path, not a credential
	testPartnerID  = "b71c074a-9d89-4b99-b0ef-cce79ab55989"
	testSecret     = "s3cr3t-for-the-auth-host-only"
	testBudget     = 5 * time.Second
	foreignToken   = "foreign-token-from-elsewhere"
	absurdWait     = "27h46m40s" // Retry-After: 100000
	absurdWaitSecs = 100000
)

// fakeStart is the injected clock's start, so an HTTP-date Retry-After can be exact.
var fakeStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// goodToken answers the token endpoint like Sophos does.
func goodToken(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"access_token": "t", "token_type": "bearer", "expires_in": 3600})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeRaw(w http.ResponseWriter, status int, contentType, body string) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// newMisbehaving serves the token endpoint (goodToken when token is nil) and the API on one host.
func newMisbehaving(t *testing.T, token, api http.HandlerFunc) *httptest.Server {
	t.Helper()
	if token == nil {
		token = goodToken
	}
	mux := http.NewServeMux()
	mux.HandleFunc(tokenPath, token)
	mux.HandleFunc("/", api)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func misbehavingServer(t *testing.T, api http.HandlerFunc) *httptest.Server {
	t.Helper()
	return newMisbehaving(t, nil, api)
}

// misbehavingClient is a client of srv with a known partner id, no retries, the test
// budget and an injected clock; mutate adjusts the configuration.
func misbehavingClient(t *testing.T, srv *httptest.Server, mutate ...func(*client.Config)) (*client.Client, *sleeps) {
	t.Helper()
	s := &sleeps{now: fakeStart}
	cfg := client.Config{ClientID: "c", ClientSecret: testSecret, PartnerID: testPartnerID,
		AuthURL: srv.URL, APIURL: srv.URL, MaxRetries: 0, RequestBudget: testBudget,
		Sleep: s.sleep, Now: s.clock}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, s
}

// validTenant is a tenant with every field the contract requires.
func validTenant(id string) map[string]any {
	return map[string]any{"id": id, "name": "Customer " + id, "showAs": "Customer " + id, "billingType": "usage",
		"dataRegion": "eu01", "status": "active", "partner": map[string]any{"id": testPartnerID}, "apiHost": "https://api-eu01.central.sophos.com"}
}

func tenantPage(items ...map[string]any) map[string]any {
	if items == nil {
		items = []map[string]any{}
	}
	return map[string]any{"items": items, "pages": map[string]any{"current": 1, "size": 100, "maxSize": 100, "total": 1}}
}

func TestPagerStopsWhenTheServerIgnoresThePage(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	srv := misbehavingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		items := make([]map[string]any, 100)
		for i := range items {
			items[i] = validTenant(fmt.Sprint(i))
		}
		writeJSON(w, http.StatusOK, map[string]any{"items": items, "pages": map[string]any{"current": 1, "size": 100, "maxSize": 100}})
	})
	c, _ := misbehavingClient(t, srv)
	_, err := c.ListTenants(context.Background())
	if err == nil || !strings.Contains(err.Error(), "does not page as documented") {
		t.Fatalf("error = %v, want the pager to stop", err)
	}
	if n := calls.Load(); n != 2 {
		t.Fatalf("list requests = %d, want 2", n)
	}
}

const (
	htmlPage   = "<!DOCTYPE html><html><head><title>Sign in - Corporate Web Proxy</title></head><body><form>...</form></body></html>"
	htmlOutage = "<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>Maintenance</h1></center></body></html>"
)
