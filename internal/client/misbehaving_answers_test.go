package client_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

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
			want:    []string{"POST /api/v2/oauth2/token", "the API asked to wait " + absurdWait + " (Retry-After) which is beyond the request budget of 5s"},
			noWaits: true,
		},
		"token trickling body": {
			token: trickle, api: okList, call: listTenants,
			want: []string{"POST /api/v2/oauth2/token", "no answer within the request budget of 5s"},
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
			want: []string{"GET /partner/v1/tenants: the API asked to wait " + absurdWait + " (Retry-After) which is beyond the request budget of 5s",
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
			want: []string{"GET /partner/v1/tenants", "no answer within the request budget of 5s"},
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
