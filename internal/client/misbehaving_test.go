package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
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

// seen records every request a server receives, body included.
type seen struct {
	mu   sync.Mutex
	reqs []string
}

func (s *seen) record(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", r.Method, r.URL.String())
	for k, vs := range r.Header {
		fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(vs, ", "))
	}
	b.Write(body)
	s.mu.Lock()
	s.reqs = append(s.reqs, b.String())
	s.mu.Unlock()
}

func (s *seen) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.reqs...)
}

// elsewhereServer is the host redirects point at: a complete fake of Sophos that would
// hand out its own token, records everything it is sent, and must receive nothing.
func elsewhereServer(t *testing.T) (*httptest.Server, *seen) {
	t.Helper()
	log := &seen{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.record(r)
		switch {
		case strings.HasSuffix(r.URL.Path, tokenPath):
			writeJSON(w, http.StatusOK, map[string]any{"access_token": foreignToken, "token_type": "bearer", "expires_in": 3600})
		case strings.HasSuffix(r.URL.Path, "/whoami/v1"):
			writeJSON(w, http.StatusOK, map[string]any{"id": testPartnerID, "idType": "partner", "apiHosts": map[string]any{"global": "https://api.central.sophos.com"}})
		default:
			writeJSON(w, http.StatusOK, tenantPage(validTenant("elsewhere")))
		}
	}))
	t.Cleanup(srv.Close)
	return srv, log
}

// TestRedirectsAreNeverFollowed: a redirect of the token request, of whoami or of an API
// call is an error naming the setting and the target host, and the target receives
// nothing: not the client secret, not a bearer token, no request at all.
func TestRedirectsAreNeverFollowed(t *testing.T) {
	t.Parallel()
	codes := []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect}
	for _, where := range []string{"token", "whoami", "api"} {
		for _, code := range codes {
			t.Run(fmt.Sprintf("%s/%d", where, code), func(t *testing.T) {
				t.Parallel()
				elsewhere, got := elsewhereServer(t)
				var apiSaw seen
				redirect := func(w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, elsewhere.URL+r.URL.RequestURI(), code) //nolint:gosec // the open redirect is the point of the test
				}
				token := http.HandlerFunc(goodToken)
				if where == "token" {
					token = redirect
				}
				srv := newMisbehaving(t, token, func(w http.ResponseWriter, r *http.Request) {
					apiSaw.record(r)
					switch {
					case where == "whoami" && r.URL.Path == "/whoami/v1", where == "api" && r.URL.Path == "/partner/v1/tenants":
						redirect(w, r)
					case r.URL.Path == "/whoami/v1":
						writeJSON(w, http.StatusOK, map[string]any{"id": testPartnerID, "idType": "partner", "apiHosts": map[string]any{"global": "x"}})
					default:
						writeJSON(w, http.StatusOK, tenantPage(validTenant("here")))
					}
				})
				c, _ := misbehavingClient(t, srv, func(cfg *client.Config) {
					cfg.MaxRetries = 2
					if where == "whoami" {
						cfg.PartnerID = ""
					}
				})
				_, err := c.ListTenants(context.Background())
				setting := "api_url"
				if where == "token" {
					setting = "auth_url"
				}
				if err == nil {
					// Go on: what the redirect target received is the worse failure.
					t.Error("the redirected call succeeded")
				} else {
					for _, want := range []string{fmt.Sprintf("HTTP %d redirect to %s", code, elsewhere.URL), setting} {
						if !strings.Contains(err.Error(), want) {
							t.Errorf("error %q does not contain %q", err, want)
						}
					}
					if strings.Contains(err.Error(), testSecret) {
						t.Errorf("error %q contains the secret", err)
					}
				}
				for _, r := range got.all() {
					if strings.Contains(r, testSecret) {
						t.Errorf("the redirect target received the client secret:\n%s", r)
					}
					if strings.Contains(r, "Bearer") {
						t.Errorf("the redirect target received a bearer token:\n%s", r)
					}
				}
				if n := len(got.all()); n != 0 {
					t.Errorf("the redirect target received %d requests, want none", n)
				}
				for _, r := range apiSaw.all() {
					if strings.Contains(r, foreignToken) {
						t.Errorf("the API received the token of the redirect target:\n%s", r)
					}
					if strings.Contains(r, testSecret) {
						t.Errorf("the API host received the client secret:\n%s", r)
					}
				}
			})
		}
	}
}

// trickle sends the status and headers, then one byte of body every 50 ms until the
// client gives up.
func trickle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Request-Id", "req-trickle")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	_ = rc.Flush()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
			if _, err := io.WriteString(w, " "); err != nil {
				return
			}
			_ = rc.Flush()
		}
	}
}

func answer(status int, contentType, body string, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		writeRaw(w, status, contentType, body)
	}
}

const (
	htmlPage   = "<!DOCTYPE html><html><head><title>Sign in - Corporate Web Proxy</title></head><body><form>...</form></body></html>"
	htmlOutage = "<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>Maintenance</h1></center></body></html>"
)

// TestMisbehavingServerGivesClearErrors runs each call against an answer that breaks the
// contract and checks that it fails with an error saying what was wrong, never with an
// empty or zero result.
func TestMisbehavingServerGivesClearErrors(t *testing.T) {
	t.Parallel()
	listTenants := func(ctx context.Context, c *client.Client) error {
		got, err := c.ListTenants(ctx)
		if err == nil {
			return fmt.Errorf("listed %d tenants without an error", len(got))
		}
		return err
	}
	getProduct := func(ctx context.Context, c *client.Client) error {
		got, _, err := c.GetPSAProduct(ctx, api.PsaConnectwise, 1)
		if err == nil {
			return fmt.Errorf("read product %+v without an error", got)
		}
		return err
	}
	partnerID := func(ctx context.Context, c *client.Client) error {
		got, err := c.PartnerID(ctx)
		if err == nil {
			return fmt.Errorf("found partner %q without an error", got)
		}
		return err
	}
	okList := func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, tenantPage()) }
	retryAt := fakeStart.Add(absurdWaitSecs * time.Second).Format(http.TimeFormat)

	tests := map[string]struct {
		token  http.HandlerFunc // nil: a good token endpoint
		api    http.HandlerFunc
		call   func(context.Context, *client.Client) error
		config func(*client.Config)
		want   []string
		reject []string
		// noWaits: the call must fail without waiting at all.
		noWaits bool
	}{
		"token 200 HTML page": {
			token: answer(http.StatusOK, "text/html; charset=utf-8", htmlPage, "X-Request-Id", "req-tok-html"),
			api:   okList, call: listTenants,
			want: []string{"POST /api/v2/oauth2/token", "HTML page", "Sign in - Corporate Web Proxy", "req-tok-html"},
		},
		"token 500 HTML page": {
			token: answer(http.StatusInternalServerError, "text/html", htmlOutage),
			api:   okList, call: listTenants,
			want:   []string{"HTTP 500", "127.0.0.1", "not a refused credential", "retry later", "503 Service Temporarily Unavailable"},
			reject: []string{"Check client_id and client_secret", "<body"},
		},
		"token 500 JSON": {
			token: answer(http.StatusInternalServerError, "application/json", `{"errorCode":"server_error","message":"database unavailable","trackingId":"trk-500"}`),
			api:   okList, call: listTenants,
			want:   []string{"HTTP 500", "server_error", "database unavailable", "trk-500", "127.0.0.1", "retry later"},
			reject: []string{"Check client_id and client_secret"},
		},
		"token 503 after retries": {
			token: answer(http.StatusServiceUnavailable, "application/json", `{"errorCode":"unavailable","message":"try later"}`),
			api:   okList, call: listTenants, config: func(c *client.Config) { c.MaxRetries = 2 },
			want:   []string{"HTTP 503", "retry later"},
			reject: []string{"Check client_id and client_secret"},
		},
		"token truncated JSON": {
			token: answer(http.StatusOK, "application/json", `{"access_token":"t","token_ty`, "X-Request-Id", "req-tok-trunc"),
			api:   okList, call: listTenants,
			want: []string{"POST /api/v2/oauth2/token", "truncated", "req-tok-trunc"},
		},
		"token {}": {
			token: answer(http.StatusOK, "application/json", `{}`),
			api:   okList, call: listTenants,
			want: []string{"POST /api/v2/oauth2/token", `required field "access_token" is missing`},
		},
		"token Retry-After absurd": {
			token: answer(http.StatusTooManyRequests, "application/json", `{"errorCode":"throttled","message":"slow down"}`, "Retry-After", fmt.Sprint(absurdWaitSecs)),
			api:   okList, call: listTenants, config: func(c *client.Config) { c.MaxRetries = 5 },
			want:    []string{"POST /api/v2/oauth2/token", "the API asked to wait " + absurdWait + " (Retry-After) which is beyond the request budget of 5s set by request_budget"},
			noWaits: true,
		},
		"token trickling body": {
			token: trickle, api: okList, call: listTenants,
			want: []string{"POST /api/v2/oauth2/token", "no answer within the request budget of 5s set by request_budget"},
		},
		"list 200 HTML page": {
			api:  answer(http.StatusOK, "text/html", htmlPage, "X-Request-Id", "req-html"),
			call: listTenants,
			want: []string{"GET /partner/v1/tenants", "HTML page", "Sign in - Corporate Web Proxy", "req-html"},
		},
		"list 503 HTML page": {
			api:    answer(http.StatusServiceUnavailable, "text/html", htmlOutage, "X-Request-Id", "req-503"),
			call:   listTenants,
			want:   []string{"GET /partner/v1/tenants", "HTTP 503", "HTML page", "503 Service Temporarily Unavailable", "req-503"},
			reject: []string{"<body", "<html"},
		},
		"list 500 HTML page": {
			api:    answer(http.StatusInternalServerError, "text/html", htmlOutage),
			call:   listTenants,
			want:   []string{"GET /partner/v1/tenants", "HTTP 500", "HTML page"},
			reject: []string{"<body", "<html"},
		},
		"list truncated JSON": {
			api:  answer(http.StatusOK, "application/json", `{"items":[{"id":"x","name":"Cust`, "X-Request-Id", "req-trunc"),
			call: listTenants,
			want: []string{"GET /partner/v1/tenants", "truncated", "req-trunc"},
		},
		"list {}": {
			api:  answer(http.StatusOK, "application/json", `{}`, "X-Request-Id", "req-empty"),
			call: listTenants,
			want: []string{"GET /partner/v1/tenants", `required field "items" is missing`, "req-empty"},
		},
		"list items null": {
			api:  answer(http.StatusOK, "application/json", `{"items":null,"pages":{"current":1,"size":100,"maxSize":100}}`),
			call: listTenants,
			want: []string{"GET /partner/v1/tenants", `required field "items" is null`},
		},
		"list items null without pages": {
			api:  answer(http.StatusOK, "application/json", `{"items":null}`),
			call: listTenants,
			want: []string{"GET /partner/v1/tenants", `"items" is null`},
		},
		"list without pages": {
			api:  answer(http.StatusOK, "application/json", `{"items":[]}`),
			call: listTenants,
			want: []string{`required field "pages" is missing`},
		},
		"list of empty objects": {
			api:  answer(http.StatusOK, "application/json", `{"items":[{}],"pages":{"current":1,"size":100,"maxSize":100}}`),
			call: listTenants,
			want: []string{`"items[0].`, "is missing"},
		},
		"list requestId in the body": {
			api:  answer(http.StatusOK, "application/json", `{"requestId":"body-req-7"}`),
			call: listTenants,
			want: []string{`required field "items" is missing`, "body-req-7"},
		},
		"list empty body": {
			api:  answer(http.StatusOK, "application/json", ``),
			call: listTenants,
			want: []string{"GET /partner/v1/tenants", "empty"},
		},
		"object {}": {
			api:  answer(http.StatusOK, "application/json", `{}`, "X-Request-Id", "req-obj"),
			call: getProduct,
			want: []string{"GET /partner/v1/psa/connectwise/products/1", "required field", "is missing", "req-obj"},
		},
		"object 200 HTML page": {
			api:  answer(http.StatusOK, "text/html", htmlPage),
			call: getProduct,
			want: []string{"GET /partner/v1/psa/connectwise/products/1", "HTML page"},
		},
		"object truncated JSON": {
			api:  answer(http.StatusOK, "application/json", `{"id":1,"identifier":"X`, "X-Request-Id", "req-obj-trunc"),
			call: getProduct,
			want: []string{"GET /partner/v1/psa/connectwise/products/1", "truncated", "req-obj-trunc"},
		},
		"whoami {}": {
			api:    answer(http.StatusOK, "application/json", `{}`),
			call:   partnerID,
			config: func(c *client.Config) { c.PartnerID = "" },
			want:   []string{"GET /whoami/v1", "required field", "is missing"},
			reject: []string{"not a partner"},
		},
		"Retry-After absurd": {
			api:    answer(http.StatusTooManyRequests, "application/json", `{"error":"TooManyRequests","message":"slow down","requestId":"req-429"}`, "Retry-After", fmt.Sprint(absurdWaitSecs)),
			call:   listTenants,
			config: func(c *client.Config) { c.MaxRetries = 5 },
			want: []string{"GET /partner/v1/tenants: the API asked to wait " + absurdWait + " (Retry-After) which is beyond the request budget of 5s set by request_budget",
				"HTTP 429", "req-429"},
			noWaits: true,
		},
		"Retry-After HTTP date": {
			api:     answer(http.StatusTooManyRequests, "application/json", `{"error":"TooManyRequests","message":"slow down"}`, "Retry-After", retryAt),
			call:    listTenants,
			config:  func(c *client.Config) { c.MaxRetries = 5 },
			want:    []string{"GET /partner/v1/tenants: the API asked to wait " + absurdWait + " (Retry-After) which is beyond the request budget of 5s"},
			noWaits: true,
		},
		"Retry-After absurd on a 503": {
			api:     answer(http.StatusServiceUnavailable, "application/json", `{"error":"ServiceUnavailable","message":"down"}`, "Retry-After", fmt.Sprint(absurdWaitSecs)),
			call:    listTenants,
			config:  func(c *client.Config) { c.MaxRetries = 5 },
			want:    []string{"the API asked to wait " + absurdWait + " (Retry-After) which is beyond the request budget of 5s"},
			noWaits: true,
		},
		"list trickling body": {
			api: trickle, call: listTenants, config: func(c *client.Config) { c.MaxRetries = 5 },
			want: []string{"GET /partner/v1/tenants", "no answer within the request budget of 5s set by request_budget"},
		},
		"object trickling body past the request timeout": {
			api: trickle, call: getProduct,
			config: func(c *client.Config) {
				c.MaxRetries, c.RequestTimeout, c.RequestBudget = 1, 2*time.Second, time.Minute
			},
			want: []string{"GET /partner/v1/psa/connectwise/products/1", "no complete answer within the request timeout of 2s", "after 2 attempts"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := newMisbehaving(t, tc.token, tc.api)
			mutate := []func(*client.Config){}
			if tc.config != nil {
				mutate = append(mutate, tc.config)
			}
			c, s := misbehavingClient(t, srv, mutate...)
			err := tc.call(context.Background(), c)
			if err == nil {
				t.Fatal("no error")
			}
			t.Logf("error: %v", err)
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error does not contain %q:\n%s", want, err)
				}
			}
			for _, reject := range append(tc.reject, testSecret) {
				if strings.Contains(err.Error(), reject) {
					t.Errorf("error contains %q:\n%s", reject, err)
				}
			}
			if waits := s.all(); tc.noWaits && len(waits) != 0 {
				t.Errorf("the client waited %v before failing, want no wait", waits)
			}
		})
	}
}

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

func TestRedirectTargetIsNamedEvenWhenRelative(t *testing.T) {
	t.Parallel()
	srv := misbehavingServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusTemporaryRedirect)
	})
	c, _ := misbehavingClient(t, srv)
	_, err := c.ListIntegrations(context.Background())
	u, _ := url.Parse(srv.URL)
	if err == nil || !strings.Contains(err.Error(), "HTTP 307 redirect to http://"+u.Host) || !strings.Contains(err.Error(), "api_url") {
		t.Fatalf("error = %v, want the 307 and its target reported", err)
	}
}
