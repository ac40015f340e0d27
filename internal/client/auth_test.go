package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

func TestPartnerIDDiscoveredWithWhoami(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	got, err := f.client.PartnerID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := f.emu.Credentials().PartnerID; got != want {
		t.Fatalf("partner id = %q, want %q", got, want)
	}
	tenants, err := f.client.ListTenants(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range f.headers.matching("GET /partner/v1/tenants") {
		if h.Get("X-Partner-ID") != got {
			t.Errorf("X-Partner-ID = %q, want %q", h.Get("X-Partner-ID"), got)
		}
		if !strings.HasPrefix(h.Get("Authorization"), "Bearer ") {
			t.Errorf("Authorization header is not a bearer token")
		}
		if h.Get("User-Agent") != "terraform-provider-sophos/test" {
			t.Errorf("User-Agent = %q", h.Get("User-Agent"))
		}
	}
	if len(tenants) == 0 {
		t.Fatal("no tenants listed")
	}
}

func TestBadCredentialsGiveAuthError(t *testing.T) {
	t.Parallel()
	emu := testharness.Emulator(t)
	tests := map[string]struct {
		id, secret string
		code       string
	}{
		"bad secret":     {emu.Credentials().ClientID, "not-the-secret", "oauth.invalid_client_secret"},
		"unknown client": {"nobody", "whatever", "oauth.client_app_does_not_exist"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := newFixtureFor(t, emu, func(c *client.Config) { c.ClientID, c.ClientSecret = tc.id, tc.secret })
			_, err := f.client.ListTenants(context.Background())
			var ae *client.AuthError
			if !errors.As(err, &ae) {
				t.Fatalf("error = %v, want *client.AuthError", err)
			}
			if ae.StatusCode != http.StatusUnauthorized || ae.Code != tc.code {
				t.Fatalf("auth error = %d %q, want 401 %q", ae.StatusCode, ae.Code, tc.code)
			}
			if !strings.Contains(err.Error(), tc.code) {
				t.Errorf("error %q does not name the host's code", err)
			}
			if strings.Contains(err.Error(), tc.secret) {
				t.Errorf("error %q contains the secret", err)
			}
		})
	}
}

func TestTenantCredentialIsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(c *client.Config) {
		c.ClientID, c.ClientSecret = "emulator-tenant-client", "emulator-tenant-secret"
	})
	_, err := f.client.ListTenants(context.Background())
	if err == nil || !strings.Contains(err.Error(), "not a partner") {
		t.Fatalf("error = %v, want one saying the credential is not a partner credential", err)
	}
}

func TestExpiredTokenIsRenewedOnce(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	emu := emulator.StartForTest(t, emulator.Options{Now: clock})
	f := newFixtureFor(t, emu, nil)
	ctx := context.Background()
	if _, err := f.client.ListIntegrations(ctx); err != nil {
		t.Fatal(err)
	}
	// The API's clock moves past the token's hour; the client still believes it is valid.
	mu.Lock()
	now = now.Add(2 * time.Hour)
	mu.Unlock()
	emu.ResetCounters()
	if _, err := f.client.ListIntegrations(ctx); err != nil {
		t.Fatalf("after the token expired: %v", err)
	}
	c := emu.Counters()
	if c["POST /api/v2/oauth2/token"] != 1 || c["GET /partner/v1/psa/integrations"] != 2 {
		t.Fatalf("counters = %v, want one new token and one repeated request", c)
	}
}

func TestShortLivedTokensAreReused(t *testing.T) {
	t.Parallel()
	emu := emulator.StartForTest(t, emulator.Options{Faults: emulator.Faults{TokenLifetime: 45 * time.Second}})
	f := newFixtureFor(t, emu, nil)
	ctx := context.Background()
	for range 5 {
		if _, err := f.client.ListIntegrations(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := emu.Counters()["POST /api/v2/oauth2/token"]; got != 1 {
		t.Fatalf("token requests = %d for 5 calls with a 45 s token, want 1", got)
	}
}

func TestThrottledTokenRequestHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	f.emu.InjectNext(emulator.InjectedFault{Kind: "429", PathPrefix: "/api/v2/oauth2/token", Count: 1, RetryAfter: 3})
	if _, err := f.client.ListIntegrations(context.Background()); err != nil {
		t.Fatal(err)
	}
	waits := f.sleeps.all()
	if len(waits) == 0 || waits[0] != 3*time.Second {
		t.Fatalf("waits = %v, want the token endpoint's Retry-After of 3s first", waits)
	}
}
