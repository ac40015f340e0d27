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
)

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
	created, err := f.client.CreatePSAProduct(ctx, api.PsaConnectwise, in)
	if err != nil {
		t.Fatalf("create after reset-after-commit: %v", err)
	}
	p := created.Product
	if created.ETag == "" {
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

// TestCreateKeyIsTheCallsOwn: a product create whose first answer is lost is repeated with
// the same Idempotency-Key and answered with the product the first attempt created (one
// product, Replayed). A create whose every answer was lost is never answered later: asking
// for the same product again (another apply, another workspace) sends another key, and the
// API refuses the identifier the lost create took instead of handing that product over.
func TestCreateKeyIsTheCallsOwn(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(c *client.Config) { c.MaxRetries = 1 })
	ctx := context.Background()
	if _, err := f.client.PartnerID(ctx); err != nil {
		t.Fatal(err)
	}
	const route = "POST /partner/v1/psa/connectwise/products"
	in := api.PsaProductInput{Identifier: "KEY-TEST-1", Description: "Lost once", Subcategory: api.Reference{Name: ptr("Endpoint Security")}, Type: api.Reference{Name: ptr("Service")}}
	f.emu.InjectNext(emulator.InjectedFault{Kind: emulator.FaultResetAfterCommit, Method: http.MethodPost, PathPrefix: "/partner/v1/psa/connectwise/products", Count: 1})
	created, err := f.client.CreatePSAProduct(ctx, api.PsaConnectwise, in)
	if err != nil {
		t.Fatalf("a create whose first answer was lost: %v", err)
	}
	if !created.Replayed {
		t.Error("want the repeat answered as a replay of the first attempt")
	}
	found, err := f.client.ListPSAProducts(ctx, api.PsaConnectwise, client.ProductQuery{Identifier: "KEY-TEST-1", IncludeInactive: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0].Id != created.Product.Id {
		t.Fatalf("products with the identifier: %+v, want exactly product %d", found, created.Product.Id)
	}
	keys := map[string]bool{}
	for _, h := range f.headers.matching(route) {
		keys[h.Get("Idempotency-Key")] = true
	}
	if len(keys) != 1 {
		t.Fatalf("Idempotency-Keys of one call's two attempts: %v, want one", keys)
	}

	// Every answer lost: the call fails; asking again is a new create with a new key, which
	// the API refuses (the identifier is taken) rather than answering with the lost one's product.
	lost := in
	lost.Identifier = "KEY-TEST-2"
	f.emu.InjectNext(emulator.InjectedFault{Kind: emulator.FaultResetAfterCommit, Method: http.MethodPost, PathPrefix: "/partner/v1/psa/connectwise/products", Count: 10})
	if _, err := f.client.CreatePSAProduct(ctx, api.PsaConnectwise, lost); err == nil {
		t.Fatal("want the create to fail when every answer is lost")
	}
	f.emu.ClearInjected()
	if _, err := f.client.CreatePSAProduct(ctx, api.PsaConnectwise, lost); !client.IsConflict(err) {
		t.Fatalf("asking for the lost product again: %v, want a conflict (identifier taken), not the lost product", err)
	}
	keys = map[string]bool{}
	for _, h := range f.headers.matching(route) {
		keys[h.Get("Idempotency-Key")] = true
	}
	if len(keys) != 3 {
		t.Errorf("Idempotency-Keys of three calls: %v, want one per call", keys)
	}
}
