package client_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

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
				setting := client.SettingAPIURL
				if where == "token" {
					setting = client.SettingAuthURL
				}
				if err == nil {
					// Go on: what the redirect target received is the worse failure.
					t.Error("the redirected call succeeded")
				} else {
					if !strings.Contains(err.Error(), fmt.Sprintf("HTTP %d redirect to %s", code, elsewhere.URL)) {
						t.Errorf("error %q does not name the redirect", err)
					}
					var re *client.RedirectError
					if !errors.As(err, &re) || re.Setting != setting {
						t.Errorf("error %v is not a RedirectError about %s", err, setting)
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

func TestRedirectTargetIsNamedEvenWhenRelative(t *testing.T) {
	t.Parallel()
	srv := misbehavingServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusTemporaryRedirect)
	})
	c, _ := misbehavingClient(t, srv)
	_, err := c.ListIntegrations(context.Background())
	u, _ := url.Parse(srv.URL)
	var re *client.RedirectError
	if err == nil || !strings.Contains(err.Error(), "HTTP 307 redirect to http://"+u.Host) || !errors.As(err, &re) || re.Setting != client.SettingAPIURL {
		t.Fatalf("error = %v, want the 307 and its target reported", err)
	}
}
