package psahttp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// TestRedirectsAreNeverFollowed: whatever the redirect status, the target host receives
// nothing (no request, no credential) and the error names it.
func TestRedirectsAreNeverFollowed(t *testing.T) {
	t.Parallel()
	elsewhere := newServer(t, status(200))
	for _, code := range []int{301, 302, 303, 307, 308} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, elsewhere.URL+r.URL.RequestURI(), code) //nolint:gosec // the open redirect is the point of the test
			})
			c, _ := testClient(t, Config{})
			req := get(t, srv, "/x")
			req.Header = http.Header{"Authorization": {"Basic c2VjcmV0"}}
			_, err := c.Do(context.Background(), req)
			var re *RedirectError
			if !errors.As(err, &re) || re.Status != code || re.Target != elsewhere.URL {
				t.Fatalf("err = %v, want a RedirectError to %s", err, elsewhere.URL)
			}
			if !strings.Contains(err.Error(), "never followed") {
				t.Errorf("the error does not say redirects are not followed: %v", err)
			}
		})
	}
	if elsewhere.count() != 0 {
		t.Errorf("the redirect target received %d requests", elsewhere.count())
	}
}

// TestCredentialsNeverReachTheLog: every credential header is masked, and configured
// secrets are masked wherever they appear (URL, request body, answer body and headers),
// in the client's own lines and through terraform-plugin-log.
func TestCredentialsNeverReachTheLog(t *testing.T) {
	t.Parallel()
	secrets := map[string]string{
		"Authorization":      "Basic Y29tcGFueStwdWJsaWM6cHJpdmF0ZS1rZXk=",
		"clientId":           "1f7c3a52-client-id-guid",
		"ApiIntegrationCode": "INTEGRATIONCODE27CHARSXXXXX",
		"Secret":             "autotask-secret-value",
	}
	privateKey := "private-key-value"
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Set-Cookie", "session="+secrets["Secret"])
		w.Header().Set("X-Echo", privateKey)
		fmt.Fprintf(w, `{"echo":%q}`, secrets["Secret"]+" "+privateKey)
	})
	var tf bytes.Buffer
	for _, logger := range []Logger{&logs{}, TFLog{}} {
		cfg := Config{Secrets: []string{privateKey, secrets["Secret"], secrets["clientId"], secrets["ApiIntegrationCode"]}}
		if _, ok := logger.(TFLog); ok {
			cfg.Logger = TFLog{}
		} else {
			cfg.Logger = logger
		}
		c, _ := testClient(t, cfg)
		req := get(t, srv, "/x?key="+url.QueryEscape(privateKey+"/+"))
		req.Method, req.Body = http.MethodPost, []byte(`{"secret":"`+secrets["Secret"]+`"}`)
		req.Header = http.Header{}
		for k, v := range secrets {
			req.Header.Set(k, v)
		}
		req.Header.Set("UserName", "api-user@example.com")
		ctx := tflogtest.RootLogger(context.Background(), &tf)
		if _, err := c.Do(ctx, req); err != nil {
			t.Fatal(err)
		}
		text := tf.String()
		if l, ok := logger.(*logs); ok {
			text = l.String()
		}
		for _, want := range []string{"Test API request", "Test API exchange", "/x", "Username: api-user@example.com", masked} {
			if !strings.Contains(text, want) {
				t.Errorf("%T: the log lacks %q, so the test would prove nothing:\n%s", logger, want, text)
			}
		}
		for name, v := range secrets {
			if strings.Contains(text, v) {
				t.Errorf("%T: the log shows the %s", logger, name)
			}
		}
		if strings.Contains(text, privateKey) || strings.Contains(text, url.QueryEscape(privateKey+"/+")) {
			t.Errorf("%T: the log shows the private key", logger)
		}
	}
}

// TestEndpointLimit: with PerEndpoint 3, ten concurrent requests to one endpoint run three
// at a time (seven queue), while another endpoint is not held up.
func TestEndpointLimit(t *testing.T) {
	t.Parallel()
	var (
		mu             sync.Mutex
		inFlight, most int
		release        = make(chan struct{})
		releaseOnce    sync.Once
	)
	srv := newServer(t, func(_ http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/other" {
			return
		}
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		<-release
		mu.Lock()
		inFlight--
		mu.Unlock()
	})
	t.Cleanup(func() { releaseOnce.Do(func() { close(release) }) })
	c, _ := testClient(t, Config{PerEndpoint: 3})
	errs := make(chan error, 10)
	for range 10 {
		go func() {
			_, err := c.Do(context.Background(), get(t, srv, "/busy"))
			errs <- err
		}()
	}
	eventually(t, "three requests in flight and seven queued", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return inFlight == 3 && c.Queued("things") == 7
	})
	other := get(t, srv, "/other")
	other.Endpoint = "other"
	if _, err := c.Do(context.Background(), other); err != nil {
		t.Fatalf("another endpoint was held up: %v", err)
	}
	releaseOnce.Do(func() { close(release) })
	for range 10 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if most != 3 {
		t.Errorf("at most %d requests ran at once, want 3", most)
	}
}

// TestBudgetCutsOffAHangingRequest: a request still under way when the budget runs out
// fails with a BudgetError.
func TestBudgetCutsOffAHangingRequest(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	c, _ := testClient(t, Config{Options: Options{RequestBudget: 50 * time.Millisecond}})
	_, err := c.Do(context.Background(), get(t, srv, "/x"))
	var be *BudgetError
	if !errors.As(err, &be) || be.Wait != 0 || be.Method != http.MethodGet {
		t.Fatalf("err = %v, want a BudgetError of the GET", err)
	}
}

func TestParseURL(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{
		"api-na.myconnectwise.net":                          "https://api-na.myconnectwise.net",
		"https://api-eu.myconnectwise.net/":                 "https://api-eu.myconnectwise.net/",
		"https://webservices5.autotask.net/ATServicesRest/": "https://webservices5.autotask.net/ATServicesRest/",
		"http://127.0.0.1:8787":                             "http://127.0.0.1:8787",
		"http://localhost:1/atservicesrest/":                "http://localhost:1/atservicesrest/",
	} {
		u, err := ParseURL(raw)
		if err != nil || u.String() != want {
			t.Errorf("ParseURL(%q) = %v, %v; want %s", raw, u, err, want)
		}
	}
	for raw, why := range map[string]string{
		"":                                "empty",
		"http://api-na.myconnectwise.net": "plain http",
		"ftp://example.com":               "not a host name or an https URL",
		"https://user:pw@example.com":     "user information",
		"https://example.com/?x=1":        "query",
		"https://example.com/#f":          "fragment",
	} {
		if _, err := ParseURL(raw); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("ParseURL(%q) = %v, want an error about %s", raw, err, why)
		}
	}
}

func TestJoinURLAndSameOrigin(t *testing.T) {
	t.Parallel()
	base, _ := url.Parse("https://h.example/v2025_1/apis/3.0")
	got := JoinURL(base, "/procurement/catalog", url.Values{"conditions": {`identifier="a b"`}})
	if want := "https://h.example/v2025_1/apis/3.0/procurement/catalog?conditions=identifier%3D%22a+b%22"; got.String() != want {
		t.Errorf("JoinURL = %s, want %s", got, want)
	}
	zone, _ := url.Parse("https://webservices5.autotask.net/ATServicesRest/")
	if got := JoinURL(zone, "V1.0/Companies/query", nil).String(); got != "https://webservices5.autotask.net/ATServicesRest/V1.0/Companies/query" {
		t.Errorf("JoinURL = %s", got)
	}
	for raw, want := range map[string]bool{
		"https://H.EXAMPLE/other?x": true, "http://h.example/": false, "https://h.example:8443/": false, "https://evil.example/": false,
	} {
		u, _ := url.Parse(raw)
		if SameOrigin(base, u) != want {
			t.Errorf("SameOrigin(%s) = %v, want %v", raw, !want, want)
		}
	}
}
