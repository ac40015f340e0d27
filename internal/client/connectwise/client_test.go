package connectwise

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
)

// TestDiscoveryAndAuthentication: the first call discovers the codebase with an
// unauthenticated login/companyinfo (no key, no clientId sent there), then every API call
// carries Basic company+public:private, the clientId and the Accept header pinning 2025.1,
// below https://{site}/{codebase}apis/3.0. Discovery happens once.
func TestDiscoveryAndAuthentication(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.catalog = catalogOf(3)
	c, _ := f.client(t)
	for range 2 {
		items, err := c.ListCatalogItems(context.Background(), ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 3 {
			t.Fatalf("%d items, want 3", len(items))
		}
	}
	reqs := f.seen()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want companyinfo once and two listings", len(reqs))
	}
	info := reqs[0]
	if info.URL.Path != "/login/companyinfo/acme" || info.Header.Get("Authorization") != "" || info.Header.Get(cw.ClientIDHeader) != "" {
		t.Errorf("discovery: %s with Authorization %q clientId %q; want /login/companyinfo/acme without credentials",
			info.URL.Path, info.Header.Get("Authorization"), info.Header.Get(cw.ClientIDHeader))
	}
	for _, r := range reqs[1:] {
		if r.URL.Path != "/v2025_1/apis/3.0/procurement/catalog" {
			t.Errorf("path %s, want below the discovered codebase", r.URL.Path)
		}
		user, pass, ok := r.BasicAuth()
		if !ok || user != "acme+publickey123" || pass != testPrivateKey {
			t.Errorf("Basic auth %q:%q, want company+public:private", user, pass)
		}
		if r.Header.Get(cw.ClientIDHeader) != testClientID || r.Header.Get("Accept") != "application/vnd.connectwise.com+json; version=2025.1" {
			t.Errorf("headers %v", r.Header)
		}
	}
}

// TestConfiguredCodebaseSkipsDiscovery: with Codebase set, no companyinfo call is made.
func TestConfiguredCodebaseSkipsDiscovery(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	c, _ := f.client(t, func(cfg *Config) { cfg.Codebase = testCodebase })
	if _, err := c.ListCatalogItems(context.Background(), ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if reqs := f.seen(); len(reqs) != 1 || strings.HasPrefix(reqs[0].URL.Path, "/login/") {
		t.Errorf("requests %d, first %s; want only the listing", len(reqs), reqs[0].URL.Path)
	}
}

// TestUnknownCompany: login/companyinfo answers null for a company the site does not know;
// the error names company_id and sends nothing else.
func TestUnknownCompany(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	c, _ := f.client(t, func(cfg *Config) { cfg.CompanyID = "nobody" })
	_, err := c.ListCatalogItems(context.Background(), ListOptions{})
	var unknown *UnknownCompanyError
	if !errors.As(err, &unknown) || !strings.Contains(err.Error(), "company_id") {
		t.Fatalf("err = %v, want an UnknownCompanyError naming company_id", err)
	}
	if n := len(f.seen()); n != 1 {
		t.Errorf("%d requests, want only the discovery", n)
	}
}

func TestConfigChecks(t *testing.T) {
	t.Parallel()
	good := Config{Site: "api-na.myconnectwise.net", CompanyID: "a", PublicKey: "b", PrivateKey: "c", ClientID: "d"}
	for name, tc := range map[string]struct {
		mod  func(*Config)
		want string
	}{
		"missing keys":     {func(c *Config) { c.PrivateKey, c.ClientID = "", "" }, "missing private_key, client_id"},
		"plain http":       {func(c *Config) { c.Site = "http://na.myconnectwise.net" }, "plain http"},
		"path":             {func(c *Config) { c.Site = "https://na.myconnectwise.net/v4_6_release/apis/3.0" }, "has a path"},
		"codebase":         {func(c *Config) { c.Codebase = "../x/" }, "not a path segment"},
		"codebase slashes": {func(c *Config) { c.Codebase = "v2025_1" }, "trailing slash"},
	} {
		cfg := good
		tc.mod(&cfg)
		if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", name, err, tc.want)
		}
	}
	if _, err := New(good); err != nil {
		t.Errorf("a good configuration: %v", err)
	}
	if err := checkCloudHost("na.myconnectwise.net", "v2025_1/"); err == nil || !strings.Contains(err.Error(), "api-na.myconnectwise.net") {
		t.Errorf("a cloud host without api- and a versioned codebase: %v", err)
	}
	for host, cb := range map[string]string{"api-na.myconnectwise.net": "v2025_1/", "na.myconnectwise.net": cw.DefaultCodebase, "cw.example.com": "v2025_1/"} {
		if err := checkCloudHost(host, cb); err != nil {
			t.Errorf("checkCloudHost(%s, %s): %v", host, cb, err)
		}
	}
}

// TestBadCredentials: a wrong private key or a missing clientId is an AuthError that names
// the settings to check; no retry.
func TestBadCredentials(t *testing.T) {
	t.Parallel()
	for name, mod := range map[string]func(*Config){
		"private key": func(c *Config) { c.PrivateKey = "wrong" },
		"client id":   func(c *Config) { c.ClientID = "wrong" },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			c, _ := f.client(t, mod)
			_, err := c.GetCatalogItem(context.Background(), 1)
			if !IsAuth(err) {
				t.Fatalf("err = %v, want an AuthError", err)
			}
			for _, want := range []string{"HTTP 401", "private_key", "client_id", "API Members"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the error does not say %q: %v", want, err)
				}
			}
			if n := len(f.seen()); n != 2 {
				t.Errorf("%d requests, want discovery and one refused call", n)
			}
		})
	}
}

// TestForbiddenNamesTheSecurityRole: a 403 says the API member's security role lacks the
// module.
func TestForbiddenNamesTheSecurityRole(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.handlers["GET /finance/agreements"] = func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 403, cw.ErrorResponse{Code: "Forbidden", Message: "You do not have access to Agreements."})
	}
	c, _ := f.client(t)
	_, err := c.ListAgreements(context.Background(), ListOptions{})
	if !IsAuth(err) || !strings.Contains(err.Error(), "security role") || !strings.Contains(err.Error(), "Finance (Agreements)") {
		t.Fatalf("err = %v, want the security role and module named", err)
	}
}

func TestBasicAuthValue(t *testing.T) {
	t.Parallel()
	c, err := New(Config{Site: "api-eu.myconnectwise.net", CompanyID: "acme", PublicKey: "pub", PrivateKey: "priv", ClientID: "id"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Basic " + base64.StdEncoding.EncodeToString([]byte("acme+pub:priv")); c.auth != want {
		t.Errorf("auth %q, want %q", c.auth, want)
	}
}
