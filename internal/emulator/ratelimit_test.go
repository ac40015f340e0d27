package emulator

import (
	"net/http"
	"testing"
	"time"
)

func TestRateLimit(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	en := newEnv(t, func(o *Options) { o.Now = clock.Now })
	en.e.SetFaults(Faults{RateLimit: 2}) // burst 4
	for i := range 4 {
		r := en.call(req{path: "/partner/v1/psa/integrations"})
		if r.status != http.StatusOK || r.header.Get("X-RateLimit-Limit") != "2" || r.header.Get("X-RateLimit-Remaining") != itoa(int64(3-i)) {
			t.Fatalf("request %d: %d, X-RateLimit-Limit %q, X-RateLimit-Remaining %q", i, r.status, r.header.Get("X-RateLimit-Limit"), r.header.Get("X-RateLimit-Remaining"))
		}
	}
	en.expectError(http.StatusTooManyRequests, "TooManyRequests", req{path: "/partner/v1/psa/integrations"}, "rate limit")
	resp := en.call(req{path: "/partner/v1/psa/integrations"})
	if resp.status != http.StatusTooManyRequests || resp.header.Get("Retry-After") != "1" ||
		resp.header.Get("X-RateLimit-Limit") != "2" || resp.header.Get("X-RateLimit-Remaining") != "0" {
		t.Fatalf("throttled: %d %v", resp.status, resp.header)
	}
	// Another partner has its own bucket.
	tok := en.getToken("foreign-client", "foreign-secret")
	foreign := foreignPartner
	en.expect(http.StatusOK, req{path: "/partner/v1/psa/integrations", token: &tok, partner: &foreign})
	// Tokens refill at the rate.
	clock.Advance(time.Second)
	en.expect(http.StatusOK, req{path: "/partner/v1/psa/integrations"})
	en.expect(http.StatusOK, req{path: "/partner/v1/psa/integrations"})
	en.expect(http.StatusTooManyRequests, req{path: "/partner/v1/psa/integrations"})
}

// TestRateLimitKeyedOnThePrincipal: the bucket is the authenticated partner's, whatever
// headers a request carries.
func TestRateLimitKeyedOnThePrincipal(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	en := newEnv(t, func(o *Options) { o.Now = clock.Now })
	en.e.SetFaults(Faults{RateLimit: 2}) // burst 4
	foreignToken := en.getToken("foreign-client", "foreign-secret")
	foreign := foreignPartner

	// Sending another partner's id with one's own token is refused (403) and does not drain
	// that partner's bucket.
	for range 6 {
		en.expectError(http.StatusForbidden, "Forbidden", req{path: "/partner/v1/psa/integrations", partner: &foreign})
	}
	for i := range 4 {
		if r := en.call(req{path: "/partner/v1/psa/integrations", token: &foreignToken, partner: &foreign}); r.status != http.StatusOK {
			t.Fatalf("foreign partner's request %d: %d %s", i, r.status, r.body)
		}
	}

	// Made-up tokens are refused before the limiter: no bucket is created for them.
	before := en.e.faults.Buckets()
	for i := range 10 {
		bogus := "made-up-" + itoa(int64(i))
		en.expect(http.StatusUnauthorized, req{path: "/whoami/v1", token: &bogus})
	}
	if n := en.e.faults.Buckets(); n != before {
		t.Fatalf("%d buckets after unauthenticated requests, want %d", n, before)
	}

	// whoami counts against the credential's partner, whichever token it uses.
	for range 4 {
		en.expect(http.StatusOK, req{path: "/partner/v1/psa/integrations"})
	}
	second := en.getToken("emulator-client", "emulator-secret")
	en.expectError(http.StatusTooManyRequests, "TooManyRequests", req{path: "/whoami/v1", token: &second, partner: strp("")})
	// A tenant credential has a bucket of its own.
	tenantToken := en.getToken("emulator-tenant-client", "emulator-tenant-secret")
	en.expect(http.StatusOK, req{path: "/whoami/v1", token: &tenantToken, partner: strp("")})
}

// TestIdleRateBucketsAreDropped: buckets that have been full for more than a minute are
// dropped on a later access, so the map does not grow without bound.
func TestIdleRateBucketsAreDropped(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	en := newEnv(t, func(o *Options) { o.Now = clock.Now })
	en.e.SetFaults(Faults{RateLimit: 2})
	foreignToken := en.getToken("foreign-client", "foreign-secret")
	foreign := foreignPartner
	en.expect(http.StatusOK, req{path: "/partner/v1/psa/integrations"})
	en.expect(http.StatusOK, req{path: "/partner/v1/psa/integrations", token: &foreignToken, partner: &foreign})
	if n := en.e.faults.Buckets(); n != 2 {
		t.Fatalf("%d buckets, want 2", n)
	}
	// Both refill within a second; a minute later they are still kept.
	clock.Advance(time.Minute)
	en.expect(http.StatusOK, req{path: "/partner/v1/psa/integrations"})
	if n := en.e.faults.Buckets(); n != 2 {
		t.Fatalf("%d buckets a minute later, want 2", n)
	}
	// Over a minute after the foreign bucket filled up, the next access drops it.
	clock.Advance(2 * time.Minute)
	en.expect(http.StatusOK, req{path: "/partner/v1/psa/integrations"})
	if n := en.e.faults.Buckets(); n != 1 {
		t.Fatalf("%d buckets after the foreign partner was idle for two minutes, want 1", n)
	}
	// A dropped bucket comes back full.
	for range 4 {
		en.expect(http.StatusOK, req{path: "/partner/v1/psa/integrations", token: &foreignToken, partner: &foreign})
	}
}
