package emulator

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

func TestTokenEndpointErrors(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	good := url.Values{"grant_type": {"client_credentials"}, "client_id": {"emulator-client"}, "client_secret": {"emulator-secret"}, "scope": {"token"}}
	with := func(k, v string) url.Values {
		out := url.Values{}
		for key, vals := range good {
			out[key] = vals
		}
		if v == "" {
			out.Del(k)
		} else {
			out.Set(k, v)
		}
		return out
	}
	tests := []struct {
		name   string
		form   url.Values
		status int
		code   string
	}{
		{"wrong grant type", with("grant_type", "password"), http.StatusBadRequest, "oauth.invalid_request"},
		{"wrong scope", with("scope", "openid"), http.StatusBadRequest, "oauth.invalid_request"},
		{"missing secret", with("client_secret", ""), http.StatusBadRequest, "oauth.invalid_request"},
		{"unknown client", with("client_id", "nobody"), http.StatusUnauthorized, "oauth.client_app_does_not_exist"},
		{"bad secret", with("client_secret", "guess"), http.StatusUnauthorized, "oauth.invalid_client_secret"},
		{"good", good, http.StatusOK, "success"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			en := en.with(t)
			status, body := en.tokenRequest(tc.form)
			if status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, body)
			}
			var ae api.AuthError
			mustUnmarshal(t, body, &ae)
			if ae.ErrorCode != tc.code || ae.Message == "" || ae.TrackingId == nil {
				t.Fatalf("body %s, want errorCode %s with message and trackingId", body, tc.code)
			}
		})
	}
	// Client credentials may also come as HTTP Basic auth.
	basic, err := http.NewRequestWithContext(t.Context(), http.MethodPost, en.e.URL()+tokenPath, strings.NewReader("grant_type=client_credentials&scope=token"))
	if err != nil {
		t.Fatal(err)
	}
	basic.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	basic.SetBasicAuth("emulator-client", "emulator-secret")
	resp, err := en.http.Do(basic)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("basic auth token request: %d", resp.StatusCode)
	}
	status, body := en.tokenRequest(good)
	var tok api.TokenResponse
	mustUnmarshal(t, body, &tok)
	if status != http.StatusOK || tok.TokenType != "bearer" || tok.ExpiresIn != 3600 || strings.Count(tok.AccessToken, ".") != 2 {
		t.Fatalf("token response %d %s", status, body)
	}
}

func TestBearerAndPartnerHeader(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	foreign := foreignPartner
	bogus := "not-a-token"
	none := ""
	en.expectError(http.StatusUnauthorized, "Unauthorized", req{path: "/whoami/v1", token: &none}, "Authorization")
	en.expectError(http.StatusUnauthorized, "Unauthorized", req{path: "/whoami/v1", token: &bogus}, "not valid")
	en.expectError(http.StatusUnauthorized, "Unauthorized", req{path: "/partner/v1/tenants", partner: &none}, "X-Partner-ID")
	en.expectError(http.StatusForbidden, "Forbidden", req{path: "/partner/v1/tenants", partner: &foreign}, foreignPartner)
	malformed := "12345"
	en.expectError(http.StatusForbidden, "Forbidden", req{path: "/partner/v1/tenants", partner: &malformed})

	var who api.Whoami
	en.get("/whoami/v1", &who)
	if who.Id != primaryPartner || who.IdType != api.WhoamiIdTypePartner || who.ApiHosts.Global != en.e.URL() || who.ApiHosts.DataRegion != nil {
		t.Fatalf("whoami = %+v", who)
	}
}

func TestExpiredToken(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	en := newEnv(t, func(o *Options) {
		o.Now = clock.Now
		o.Faults.TokenLifetime = 2 * time.Second
	})
	en.get("/whoami/v1", nil)
	clock.Advance(2 * time.Second)
	en.expectError(http.StatusUnauthorized, "Unauthorized", req{path: "/whoami/v1"}, "expired")
	// A new token works again.
	en.token = en.getToken("emulator-client", "emulator-secret")
	en.get("/whoami/v1", nil)
}

func TestTenantCredential(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	tok := en.getToken("emulator-tenant-client", "emulator-tenant-secret")
	r := en.call(req{path: "/whoami/v1", token: &tok})
	var who api.Whoami
	mustUnmarshal(t, r.body, &who)
	if who.IdType != api.WhoamiIdTypeTenant || who.Id != alpineDental || who.ApiHosts.DataRegion == nil || *who.ApiHosts.DataRegion != "https://api-eu01.central.sophos.com" {
		t.Fatalf("tenant whoami = %s", r.body)
	}
	en.expectError(http.StatusForbidden, "Forbidden", req{path: "/partner/v1/tenants", token: &tok}, "tenant credential")
}

func TestPartnerScoping(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	var own api.TenantList
	en.get("/partner/v1/tenants?pageTotal=true", &own)
	if *own.Pages.Items != 16 {
		t.Fatalf("primary partner has %d tenants, want 16", *own.Pages.Items)
	}
	for _, tn := range own.Items {
		if tn.Partner.Id != primaryPartner {
			t.Fatalf("tenant %s of partner %s listed for the primary partner", tn.Id, tn.Partner.Id)
		}
	}
	tok := en.getToken("foreign-client", "foreign-secret")
	foreign := foreignPartner
	r := en.expect(http.StatusOK, req{path: "/partner/v1/tenants", token: &tok, partner: &foreign})
	var theirs api.TenantList
	mustUnmarshal(t, r.body, &theirs)
	if len(theirs.Items) != 2 || theirs.Items[0].Name != "Fabrikam Foods" {
		t.Fatalf("foreign tenants = %s", r.body)
	}
	// The primary token cannot read the foreign partner's data, and vice versa.
	en.expectError(http.StatusForbidden, "Forbidden", req{path: "/partner/v1/tenants", partner: &foreign})
}

func TestTenantPagination(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	tests := []struct {
		query               string
		wantItems, wantPage int
		wantTotals          bool
	}{
		{"", 16, 1, false},
		{"?pageSize=5&pageTotal=true", 5, 1, true},
		{"?pageSize=5&page=4&pageTotal=true", 1, 4, true},
		{"?pageSize=5&page=9", 0, 9, false},
		{"?pageSize=100", 16, 1, false},
	}
	for _, tc := range tests {
		var l api.TenantList
		en.get("/partner/v1/tenants"+tc.query, &l)
		if len(l.Items) != tc.wantItems || l.Pages.Current != tc.wantPage || l.Pages.MaxSize != 100 {
			t.Fatalf("%s: %d items, page %d, maxSize %d", tc.query, len(l.Items), l.Pages.Current, l.Pages.MaxSize)
		}
		if tc.wantTotals != (l.Pages.Total != nil && l.Pages.Items != nil) {
			t.Fatalf("%s: totals present = %v", tc.query, l.Pages.Total != nil)
		}
		if tc.wantTotals && (*l.Pages.Items != 16 || *l.Pages.Total != 4) {
			t.Fatalf("%s: totals %d items / %d pages", tc.query, *l.Pages.Items, *l.Pages.Total)
		}
	}
	// Stable order: by name.
	var all api.TenantList
	en.get("/partner/v1/tenants", &all)
	for i := 1; i < len(all.Items); i++ {
		if strings.ToLower(all.Items[i-1].Name) > strings.ToLower(all.Items[i].Name) {
			t.Fatalf("tenants not sorted: %q before %q", all.Items[i-1].Name, all.Items[i].Name)
		}
	}
	e := en.expectError(http.StatusBadRequest, "BadRequest", req{path: "/partner/v1/tenants?pageSize=101"}, "pageSize")
	if e.Details == nil || (*e.Details)[0].Field != "pageSize" {
		t.Fatalf("details = %+v", e.Details)
	}
	en.expectError(http.StatusBadRequest, "BadRequest", req{path: "/partner/v1/tenants?page=0"}, "page")
	en.expectError(http.StatusBadRequest, "BadRequest", req{path: "/partner/v1/tenants?page=abc"}, "integer")
}

func TestIntegrationsAndRouting(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	var l api.IntegrationList
	en.get("/partner/v1/psa/integrations", &l)
	if len(l.Items) != 2 || l.Items[0].Psa != api.PsaConnectwise || l.Items[0].Status != api.IntegrationStatusConnected || l.Items[1].Status != api.IntegrationStatusConnected {
		t.Fatalf("integrations = %+v", l.Items)
	}
	en.expectError(http.StatusNotFound, "NotFound", req{path: "/partner/v1/nothing-here"})
	r := en.expect(http.StatusMethodNotAllowed, req{method: http.MethodDelete, path: "/whoami/v1"})
	if r.header.Get("Allow") != "GET" {
		t.Fatalf("Allow = %q", r.header.Get("Allow"))
	}
	r = en.call(req{path: "/whoami/v1", token: strp("bad"), headers: map[string]string{"X-Correlation-ID": "trace-123"}})
	if e := apiError(t, r); e.CorrelationId != "trace-123" || e.RequestId == "trace-123" {
		t.Fatalf("correlation = %+v", e)
	}
	e := en.expectError(http.StatusBadRequest, "BadRequest", req{path: "/partner/v1/psa/halo/products"}, "connectwise, autotask")
	if e.Details == nil || (*e.Details)[0].Allowed == nil {
		t.Fatalf("psa error has no allowed values: %+v", e)
	}
	// The foreign partner has no Autotask integration.
	tok := en.getToken("foreign-client", "foreign-secret")
	foreign := foreignPartner
	en.expectError(http.StatusConflict, "IntegrationNotConnected", req{path: "/partner/v1/psa/autotask/companies", token: &tok, partner: &foreign}, "not connected", "Sophos Central Partner")
}
