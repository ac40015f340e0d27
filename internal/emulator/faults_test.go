package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// noRetryClient never reuses connections, so Go's transport cannot retry a request
// transparently after a dropped connection.
func noRetryClient() *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
}

func productCount(t *testing.T, en *env, identifier string) int {
	t.Helper()
	var l api.PsaProductList
	en.get(cwProducts+"?includeInactive=true&identifier="+identifier, &l)
	return len(l.Items)
}

func TestInjectedStatusFaults(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	tests := []struct {
		kind   FaultKind
		status int
		code   string
	}{
		{Fault429, http.StatusTooManyRequests, "TooManyRequests"},
		{Fault500, http.StatusInternalServerError, "InternalServerError"},
		{Fault502, http.StatusBadGateway, "BadGateway"},
		{Fault503, http.StatusServiceUnavailable, "ServiceUnavailable"},
		{Fault504, http.StatusGatewayTimeout, "GatewayTimeout"},
	}
	for _, tc := range tests {
		t.Run(string(tc.kind), func(t *testing.T) {
			en := en.with(t)
			en.e.InjectNext(InjectedFault{Kind: tc.kind, Method: "get", PathPrefix: "/partner/v1/tenants", Count: 2, RetryAfter: 7})
			// Other routes and methods are not affected.
			en.get("/partner/v1/psa/integrations", nil)
			for range 2 {
				r := en.expectError(tc.status, tc.code, req{path: "/partner/v1/tenants"})
				_ = r
			}
			r := en.call(req{path: "/partner/v1/tenants"})
			if r.status != http.StatusOK {
				t.Fatalf("third request: %d", r.status)
			}
		})
	}
	en.e.InjectNext(InjectedFault{Kind: Fault429, RetryAfter: 7})
	r := en.call(req{path: "/whoami/v1"})
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") != "7" {
		t.Fatalf("429: %d Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	if len(en.e.Injected()) != 0 {
		t.Fatalf("queue not drained: %+v", en.e.Injected())
	}
}

func TestResetFaults(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	client := noRetryClient()
	body := withField(validProduct(), "identifier", "RESET-BEFORE")

	// reset: dropped before handling, nothing written.
	en.e.InjectNext(InjectedFault{Kind: FaultReset, Method: http.MethodPost, PathPrefix: cwProducts})
	if _, err := en.try(client, req{method: http.MethodPost, path: cwProducts, body: body}); err == nil {
		t.Fatal("reset: the client got a response")
	}
	if n := productCount(t, en, "RESET-BEFORE"); n != 0 {
		t.Fatalf("reset: the product was created (%d)", n)
	}

	// reset-after-commit: the write is visible afterwards, but the client got a connection error.
	body = withField(validProduct(), "identifier", "RESET-AFTER")
	en.e.InjectNext(InjectedFault{Kind: FaultResetAfterCommit, Method: http.MethodPost, PathPrefix: cwProducts})
	if _, err := en.try(client, req{method: http.MethodPost, path: cwProducts, body: body}); err == nil {
		t.Fatal("reset-after-commit: the client got a response")
	}
	if n := productCount(t, en, "RESET-AFTER"); n != 1 {
		t.Fatalf("reset-after-commit: %d products, want the committed one", n)
	}

	// With an Idempotency-Key the retry gets the first response back instead of a conflict.
	body = withField(validProduct(), "identifier", "RESET-IDEMPOTENT")
	headers := map[string]string{"Idempotency-Key": "create-reset-idempotent"}
	en.e.InjectNext(InjectedFault{Kind: FaultResetAfterCommit, Method: http.MethodPost, PathPrefix: cwProducts})
	if _, err := en.try(client, req{method: http.MethodPost, path: cwProducts, body: body, headers: headers}); err == nil {
		t.Fatal("reset-after-commit with key: the client got a response")
	}
	r := en.expect(http.StatusCreated, req{method: http.MethodPost, path: cwProducts, body: body, headers: headers})
	if r.header.Get("Idempotent-Replayed") != "true" || r.header.Get("ETag") != `"1"` {
		t.Fatalf("retry was not a replay: %v", r.header)
	}
	if n := productCount(t, en, "RESET-IDEMPOTENT"); n != 1 {
		t.Fatalf("%d products after the retry, want 1", n)
	}

	// stall-after-commit: the write is made, and nothing is answered until the client gives up.
	en.e.InjectNext(InjectedFault{Kind: FaultStallAfterCommit, Method: http.MethodPost, PathPrefix: cwProducts})
	b, _ := json.Marshal(withField(validProduct(), "identifier", "STALLED"))
	ctx, cancel := context.WithCancel(context.Background())
	hr, _ := http.NewRequestWithContext(ctx, http.MethodPost, en.e.URL()+cwProducts, bytes.NewReader(b))
	hr.Header.Set("Authorization", "Bearer "+en.token)
	hr.Header.Set("X-Partner-ID", en.partner)
	hr.Header.Set("Content-Type", "application/json")
	answered := make(chan error, 1)
	go func() {
		r, err := client.Do(hr)
		if err == nil {
			_ = r.Body.Close()
		}
		answered <- err
	}()
	for deadline := time.Now().Add(time.Minute); productCount(t, en, "STALLED") != 1; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("stall-after-commit: the product was not created")
		}
	}
	select {
	case err := <-answered:
		t.Fatalf("stall-after-commit: answered (%v) while the client still waited", err)
	default:
	}
	cancel() // the client gives up
	if err := <-answered; err == nil {
		t.Fatal("stall-after-commit: the client got a response")
	}
}

func TestProbabilisticFaults(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.e.SetFaults(Faults{Rate5xx: 1})
	en.expectError(http.StatusServiceUnavailable, "ServiceUnavailable", req{path: "/whoami/v1"})
	// The token endpoint (another host in Sophos Central) is not affected.
	en.getToken("emulator-client", "emulator-secret")

	en.e.SetFaults(Faults{Rate429: 1, RetryAfter: 3})
	r := en.expect(http.StatusTooManyRequests, req{path: "/whoami/v1"})
	if r.header.Get("Retry-After") != "3" {
		t.Fatalf("Retry-After = %q", r.header.Get("Retry-After"))
	}

	// rateReset drops writes after commit; reads are untouched.
	en.e.SetFaults(Faults{RateReset: 1})
	en.get("/whoami/v1", nil)
	if _, err := en.try(noRetryClient(), req{method: http.MethodPut, path: "/partner/v1/psa/connectwise/product-mappings/Sophos_ZTNA", body: `{"psaProductId": 102}`}); err == nil {
		t.Fatal("write with rateReset 1 got a response")
	}
	en.e.SetFaults(Faults{})
	var m api.ProductMapping
	en.get("/partner/v1/psa/connectwise/product-mappings/Sophos_ZTNA", &m)
	if !m.Mapped {
		t.Fatal("the dropped write was not committed")
	}

	// Rates in between are repeatable for a given RandSeed.
	outcomes := func() string {
		e := StartForTest(t, Options{RandSeed: 42, Faults: Faults{Rate5xx: 0.5}})
		en2 := &env{t: t, e: e, http: en.http, partner: primaryPartner}
		en2.token = en2.getToken("emulator-client", "emulator-secret")
		var b strings.Builder
		for range 20 {
			if en2.call(req{path: "/whoami/v1"}).status == http.StatusOK {
				b.WriteByte('.')
			} else {
				b.WriteByte('x')
			}
		}
		return b.String()
	}
	first, second := outcomes(), outcomes()
	if first != second || !strings.Contains(first, ".") || !strings.Contains(first, "x") {
		t.Fatalf("outcomes %s and %s", first, second)
	}
}

// latencyRecorder stands in for the latency sleep: it records what it was asked to wait.
type latencyRecorder struct {
	mu     sync.Mutex
	waited []time.Duration
}

func (l *latencyRecorder) sleep(_ context.Context, d time.Duration) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waited = append(l.waited, d)
	return true
}

func (l *latencyRecorder) take() []time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.waited
	l.waited = nil
	return out
}

func TestLatency(t *testing.T) {
	t.Parallel()
	rec := &latencyRecorder{}
	en := newEnv(t, func(o *Options) { o.Faults.Latency = 150 * time.Millisecond; o.sleep = rec.sleep })
	rec.take() // the token request
	en.get("/whoami/v1", nil)
	en.expect(http.StatusUnauthorized, req{path: "/partner/v1/tenants", token: strp("")})
	if got := rec.take(); len(got) != 2 || got[0] != 150*time.Millisecond || got[1] != 150*time.Millisecond {
		t.Fatalf("latency waits = %v, want 150ms for each API request", got)
	}
	// The admin API is not delayed; changing the latency takes effect at once.
	en.expect(http.StatusOK, req{path: "/_emulator/healthz"})
	en.e.SetFaults(Faults{Latency: 20 * time.Millisecond})
	en.get("/whoami/v1", nil)
	en.e.SetFaults(Faults{})
	en.get("/whoami/v1", nil)
	if got := rec.take(); len(got) != 1 || got[0] != 20*time.Millisecond {
		t.Fatalf("latency waits = %v, want one of 20ms", got)
	}
	if en.e.Faults().TokenLifetime != time.Hour || en.e.Faults().RetryAfter != 1 {
		t.Fatalf("defaults not applied: %+v", en.e.Faults())
	}
}

// TestLatencyGivesUpWithTheClient: a request whose client has gone away during the latency
// is not handled (the real sleep returns at once for a cancelled context).
func TestLatencyGivesUpWithTheClient(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.e.SetFaults(Faults{Latency: time.Hour})
	body, err := json.Marshal(withField(validProduct(), "identifier", "NEVER-HANDLED"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequestWithContext(ctx, http.MethodPost, cwProducts, bytes.NewReader(body))
	r.Header.Set("Authorization", "Bearer "+en.token)
	r.Header.Set("X-Partner-ID", en.partner)
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	en.e.Handler().ServeHTTP(w, r)
	if w.Body.Len() != 0 {
		t.Fatalf("an abandoned request was answered: %d %s", w.Code, w.Body)
	}
	en.e.SetFaults(Faults{})
	if n := productCount(t, en, "NEVER-HANDLED"); n != 0 {
		t.Fatalf("the abandoned request was handled (%d products)", n)
	}
}

func TestAdminFaultsHTTP(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	r := en.expect(http.StatusOK, req{method: http.MethodPut, path: "/_emulator/faults", body: `{"latency": "10ms", "rate429": 0.25, "tokenLifetime": "90s", "rateLimit": 5}`})
	var state struct {
		Faults struct {
			Latency string `json:"latency"`
		} `json:"faults"`
		Injected []struct {
			Count int `json:"count"`
		} `json:"injected"`
	}
	mustUnmarshal(t, r.body, &state)
	f := en.e.Faults()
	if f.Latency != 10*time.Millisecond || f.Rate429 != 0.25 || f.TokenLifetime != 90*time.Second || f.RateLimit != 5 || f.RetryAfter != 1 || state.Faults.Latency != "10ms" {
		t.Fatalf("faults = %+v, body %s", f, r.body)
	}
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPut, path: "/_emulator/faults", body: `{"rate5xx": 2}`}, "rate5xx")
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPut, path: "/_emulator/faults", body: `{"latency": "soon"}`}, "latency")
	r = en.expect(http.StatusCreated, req{method: http.MethodPost, path: "/_emulator/faults/inject", body: `{"kind": "503", "pathPrefix": "/partner/", "count": 2}`})
	mustUnmarshal(t, r.body, &state)
	if len(state.Injected) != 1 || state.Injected[0].Count != 2 {
		t.Fatalf("injected = %s", r.body)
	}
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPost, path: "/_emulator/faults/inject", body: `{"kind": "418"}`}, "418")
	en.expect(http.StatusOK, req{method: http.MethodDelete, path: "/_emulator/faults"})
	if en.e.Faults() != (Faults{}.WithDefaults()) || len(en.e.Injected()) != 0 {
		t.Fatalf("faults not cleared: %+v %+v", en.e.Faults(), en.e.Injected())
	}
	r = en.expect(http.StatusOK, req{path: "/_emulator/healthz", token: strp("")})
	var health map[string]string
	if err := json.Unmarshal(r.body, &health); err != nil || health["status"] != "ok" {
		t.Fatalf("healthz = %s", r.body)
	}
	en.expectError(http.StatusNotFound, "NotFound", req{path: "/_emulator/nothing"}, "README")
}
