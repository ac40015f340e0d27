package emulator

import (
	"net/http"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The Autotask API user of the default seed, and the ConnectWise API member.
const (
	seedATUser   = "sophos-api@northwindit.example"
	seedATSecret = "emulator-autotask-secret" //nolint:gosec // the default seed's public emulator credential
	seedATCode   = "NWSOPHOSCENTRAL7Q2X"
	seedCWSecret = "emulator-cw-private-key" //nolint:gosec // the default seed's public emulator credential
)

func autotaskBody(user, secret, code string) map[string]any {
	return map[string]any{"autotask": map[string]any{"userName": user, "secret": secret, "integrationCode": code}}
}

func connectWiseBody(site, company, pub, private, client string) map[string]any {
	return map[string]any{"connectwise": map[string]any{"site": site, "companyId": company, "publicKey": pub, "privateKey": private, "clientId": client}}
}

// TestIntegrationConnectAndDisconnect: disconnect (refused while mapped, naming how many),
// connect with credentials the PSA refuses (422 with the PSA's text, nothing changes) and
// accepts, If-Match, and no answer ever carries a secret.
func TestIntegrationConnectAndDisconnect(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	const path = "/partner/v1/psa/autotask/integration"
	var in api.Integration
	r := en.get(path, &in)
	if in.Status != api.IntegrationStatusConnected || in.Autotask == nil || in.Autotask.UserName != seedATUser || in.Autotask.IntegrationCode != seedATCode {
		t.Fatalf("seeded integration = %s", r.body)
	}
	connectedETag := r.header.Get("ETag")

	// Mapped products and customers hold the integration.
	en.expect(http.StatusOK, req{method: http.MethodPut, path: "/partner/v1/psa/autotask/customer-mappings/" + alpineDental, body: `{"companyId": 29682002, "contractId": 29684001, "usageSyncEnabled": true}`})
	en.expect(http.StatusOK, req{method: http.MethodPut, path: "/partner/v1/psa/autotask/product-mappings/Sophos_Intercept_X_Advanced", body: `{"psaProductId": 29680001}`})
	en.expectError(http.StatusConflict, "Conflict", req{method: http.MethodDelete, path: path},
		"cannot be disconnected while 2 mappings remain", "1 Sophos product mapping (Sophos_Intercept_X_Advanced)", "1 customer mapping (Alpine Dental Group)")
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: "/partner/v1/psa/autotask/customer-mappings/" + alpineDental})
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: "/partner/v1/psa/autotask/product-mappings/Sophos_Intercept_X_Advanced"})

	en.expectError(http.StatusPreconditionFailed, "PreconditionFailed", req{method: http.MethodDelete, path: path, headers: map[string]string{"If-Match": `"99"`}})
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: path, headers: map[string]string{"If-Match": connectedETag}})
	in = api.Integration{}
	r = en.get(path, &in)
	if in.Status != api.IntegrationStatusNotConfigured || in.Autotask != nil || in.UsageSyncSchedule != "withInvoice" || in.ConnectedAt != nil {
		t.Fatalf("disconnected integration = %s", r.body)
	}
	// Other routes of the PSA answer 409 now; the schedule does too.
	en.expectError(http.StatusConflict, "IntegrationNotConnected", req{path: "/partner/v1/psa/autotask/companies"}, "not connected")
	en.expectError(http.StatusConflict, "Conflict", req{path: path + "/usage-sync-schedule"}, "not connected")
	// Disconnecting again is fine.
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: path})

	for _, tc := range []struct {
		name      string
		body      map[string]any
		field     string
		fragments []string
	}{
		{"unknown user", autotaskBody("nobody@example.com", seedATSecret, seedATCode), "autotask.userName", []string{"Autotask has no API user \"nobody@example.com\"", "zoneInformation"}},
		{"wrong secret", autotaskBody(seedATUser, "wrong", seedATCode), "autotask.secret", []string{"401 Unauthorized", "the secret is wrong"}},
		{"wrong integration code", autotaskBody(seedATUser, seedATSecret, "NOPE"), "autotask.integrationCode", []string{"IntegrationCode \"NOPE\" is invalid", "Sophos Central - Security"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := en.with(t).expectError(http.StatusUnprocessableEntity, "UnprocessableEntity", req{method: http.MethodPut, path: path, body: tc.body}, tc.fragments...)
			if e.Details == nil || (*e.Details)[0].Field != tc.field {
				t.Fatalf("details = %+v, want field %s", e.Details, tc.field)
			}
		})
	}
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPut, path: path, body: connectWiseBody("a.b", "c", "d", "e", "f")}, "ConnectWise PSA credentials")
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPut, path: path, body: autotaskBody(seedATUser, seedATSecret+" ", seedATCode)}, "white space")
	en.get(path, &in)
	if in.Status != api.IntegrationStatusNotConfigured {
		t.Fatalf("refused credentials changed the integration: %+v", in)
	}

	r = en.expect(http.StatusOK, req{method: http.MethodPut, path: path, body: autotaskBody(seedATUser, seedATSecret, seedATCode)})
	mustUnmarshal(t, r.body, &in)
	if in.Status != api.IntegrationStatusConnected || in.ConnectedAt == nil || in.CredentialsUpdatedAt == nil || in.Autotask.UserName != seedATUser {
		t.Fatalf("connected integration = %s", r.body)
	}
	if r.header.Get("ETag") == connectedETag || r.header.Get("ETag") == "" {
		t.Fatalf("ETag %q after connecting, was %q", r.header.Get("ETag"), connectedETag)
	}
	// No answer, the list included, ever carries a secret.
	for _, p := range []string{path, "/partner/v1/psa/integrations", "/partner/v1/psa/connectwise/integration"} {
		if b := string(en.get(p, nil).body); strings.Contains(b, seedATSecret) || strings.Contains(b, seedCWSecret) || strings.Contains(b, "secret\"") || strings.Contains(b, "privateKey") {
			t.Errorf("GET %s carries a secret: %s", p, b)
		}
	}
}

// TestIntegrationConnectWiseChecks: the ConnectWise PSA checks site, company, public key,
// private key and client id, in that order.
func TestIntegrationConnectWiseChecks(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	const path = "/partner/v1/psa/connectwise/integration"
	const site, company, pub, client = "api-na.myconnectwise.net", "northwindit", "NwPub7Q2xK9mLr4T", "3c1e8f5a-7b2d-4e9a-9f61-2d8c4b7a1e05"
	for _, tc := range []struct {
		body      map[string]any
		field     string
		fragments []string
	}{
		{connectWiseBody("api-eu.myconnectwise.net", company, pub, seedCWSecret, client), "connectwise.site", []string{"No ConnectWise PSA answers at \"api-eu.myconnectwise.net\""}},
		{connectWiseBody(site, "other", pub, seedCWSecret, client), "connectwise.companyId", []string{"has no company \"other\""}},
		{connectWiseBody(site, company, "OtherPub", seedCWSecret, client), "connectwise.publicKey", []string{"no API member", "\"OtherPub\""}},
		{connectWiseBody(site, company, pub, "wrong", client), "connectwise.privateKey", []string{"private key does not match"}},
		{connectWiseBody(site, company, pub, seedCWSecret, "6f1c2f0e-8d7a-4b7e-9a53-1d2f0c3b4a5e"), "connectwise.clientId", []string{"clientId \"6f1c2f0e-8d7a-4b7e-9a53-1d2f0c3b4a5e\" is not the client id"}},
	} {
		e := en.expectError(http.StatusUnprocessableEntity, "UnprocessableEntity", req{method: http.MethodPut, path: path, body: tc.body}, tc.fragments...)
		if (*e.Details)[0].Field != tc.field {
			t.Errorf("field %s, want %s", (*e.Details)[0].Field, tc.field)
		}
	}
	var in api.Integration
	r := en.expect(http.StatusOK, req{method: http.MethodPut, path: path, body: connectWiseBody(site, company, pub, seedCWSecret, client)})
	mustUnmarshal(t, r.body, &in)
	if in.Connectwise == nil || in.Connectwise.Site != site || in.Connectwise.PublicKey != pub || strings.Contains(string(r.body), seedCWSecret) {
		t.Fatalf("integration = %s", r.body)
	}
}

// TestIntegrationErrorOutOfBand: the API user's secret regenerated in Autotask puts the
// integration in error with Autotask's text; a sync run then fails for every customer with
// it; new credentials bring it back.
func TestIntegrationErrorOutOfBand(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	adm := en.e.Admin()
	en.expect(http.StatusOK, req{method: http.MethodPut, path: "/partner/v1/psa/autotask/customer-mappings/" + alpineDental, body: `{"companyId": 29682002, "contractId": 29684001, "usageSyncEnabled": true}`})
	if err := adm.SetPSAAPIUser(api.PsaAutotask, SeedPSACredentials{UserName: seedATUser, Secret: "regenerated", IntegrationCode: seedATCode}); err != nil {
		t.Fatal(err)
	}
	var in api.Integration
	en.get("/partner/v1/psa/autotask/integration", &in)
	if in.Status != api.IntegrationStatusError || in.StatusError == nil || !strings.Contains(*in.StatusError, "401 Unauthorized") || !strings.Contains(*in.StatusError, "View details") {
		t.Fatalf("integration after the secret changed in Autotask = %+v", in)
	}
	// Mappings are refused while in error, the schedule and the history are not.
	en.expectError(http.StatusConflict, "IntegrationError", req{path: "/partner/v1/psa/autotask/customer-mappings"}, "error state")
	en.get("/partner/v1/psa/autotask/integration/usage-sync-schedule", nil)
	run, err := adm.SyncUsage(api.PsaAutotask)
	if err != nil {
		t.Fatal(err)
	}
	if run.Status != api.UsageSyncRunStatusFailed || run.Error == nil || len(run.Results) != 1 || run.Results[0].Status != api.SyncStatusFailed ||
		!strings.Contains(*run.Results[0].Error, "401 Unauthorized") {
		t.Fatalf("run with refused credentials = %+v", run)
	}
	var runs api.UsageSyncRunList
	en.get("/partner/v1/psa/autotask/usage-sync/runs", &runs)
	if len(runs.Items) != 1 || runs.Items[0].Id != run.Id {
		t.Fatalf("history = %+v", runs)
	}
	en.expect(http.StatusOK, req{method: http.MethodPut, path: "/partner/v1/psa/autotask/integration", body: autotaskBody(seedATUser, "regenerated", seedATCode)})
	in = api.Integration{}
	en.get("/partner/v1/psa/autotask/integration", &in)
	if in.Status != api.IntegrationStatusConnected || in.StatusError != nil {
		t.Fatalf("integration after new credentials = %+v", in)
	}
	// An out-of-band error (as today) carries a text too.
	if err := adm.SetIntegrationStatus(api.PsaConnectwise, api.IntegrationStatusError); err != nil {
		t.Fatal(err)
	}
	en.get("/partner/v1/psa/connectwise/integration", &in)
	if in.StatusError == nil || !strings.Contains(*in.StatusError, "refused the stored API credentials") {
		t.Fatalf("out-of-band error = %+v", in)
	}
}

// TestUsageSyncScheduleAPI: validation, its own ETag (credential writes do not change it),
// and Disconnect returning it to the default.
func TestUsageSyncScheduleAPI(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	const path = "/partner/v1/psa/autotask/integration/usage-sync-schedule"
	var s api.UsageSyncSchedule
	r := en.get(path, &s)
	if s.UsageSyncSchedule != api.UsageSyncFrequencyDaily || s.FirewallSync != "withInvoice" || s.DayOfMonth != nil {
		t.Fatalf("seeded schedule = %s", r.body)
	}
	etag := r.header.Get("ETag")
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPut, path: path, body: `{"usageSyncSchedule": "monthly"}`}, "dayOfMonth", "from 1 to 28")
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPut, path: path, body: `{"usageSyncSchedule": "monthly", "dayOfMonth": 30}`}, "every month")
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPut, path: path, body: `{"usageSyncSchedule": "daily", "dayOfMonth": 3}`}, "only to a \"monthly\"")
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPut, path: path, body: `{"usageSyncSchedule": "weekly"}`}, "\"weekly\"")
	// Writing the credentials leaves the schedule's ETag alone.
	en.expect(http.StatusOK, req{method: http.MethodPut, path: "/partner/v1/psa/autotask/integration", body: autotaskBody(seedATUser, seedATSecret, seedATCode)})
	if got := en.get(path, nil).header.Get("ETag"); got != etag {
		t.Fatalf("schedule ETag %s after a credential write, was %s", got, etag)
	}
	r = en.expect(http.StatusOK, req{method: http.MethodPut, path: path, body: `{"usageSyncSchedule": "monthly", "dayOfMonth": 15}`, headers: map[string]string{"If-Match": etag}})
	mustUnmarshal(t, r.body, &s)
	if s.UsageSyncSchedule != api.UsageSyncFrequencyMonthly || s.DayOfMonth == nil || *s.DayOfMonth != 15 || r.header.Get("ETag") == etag {
		t.Fatalf("schedule = %s (ETag %s)", r.body, r.header.Get("ETag"))
	}
	en.expectError(http.StatusPreconditionFailed, "PreconditionFailed", req{method: http.MethodPut, path: path, body: `{"usageSyncSchedule": "daily"}`, headers: map[string]string{"If-Match": etag}})
	var in api.Integration
	en.get("/partner/v1/psa/autotask/integration", &in)
	if in.UsageSyncSchedule != "monthly" || in.UsageSyncDayOfMonth == nil || *in.UsageSyncDayOfMonth != 15 {
		t.Fatalf("integration = %+v", in)
	}
	if err := en.e.Admin().DisconnectIntegration(api.PsaAutotask); err != nil {
		t.Fatal(err)
	}
	if err := en.e.Admin().SetIntegrationCredentials(api.PsaAutotask, SeedPSACredentials{UserName: seedATUser, Secret: seedATSecret, IntegrationCode: seedATCode}); err != nil {
		t.Fatal(err)
	}
	s = api.UsageSyncSchedule{}
	en.get(path, &s)
	if s.UsageSyncSchedule != api.UsageSyncFrequencyWithInvoice || s.DayOfMonth != nil {
		t.Fatalf("schedule after disconnect and reconnect = %+v", s)
	}
}

// TestAdminIntegrationRoutes drives the admin routes of PSA connections and billing over
// HTTP.
func TestAdminIntegrationRoutes(t *testing.T) {
	t.Parallel()
	en, _ := clockEnv(t)
	var in api.Integration
	// A new Autotask API user, then the integration switched to it as in "View details".
	en.expect(http.StatusNoContent, req{method: http.MethodPut, path: "/_emulator/psa/autotask/api-users", body: `{"userName": "new-api@northwindit.example", "secret": "s2", "integrationCode": "NWSOPHOSCENTRAL7Q2X"}`})
	en.expectError(http.StatusUnprocessableEntity, "UnprocessableEntity", req{method: http.MethodPut, path: "/_emulator/psa/autotask/integration/credentials", body: `{"userName": "new-api@northwindit.example", "secret": "wrong", "integrationCode": "NWSOPHOSCENTRAL7Q2X"}`}, "401")
	en.expect(http.StatusNoContent, req{method: http.MethodPut, path: "/_emulator/psa/autotask/integration/credentials", body: `{"userName": "new-api@northwindit.example", "secret": "s2", "integrationCode": "NWSOPHOSCENTRAL7Q2X"}`})
	en.get("/partner/v1/psa/autotask/integration", &in)
	if in.Autotask.UserName != "new-api@northwindit.example" || in.Status != api.IntegrationStatusConnected {
		t.Fatalf("integration = %+v", in)
	}
	// Revoking the API user puts the integration in error.
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: "/_emulator/psa/autotask/api-users/new-api@northwindit.example"})
	en.expectError(http.StatusNotFound, "NotFound", req{method: http.MethodDelete, path: "/_emulator/psa/autotask/api-users/new-api@northwindit.example"})
	in = api.Integration{}
	en.get("/partner/v1/psa/autotask/integration", &in)
	if in.Status != api.IntegrationStatusError || !strings.Contains(*in.StatusError, "no API user") {
		t.Fatalf("integration after the API user was revoked = %+v", in)
	}
	en.expect(http.StatusNoContent, req{method: http.MethodPut, path: "/_emulator/psa/connectwise/integration/usage-sync-schedule", body: `{"usageSyncSchedule": "monthly", "dayOfMonth": 5}`})
	var s api.UsageSyncSchedule
	en.get("/partner/v1/psa/connectwise/integration/usage-sync-schedule", &s)
	if s.UsageSyncSchedule != api.UsageSyncFrequencyMonthly || *s.DayOfMonth != 5 {
		t.Fatalf("schedule = %+v", s)
	}
	r := en.expect(http.StatusOK, req{method: http.MethodPost, path: "/_emulator/psa/connectwise/usage-sync/invoice"})
	var run api.UsageSyncRun
	mustUnmarshal(t, r.body, &run)
	if run.Trigger != api.UsageSyncTriggerInvoice {
		t.Fatalf("invoice run = %s", r.body)
	}
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: "/_emulator/psa/connectwise/integration"})
	en.expect(http.StatusCreated, req{method: http.MethodPost, path: "/_emulator/billing/usage", body: `{"customerId": "` + bayside + `", "productCode": "ZTNA1CSAA", "quantity": 9}`})
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPost, path: "/_emulator/billing/usage", body: `{"customerId": "` + fabrikam + `", "productCode": "ZTNA1CSAA", "quantity": 9}`}, "no tenant")
	r = en.expect(http.StatusCreated, req{method: http.MethodPost, path: "/_emulator/billing/usage/synthesize", body: `{"lines": 10}`})
	if !strings.Contains(string(r.body), `"linesPerMonth":35`) {
		t.Fatalf("synthesize = %s", r.body)
	}
}
