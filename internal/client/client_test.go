package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// sleeps records the waits the client asks for and returns at once, advancing a fake
// clock instead, so retry tests are fast and can check the backoff the client chose.
type sleeps struct {
	mu  sync.Mutex
	d   []time.Duration
	now time.Time
}

func (s *sleeps) sleep(_ context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	s.now = s.now.Add(d)
	return nil
}

func (s *sleeps) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// headerLog records the headers of every request that reaches the network.
type headerLog struct {
	mu   sync.Mutex
	reqs []http.Header
	path []string
	rt   http.RoundTripper
}

func (h *headerLog) RoundTrip(r *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.reqs = append(h.reqs, r.Header.Clone())
	h.path = append(h.path, r.Method+" "+r.URL.Path)
	h.mu.Unlock()
	return h.rt.RoundTrip(r)
}

func (h *headerLog) matching(prefix string) []http.Header {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []http.Header
	for i, p := range h.path {
		if strings.HasPrefix(p, prefix) {
			out = append(out, h.reqs[i])
		}
	}
	return out
}

type fixture struct {
	emu     *emulator.Emulator
	client  *client.Client
	sleeps  *sleeps
	headers *headerLog
}

func newFixture(t *testing.T, mutate func(*client.Config)) *fixture {
	t.Helper()
	return newFixtureFor(t, testharness.Emulator(t), mutate)
}

func newFixtureFor(t *testing.T, emu *emulator.Emulator, mutate func(*client.Config)) *fixture {
	t.Helper()
	f := &fixture{emu: emu, sleeps: &sleeps{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, headers: &headerLog{rt: &http.Transport{}}}
	cfg := testharness.ClientConfig(emu)
	cfg.UserAgent = "terraform-provider-sophos/test"
	cfg.HTTPClient = &http.Client{Transport: f.headers}
	cfg.Sleep = f.sleeps.sleep
	cfg.Now = f.sleeps.clock
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := client.New(cfg)
	if err != nil {
		t.Fatalf("client.New: %v", err)
	}
	f.client = c
	return f
}

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
			if !strings.Contains(err.Error(), "client_secret") {
				t.Errorf("error %q does not say what to check", err)
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

func TestPagerWalksEveryPage(t *testing.T) {
	t.Parallel()
	emu := testharness.Emulator(t)
	before := countTenants(t, emu)
	if err := emu.Admin().Synthesize(emulator.SynthOptions{Customers: 250}); err != nil {
		t.Fatal(err)
	}
	f := newFixtureFor(t, emu, nil)
	emu.ResetCounters()
	tenants, err := f.client.ListTenants(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(tenants) != before+250 {
		t.Fatalf("listed %d tenants, want %d", len(tenants), before+250)
	}
	seen := map[string]bool{}
	for _, tn := range tenants {
		if seen[tn.Id] {
			t.Fatalf("tenant %s listed twice", tn.Id)
		}
		seen[tn.Id] = true
	}
	wantPages := (before + 250 + 99) / 100
	if got := emu.Counters()["GET /partner/v1/tenants"]; got != wantPages {
		t.Fatalf("tenant list requests = %d, want %d (one per page of 100)", got, wantPages)
	}
}

func countTenants(t *testing.T, emu *emulator.Emulator) int {
	t.Helper()
	f := newFixtureFor(t, emu, nil)
	tenants, err := f.client.ListTenants(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(tenants)
}

func TestRecoversFromEachFaultKind(t *testing.T) {
	t.Parallel()
	for _, kind := range []emulator.FaultKind{"429", "502", "503", "504", "reset"} {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, nil)
			if _, err := f.client.PartnerID(context.Background()); err != nil {
				t.Fatal(err)
			}
			f.emu.ResetCounters()
			f.emu.InjectNext(emulator.InjectedFault{Kind: kind, Method: http.MethodGet, PathPrefix: "/partner/v1/psa/integrations", Count: 2, RetryAfter: 7})
			items, err := f.client.ListIntegrations(context.Background())
			if err != nil {
				t.Fatalf("ListIntegrations with two %s faults: %v", kind, err)
			}
			if len(items) == 0 {
				t.Fatal("no integrations listed")
			}
			if got := f.emu.Counters()["GET /partner/v1/psa/integrations"]; got != 3 {
				t.Fatalf("requests reaching the API = %d, want 3 (two faults, then success)", got)
			}
			// Go's transport itself repeats a GET once when a reused connection drops, so
			// after a reset the client may have waited only once.
			waits := f.sleeps.all()
			if len(waits) == 0 || len(waits) > 2 || (kind != "reset" && len(waits) != 2) {
				t.Fatalf("client waited %d times: %v", len(waits), waits)
			}
			if kind == "429" {
				for _, w := range waits {
					if w != 7*time.Second {
						t.Errorf("wait after 429 = %v, want the Retry-After of 7s", w)
					}
				}
			}
		})
	}
}

func TestThrottlingPausesEveryRequest(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(c *client.Config) { c.MaxRetries = 0 })
	ctx := context.Background()
	if _, err := f.client.PartnerID(ctx); err != nil {
		t.Fatal(err)
	}
	f.emu.InjectNext(emulator.InjectedFault{Kind: "429", PathPrefix: "/partner/v1/psa/integrations", Count: 1, RetryAfter: 5})
	if _, err := f.client.ListIntegrations(ctx); !client.IsThrottled(err) {
		t.Fatalf("error = %v, want 429 (no retries allowed)", err)
	}
	if waits := f.sleeps.all(); len(waits) != 0 {
		t.Fatalf("waited %v before giving up, want no wait", waits)
	}
	// Another request of the same client must wait out the Retry-After before it is sent.
	if _, err := f.client.ListTenants(ctx); err != nil {
		t.Fatal(err)
	}
	if waits := f.sleeps.all(); len(waits) != 1 || waits[0] != 5*time.Second {
		t.Fatalf("waits before the next request = %v, want [5s]", waits)
	}
}

func TestRetriesAreBounded(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(c *client.Config) { c.MaxRetries = 2 })
	if _, err := f.client.PartnerID(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.emu.ResetCounters()
	f.emu.InjectNext(emulator.InjectedFault{Kind: "503", PathPrefix: "/partner/v1/psa/integrations", Count: 10})
	_, err := f.client.ListIntegrations(context.Background())
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("error = %v, want the API's 503", err)
	}
	if got := f.emu.Counters()["GET /partner/v1/psa/integrations"]; got != 3 {
		t.Fatalf("attempts = %d, want 3 (1 + max_retries 2)", got)
	}
}

func TestServerErrorIsNotRetried(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	if _, err := f.client.PartnerID(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.emu.ResetCounters()
	f.emu.InjectNext(emulator.InjectedFault{Kind: "500", PathPrefix: "/partner/v1/psa/integrations", Count: 1})
	if _, err := f.client.ListIntegrations(context.Background()); statusCode(err) != http.StatusInternalServerError {
		t.Fatalf("error = %v, want 500", err)
	}
	if got := f.emu.Counters()["GET /partner/v1/psa/integrations"]; got != 1 {
		t.Fatalf("attempts = %d, want 1", got)
	}
}

func statusCode(err error) int {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

func TestLostCreateResponseYieldsOneProduct(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := context.Background()
	if _, err := f.client.PartnerID(ctx); err != nil {
		t.Fatal(err)
	}
	f.emu.InjectNext(emulator.InjectedFault{Kind: "reset-after-commit", Method: http.MethodPost, PathPrefix: "/partner/v1/psa/connectwise/products", Count: 1})
	in := api.PsaProductInput{
		Identifier:  "RESET-TEST-1",
		Description: "Created through a dropped connection",
		Subcategory: api.Reference{Name: ptr("Endpoint Security")},
		Type:        api.Reference{Name: ptr("Service")},
	}
	p, etag, err := f.client.CreatePSAProduct(ctx, api.PsaConnectwise, in)
	if err != nil {
		t.Fatalf("create after reset-after-commit: %v", err)
	}
	if etag == "" {
		t.Error("no ETag returned")
	}
	found, err := f.client.ListPSAProducts(ctx, api.PsaConnectwise, client.ProductQuery{Identifier: "RESET-TEST-1", IncludeInactive: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0].Id != p.Id {
		t.Fatalf("products with the identifier = %d (%+v), want exactly the one created (id %d)", len(found), found, p.Id)
	}
	if got := f.emu.Counters()["POST /partner/v1/psa/{psa}/products"]; got != 2 {
		t.Fatalf("POSTs reaching the API = %d, want 2 (the lost one and its retry)", got)
	}
	keys := map[string]bool{}
	for _, h := range f.headers.matching("POST /partner/v1/psa/connectwise/products") {
		keys[h.Get("Idempotency-Key")] = true
	}
	if len(keys) != 1 || keys[""] {
		t.Fatalf("Idempotency-Keys sent: %v, want one non-empty key for every attempt", keys)
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

func TestTypedErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := context.Background()

	_, _, err := f.client.GetPSAProduct(ctx, api.PsaConnectwise, 999999)
	if !client.IsNotFound(err) {
		t.Errorf("missing product: %v, want not found", err)
	}

	bad := api.PsaProductInput{Identifier: "BAD-SUBCAT", Description: "x", Subcategory: api.Reference{Name: ptr("No Such Subcategory")}, Type: api.Reference{Name: ptr("Service")}}
	_, _, err = f.client.CreatePSAProduct(ctx, api.PsaConnectwise, bad)
	var apiErr *client.APIError
	if !client.IsValidation(err) || !errors.As(err, &apiErr) || len(apiErr.Details) == 0 {
		t.Fatalf("bad subcategory: %v, want a validation error with details", err)
	}
	if !strings.Contains(err.Error(), "Endpoint Security") {
		t.Errorf("validation error %q does not list the valid subcategories", err)
	}

	dup := api.PsaProductInput{Identifier: "SOPHOS-CIX-ADV", Description: "duplicate", Subcategory: api.Reference{Name: ptr("Endpoint Security")}, Type: api.Reference{Name: ptr("Service")}}
	if _, _, err = f.client.CreatePSAProduct(ctx, api.PsaConnectwise, dup); !client.IsConflict(err) {
		t.Errorf("duplicate identifier: %v, want conflict", err)
	}

	p, etag, err := f.client.GetPSAProduct(ctx, api.PsaConnectwise, 108)
	if err != nil {
		t.Fatal(err)
	}
	in := api.PsaProductInput{Identifier: p.Identifier, Description: "Renamed once", Subcategory: api.Reference{Id: p.Subcategory.Id}, Type: api.Reference{Id: p.Type.Id}}
	if _, _, err := f.client.UpdatePSAProduct(ctx, api.PsaConnectwise, 108, in, etag); err != nil {
		t.Fatalf("update with the current ETag: %v", err)
	}
	in.Description = "Renamed twice"
	if _, _, err = f.client.UpdatePSAProduct(ctx, api.PsaConnectwise, 108, in, etag); !client.IsPreconditionFailed(err) {
		t.Fatalf("update with a stale ETag: %v, want 412", err)
	}
	if !errors.As(err, &apiErr) || apiErr.RequestID == "" {
		t.Errorf("API error carries no request id: %#v", err)
	}
}

// TestRequestTimeout: an attempt that gets no answer is cut off by the per-attempt
// deadline, and the error says so. Nothing depends on the machine's speed: the deadline is
// generous, it covers only the stalled request (the token and the partner id are fetched
// before the API stalls), and the API stalls for an hour, until the client gives up.
func TestRequestTimeout(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(c *client.Config) { c.RequestTimeout = 5 * time.Second; c.MaxRetries = 0 })
	if _, err := f.client.PartnerID(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.emu.SetFaults(emulator.Faults{Latency: time.Hour})
	_, err := f.client.ListIntegrations(context.Background())
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "request timeout of 5s") {
		t.Fatalf("error = %v, want the request timeout of 5s reported", err)
	}
}

func TestParseBaseURL(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"https://api.central.sophos.com":  true,
		"https://api.central.sophos.com/": true,
		"http://127.0.0.1:8787":           true,
		"http://localhost:8787":           true,
		"http://[::1]:8787":               true,
		"http://api.central.sophos.com":   false,
		"http://10.0.0.5:8787":            false,
		"ftp://example.com":               false,
		"api.central.sophos.com":          false,
		"https://x.example/?q=1":          false,
	}
	for raw, ok := range tests {
		_, err := client.ParseBaseURL(raw)
		if (err == nil) != ok {
			t.Errorf("ParseBaseURL(%q) error = %v, want ok=%v", raw, err, ok)
		}
	}
}

func TestNewRequiresCredentials(t *testing.T) {
	t.Parallel()
	if _, err := client.New(client.Config{ClientSecret: "s"}); err == nil || !strings.Contains(err.Error(), "client_id") {
		t.Errorf("missing client id: %v", err)
	}
	if _, err := client.New(client.Config{ClientID: "c"}); err == nil || !strings.Contains(err.Error(), "client_secret") {
		t.Errorf("missing client secret: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

// TestPacesToTheAdvertisedRateLimit sends a burst of concurrent reads to an API that
// allows 50 requests per second and checks that none of them is throttled.
func TestPacesToTheAdvertisedRateLimit(t *testing.T) {
	t.Parallel()
	emu := emulator.StartForTest(t, emulator.Options{Faults: emulator.Faults{RateLimit: 50}})
	counter := &statusCounter{rt: &http.Transport{}}
	f := newFixtureFor(t, emu, func(c *client.Config) {
		c.Sleep, c.Now = nil, nil // real time: the emulator's bucket refills in real time
		c.HTTPClient = &http.Client{Transport: counter}
	})
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 150)
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 15 {
				if _, err := f.client.ListIntegrations(ctx); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := counter.throttled.Load(); n != 0 {
		t.Fatalf("%d requests were throttled; the client should pace itself to X-RateLimit-Limit", n)
	}
	if got := emu.Counters()["GET /partner/v1/psa/integrations"]; got != 150 {
		t.Fatalf("requests = %d, want 150", got)
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

func TestUncleanPathSegmentsAreRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := context.Background()
	if _, err := f.client.PartnerID(ctx); err != nil {
		t.Fatal(err)
	}
	f.emu.ResetCounters()
	for _, id := range []string{".", "..", ""} {
		if _, _, err := f.client.GetProductMapping(ctx, api.PsaConnectwise, id); err == nil || !strings.Contains(err.Error(), "invalid request path") {
			t.Errorf("GetProductMapping(%q) error = %v, want a refused path", id, err)
		}
		if _, _, err := f.client.PutProductMapping(ctx, api.PsaConnectwise, id, api.ProductMappingInput{PsaProductId: 102}, ""); err == nil {
			t.Errorf("PutProductMapping(%q) was sent", id)
		}
	}
	if n := len(f.emu.Counters()); n != 0 {
		t.Fatalf("requests reached the API: %v", f.emu.Counters())
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

func TestThrottlingBeyondTheDeadlineReportsTheAPIError(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	if _, err := f.client.PartnerID(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.emu.InjectNext(emulator.InjectedFault{Kind: "429", PathPrefix: "/partner/v1/psa/integrations", Count: 1, RetryAfter: 120})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := f.client.ListIntegrations(ctx)
	if !client.IsThrottled(err) {
		t.Fatalf("error = %v, want the API's 429 (waiting 120 s would outlive the 30 s deadline)", err)
	}
	if waits := f.sleeps.all(); len(waits) != 0 {
		t.Fatalf("client waited %v although the wait could not finish before the deadline", waits)
	}
}

// TestEveryReadPassesTheShapeCheck reads every kind of object from the emulator, which
// follows the contract, so the client's answer checks refuse nothing the contract allows.
func TestEveryReadPassesTheShapeCheck(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := context.Background()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	_, err := f.client.ListTenants(ctx)
	must("ListTenants", err)
	_, err = f.client.ListIntegrations(ctx)
	must("ListIntegrations", err)
	_, err = f.client.GetCatalogReference(ctx)
	must("GetCatalogReference", err)
	products, err := f.client.ListPSAProducts(ctx, api.PsaConnectwise, client.ProductQuery{IncludeInactive: true})
	must("ListPSAProducts", err)
	if len(products) == 0 {
		t.Fatal("no products")
	}
	_, _, err = f.client.GetPSAProduct(ctx, api.PsaConnectwise, products[0].Id)
	must("GetPSAProduct", err)
	for _, psa := range []api.Psa{api.PsaConnectwise, api.PsaAutotask} {
		mappings, err := f.client.ListProductMappings(ctx, psa)
		must("ListProductMappings", err)
		for _, m := range mappings {
			_, _, err := f.client.GetProductMapping(ctx, psa, m.SophosProduct)
			must("GetProductMapping "+m.SophosProduct, err)
		}
		companies, err := f.client.ListPSACompanies(ctx, psa, client.CompanyQuery{})
		must("ListPSACompanies", err)
		for _, co := range companies[:min(3, len(companies))] {
			_, err := f.client.GetPSACompany(ctx, psa, co.Id)
			must("GetPSACompany", err)
		}
		contracts, err := f.client.ListPSAContracts(ctx, psa, client.ContractQuery{})
		must("ListPSAContracts", err)
		for _, ct := range contracts[:min(3, len(contracts))] {
			_, err := f.client.GetPSAContract(ctx, psa, ct.Id)
			must("GetPSAContract", err)
		}
		customers, err := f.client.ListCustomerMappings(ctx, psa, client.CustomerMappingQuery{})
		must("ListCustomerMappings", err)
		for _, cm := range customers {
			_, _, err := f.client.GetCustomerMapping(ctx, psa, cm.CustomerId)
			must("GetCustomerMapping "+cm.CustomerId, err)
		}
	}
}
