package client_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// TestRetryAfterHTTPDateIsHonoured: a Retry-After given as an HTTP date is waited out
// (on the injected clock) before the request is repeated.
func TestRetryAfterHTTPDateIsHonoured(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	srv := misbehavingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", fakeStart.Add(3*time.Second).Format(http.TimeFormat))
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"error": "ServiceUnavailable", "message": "back in 3 s"})
			return
		}
		writeJSON(w, http.StatusOK, tenantPage(validTenant("a")))
	})
	c, s := misbehavingClient(t, srv, func(cfg *client.Config) { cfg.MaxRetries = 1 })
	got, err := c.ListTenants(context.Background())
	if err != nil || len(got) != 1 {
		t.Fatalf("ListTenants = %d tenants, %v; want the one tenant after the wait", len(got), err)
	}
	if waits := s.all(); len(waits) != 1 || waits[0] != 3*time.Second {
		t.Fatalf("waits = %v, want [3s] from the HTTP-date Retry-After", waits)
	}
}

// TestThrottlingPauseBeyondTheBudgetFailsLaterCallsAtOnce: after a 429 whose Retry-After
// is beyond the budget, the next call of the client does not sit out the pause either.
func TestThrottlingPauseBeyondTheBudgetFailsLaterCallsAtOnce(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	srv := misbehavingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		w.Header().Set("Retry-After", fmt.Sprint(absurdWaitSecs))
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": "TooManyRequests", "message": "slow down"})
	})
	c, s := misbehavingClient(t, srv)
	if _, err := c.ListTenants(context.Background()); !client.IsThrottled(err) {
		t.Fatalf("first call: %v, want the 429 (no retries allowed)", err)
	}
	_, _, err := c.GetPSAProduct(context.Background(), api.PsaConnectwise, 1)
	if err == nil || !strings.Contains(err.Error(), "the API asked to wait "+absurdWait+" (Retry-After of an earlier answer) which is beyond the request budget") {
		t.Fatalf("second call: %v, want it refused because of the pause", err)
	}
	if waits := s.all(); len(waits) != 0 {
		t.Fatalf("waited %v, want no wait", waits)
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("requests = %d, want 1 (the second call is not sent during the pause)", n)
	}
}

// TestBudgetIsCheckedBeforeEachWait: a call that has spent its budget in earlier waits
// (on the injected clock) does not start another one it cannot finish.
func TestBudgetIsCheckedBeforeEachWait(t *testing.T) {
	t.Parallel()
	srv := misbehavingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "2")
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"error": "ServiceUnavailable", "message": "down"})
	})
	c, s := misbehavingClient(t, srv, func(cfg *client.Config) { cfg.MaxRetries = 10 })
	_, err := c.ListTenants(context.Background())
	if err == nil || !strings.Contains(err.Error(), "the API asked to wait 2s (Retry-After) which is beyond the request budget of 5s") {
		t.Fatalf("error = %v, want the budget to stop the third wait", err)
	}
	if waits := s.all(); len(waits) != 2 {
		t.Fatalf("waits = %v, want two waits of 2s within the 5s budget", waits)
	}
}
