package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/sophoscentral"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/usagesync"
)

// tokenPath is the token endpoint (a route, not a credential).
const tokenPath = sophoscentral.TokenPath

func ptr[T any](v T) *T { return &v }

// Fixed ids of the default seed.
const (
	primaryPartner = "b71c074a-9d89-4b99-b0ef-cce79ab55989"
	foreignPartner = "4ea407cd-d1a5-4af4-9ca0-f228299c15f8"
	alpineDental   = "29946c86-596b-4918-b186-dbe32c6a986b" // usage
	bayside        = "36513d00-f27e-43c4-a087-e44bf30c6700" // usage
	cedarRidge     = "b193824d-1a22-4a84-b075-ca0459d1606f" // usage
	greenfield     = "9fec0185-9c96-4afa-a85a-88f670b3f6eb" // term
	lakeview       = "7c62543e-dd0a-4b1b-9e5a-e262232ca62b" // usage
	northgate      = "5e039591-cb2c-45c1-b55e-bf2e1ae375c1" // usage
	quartz         = "7bd35819-08bf-4c14-8f3f-5a6f99530681" // trial
	riverside      = "dc51d951-7dfa-4192-a322-73fd76d40d5e" // usage
	fabrikam       = "61940b7b-c8a4-4428-a9b0-8b6477c8d708" // foreign partner
)

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a running emulator with an authenticated client of the primary partner.
type env struct {
	t       *testing.T
	e       *Emulator
	http    *http.Client
	token   string
	partner string
}

func newEnv(t *testing.T, opts ...func(*Options)) *env {
	t.Helper()
	o := Options{}
	for _, f := range opts {
		f(&o)
	}
	e := StartForTest(t, o)
	en := &env{t: t, e: e, http: &http.Client{Timeout: 10 * time.Second}, partner: e.Credentials().PartnerID}
	en.token = en.getToken("emulator-client", "emulator-secret")
	return en
}

// with returns a copy of the env that reports to t (for subtests).
func (en *env) with(t *testing.T) *env {
	c := *en
	c.t = t
	return &c
}

// getToken fetches an access token or fails the test.
func (en *env) getToken(clientID, secret string) string {
	en.t.Helper()
	status, body := en.tokenRequest(url.Values{
		"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {secret}, "scope": {"token"},
	})
	if status != http.StatusOK {
		en.t.Fatalf("token: %d %s", status, body)
	}
	var tok api.TokenResponse
	mustUnmarshal(en.t, body, &tok)
	return tok.AccessToken
}

func (en *env) tokenRequest(form url.Values) (int, []byte) {
	en.t.Helper()
	resp, err := en.http.Post(en.e.URL()+tokenPath, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		en.t.Fatalf("token request: %v", err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// req describes one API call; zero values mean "the primary partner's defaults".
type req struct {
	method, path string
	body         any
	token        *string // nil = the env's token; "" = no Authorization header
	partner      *string // nil = the env's partner; "" = no X-Partner-ID header
	headers      map[string]string
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (en *env) call(rq req) resp {
	en.t.Helper()
	r, err := en.try(en.http, rq)
	if err != nil {
		en.t.Fatalf("%s %s: %v", rq.method, rq.path, err)
	}
	return r
}

func (en *env) try(client *http.Client, rq req) (resp, error) {
	var body io.Reader
	if rq.body != nil {
		if s, ok := rq.body.(string); ok {
			body = strings.NewReader(s)
		} else {
			b, err := json.Marshal(rq.body)
			if err != nil {
				return resp{}, err
			}
			body = bytes.NewReader(b)
		}
	}
	method := rq.method
	if method == "" {
		method = http.MethodGet
	}
	hr, err := http.NewRequestWithContext(context.Background(), method, en.e.URL()+rq.path, body)
	if err != nil {
		return resp{}, err
	}
	tok := en.token
	if rq.token != nil {
		tok = *rq.token
	}
	if tok != "" {
		hr.Header.Set("Authorization", "Bearer "+tok)
	}
	partner := en.partner
	if rq.partner != nil {
		partner = *rq.partner
	}
	if partner != "" {
		hr.Header.Set("X-Partner-ID", partner)
	}
	if body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	for k, v := range rq.headers {
		if k == "Host" {
			hr.Host = v
			continue
		}
		hr.Header.Set(k, v)
	}
	hresp, err := client.Do(hr)
	if err != nil {
		return resp{}, err
	}
	defer func() { _ = hresp.Body.Close() }()
	b, err := io.ReadAll(hresp.Body)
	return resp{status: hresp.StatusCode, header: hresp.Header, body: b}, err
}

// get calls GET path, expects 200 and decodes into v.
func (en *env) get(path string, v any) resp {
	en.t.Helper()
	r := en.call(req{path: path})
	if r.status != http.StatusOK {
		en.t.Fatalf("GET %s: %d %s", path, r.status, r.body)
	}
	if v != nil {
		mustUnmarshal(en.t, r.body, v)
	}
	return r
}

// expect asserts a status and returns the response.
func (en *env) expect(status int, rq req) resp {
	en.t.Helper()
	r := en.call(rq)
	if r.status != status {
		en.t.Fatalf("%s %s: status %d, want %d: %s", rq.method, rq.path, r.status, status, r.body)
	}
	return r
}

// apiError decodes an Error body and checks its envelope.
func apiError(t *testing.T, r resp) api.Error {
	t.Helper()
	var e api.Error
	mustUnmarshal(t, r.body, &e)
	if e.Error == "" || e.Message == "" || e.RequestId == "" || e.CorrelationId == "" || e.CreatedAt.IsZero() {
		t.Fatalf("incomplete error body: %s", r.body)
	}
	if r.header.Get("X-Request-Id") != e.RequestId {
		t.Fatalf("X-Request-Id %q differs from requestId %q", r.header.Get("X-Request-Id"), e.RequestId)
	}
	return e
}

// expectError asserts a status, error code and message fragments.
func (en *env) expectError(status int, code string, rq req, fragments ...string) api.Error {
	en.t.Helper()
	r := en.expect(status, rq)
	e := apiError(en.t, r)
	if e.Error != code {
		en.t.Fatalf("%s %s: error code %q, want %q: %s", rq.method, rq.path, e.Error, code, r.body)
	}
	for _, f := range fragments {
		if !strings.Contains(e.Message, f) {
			en.t.Fatalf("%s %s: message %q does not contain %q", rq.method, rq.path, e.Message, f)
		}
	}
	return e
}

func mustUnmarshal(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
}

func strp(s string) *string { return &s }

// syncUsage runs a usage-sync pass of the primary partner's PSA and returns its
// per-customer results, or fails the test.
func syncUsage(t *testing.T, adm *Admin, psa api.Psa) []SyncResult {
	t.Helper()
	run, err := adm.SyncUsage(psa)
	if err != nil {
		t.Fatal(err)
	}
	return usagesync.Results(run)
}
