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
	for _, tc := range []struct {
		cfg     client.Config
		setting client.Setting
	}{
		{client.Config{ClientSecret: "s"}, client.SettingClientID},
		{client.Config{ClientID: "c"}, client.SettingClientSecret},
		{client.Config{ClientID: "c", ClientSecret: "s", AuthURL: "ftp://x"}, client.SettingAuthURL},
		{client.Config{ClientID: "c", ClientSecret: "s", APIURL: "https://x/path"}, client.SettingAPIURL},
	} {
		_, err := client.New(tc.cfg)
		var ce *client.ConfigError
		if !errors.As(err, &ce) || ce.Setting != tc.setting || ce.IsRequired() != (tc.setting == client.SettingClientID || tc.setting == client.SettingClientSecret) {
			t.Errorf("New(%+v) = %v, want a ConfigError about %s", tc.cfg, err, tc.setting)
		}
	}
}

func ptr[T any](v T) *T { return &v }

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
