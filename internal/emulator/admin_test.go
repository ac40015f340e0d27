package emulator

import (
	"net/http"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

func TestAdminProductsOutOfBand(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	const mp = "/partner/v1/psa/connectwise/product-mappings/Sophos_Intercept_X_Advanced"
	r := en.expect(http.StatusOK, req{method: http.MethodPut, path: mp, body: `{"psaProductId": 102}`})
	tag := r.header.Get("ETag")

	// Rename in the PSA: the mapping follows the id.
	en.expect(http.StatusNoContent, req{method: http.MethodPatch, path: "/_emulator/psa/connectwise/products/102", body: `{"identifier": "NW-IXA", "description": "Intercept X Advanced (Northwind)", "price": 5}`})
	var m api.ProductMapping
	en.get(mp, &m)
	if *m.PsaProductIdentifier != "NW-IXA" || *m.PsaProductName != "Intercept X Advanced (Northwind)" || !m.SyncEnabled {
		t.Fatalf("mapping after rename = %+v", m)
	}
	var p api.PsaProduct
	en.get(cwProducts+"/102", &p)
	if p.Price != 5 || p.Cost != 2.9 {
		t.Fatalf("price after patch = %v / %v", p.Price, p.Cost)
	}
	// Someone switches sync off in the console: the ETag changes, so a stale write is refused.
	en.expect(http.StatusNoContent, req{method: http.MethodPatch, path: "/_emulator/psa/connectwise/product-mappings/Sophos_Intercept_X_Advanced", body: `{"syncEnabled": false}`})
	en.expectError(http.StatusPreconditionFailed, "PreconditionFailed", req{method: http.MethodPut, path: mp, body: `{"psaProductId": 102}`, headers: map[string]string{"If-Match": tag}})
	en.get(mp, &m)
	if m.SyncEnabled {
		t.Fatal("sync still on")
	}
	// Sync cannot be switched on without a mapping.
	en.expectError(http.StatusConflict, "Conflict", req{method: http.MethodPatch, path: "/_emulator/psa/connectwise/product-mappings/Sophos_ZTNA", body: `{"syncEnabled": true}`}, "not mapped")
	// Deleting the product in the PSA removes the mapping and its sync.
	en.expect(http.StatusNoContent, req{method: http.MethodPut, path: "/_emulator/psa/connectwise/product-mappings/Sophos_Intercept_X_Advanced", body: `{"psaProductId": 102}`})
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: "/_emulator/psa/connectwise/products/102"})
	var after api.ProductMapping
	en.get(mp, &after)
	if after.Mapped || after.SyncEnabled {
		t.Fatalf("mapping after product deletion = %+v", after)
	}
	en.expectError(http.StatusNotFound, "NotFound", req{path: cwProducts + "/102"})

	// Inactive products cannot be mapped any more.
	if err := en.e.Admin().SetProductInactive(api.PsaConnectwise, 103, true); err != nil {
		t.Fatal(err)
	}
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPut, path: mp, body: `{"psaProductId": 103}`}, "inactive")

	// Autotask products can be added out of band (the API cannot write them).
	r = en.expect(http.StatusCreated, req{method: http.MethodPost, path: "/_emulator/psa/autotask/products", body: `{"identifier": "SOPHOS-ZTNA", "description": "Sophos ZTNA", "price": 2.5}`})
	var created struct{ ID int64 }
	mustUnmarshal(t, r.body, &created)
	if created.ID != 29680007 {
		t.Fatalf("new Autotask product id = %d", created.ID)
	}
	en.get("/partner/v1/psa/autotask/products/29680007", &p)
	if p.Identifier != "SOPHOS-ZTNA" || p.ProductClass != api.ProductClassService { // an Autotask product is a service
		t.Fatalf("added product = %+v", p)
	}
	en.expectError(http.StatusConflict, "Conflict", req{method: http.MethodPost, path: "/_emulator/psa/autotask/products", body: `{"identifier": "sophos-ztna", "description": "Again"}`})
	en.expectError(http.StatusConflict, "Conflict", req{method: http.MethodPost, path: "/_emulator/psa/autotask/products", body: `{"id": 901, "identifier": "TAKEN", "description": "Id of the foreign partner"}`}, "901")
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPost, path: "/_emulator/psa/connectwise/products", body: `{"identifier": "X", "description": "No subcategory"}`}, "subcategory")
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodDelete, path: "/_emulator/psa/halo/products/1"}, "halo")
}

func TestAdminCustomersOutOfBand(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	const at = "/partner/v1/psa/autotask/customer-mappings/"
	// The console accepts what the API refuses (here: usage sync for a term customer).
	en.expect(http.StatusNoContent, req{method: http.MethodPut, path: "/_emulator/psa/autotask/customer-mappings/" + greenfield,
		body: `{"companyId": 29682005, "contractId": 29684005, "usageSyncEnabled": true}`})
	var m api.CustomerMapping
	en.get(at+greenfield, &m)
	if !m.Mapped || !m.UsageSyncEnabled {
		t.Fatalf("console mapping = %+v", m)
	}
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: "/_emulator/psa/autotask/customer-mappings/" + greenfield})
	// The admin routes read the API's bodies: the target is required, unknown fields are refused.
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPut, path: "/_emulator/psa/autotask/customer-mappings/" + greenfield,
		body: `{"contractId": 29684005}`}, "companyId is required")
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPut, path: "/_emulator/psa/autotask/customer-mappings/" + greenfield,
		body: `{"companyId": 29682005, "colour": "blue"}`}, `unknown field "colour"`)
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPut, path: "/_emulator/psa/autotask/product-mappings/Sophos_ZTNA",
		body: `{"syncEnabled": true}`}, "psaProductId is required")
	var after api.CustomerMapping
	en.get(at+greenfield, &after)
	if after.Mapped {
		t.Fatal("still mapped")
	}

	// Companies and contracts.
	r := en.expect(http.StatusCreated, req{method: http.MethodPost, path: "/_emulator/psa/autotask/companies", body: `{"name": "Blue Heron Bakery", "identifier": "10428"}`})
	var company struct{ ID int64 }
	mustUnmarshal(t, r.body, &company)
	r = en.expect(http.StatusCreated, req{method: http.MethodPost, path: "/_emulator/psa/autotask/contracts",
		body: map[string]any{"companyId": company.ID, "name": "Blue Heron - Sophos MSP Flex"}})
	var contract struct{ ID int64 }
	mustUnmarshal(t, r.body, &contract)
	var c api.PsaContract
	en.get("/partner/v1/psa/autotask/contracts/"+itoa(contract.ID), &c)
	if c.Status != "active" || c.CompanyName != "Blue Heron Bakery" || c.StartDate == "" {
		t.Fatalf("added contract = %+v", c)
	}
	en.expect(http.StatusNoContent, req{method: http.MethodPatch, path: "/_emulator/psa/autotask/contracts/" + itoa(contract.ID), body: `{"name": "Blue Heron - Flex"}`})
	en.expect(http.StatusNoContent, req{method: http.MethodPost, path: "/_emulator/psa/autotask/contracts/" + itoa(contract.ID) + "/expire"})
	en.get("/partner/v1/psa/autotask/contracts/"+itoa(contract.ID), &c)
	if c.Name != "Blue Heron - Flex" || c.Status != "expired" || c.EndDate == nil {
		t.Fatalf("expired contract = %+v", c)
	}
	en.expect(http.StatusNoContent, req{method: http.MethodPost, path: "/_emulator/psa/autotask/contracts/" + itoa(contract.ID) + "/activate"})
	en.expect(http.StatusNoContent, req{method: http.MethodPost, path: "/_emulator/psa/autotask/contracts/" + itoa(contract.ID) + "/deactivate"})
	en.expect(http.StatusNoContent, req{method: http.MethodPost, path: "/_emulator/psa/autotask/contracts/" + itoa(contract.ID) + "/cancel"})
	en.expectError(http.StatusNotFound, "NotFound", req{path: "/partner/v1/psa/autotask/contracts/" + itoa(contract.ID)}, "cancelled")
	en.expectError(http.StatusNotFound, "NotFound", req{method: http.MethodPost, path: "/_emulator/psa/autotask/contracts/" + itoa(contract.ID) + "/shred"}, "shred")
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPost, path: "/_emulator/psa/autotask/contracts", body: map[string]any{"companyId": company.ID, "name": "X", "status": "paused"}}, "status")
	en.expect(http.StatusNoContent, req{method: http.MethodPatch, path: "/_emulator/psa/autotask/companies/" + itoa(company.ID), body: `{"name": "Blue Heron Bakery Ltd"}`})
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: "/_emulator/psa/autotask/companies/" + itoa(company.ID)})
	en.expectError(http.StatusNotFound, "NotFound", req{path: "/partner/v1/psa/autotask/companies/" + itoa(company.ID)})

	// Tenants.
	r = en.expect(http.StatusCreated, req{method: http.MethodPost, path: "/_emulator/tenants", body: `{"name": "Blue Heron Bakery", "billingType": "usage", "dataRegion": "eu02"}`})
	var tenant struct{ ID string }
	mustUnmarshal(t, r.body, &tenant)
	en.expect(http.StatusNoContent, req{method: http.MethodPatch, path: "/_emulator/tenants/" + tenant.ID, body: `{"billingType": "term", "name": "Blue Heron Bakeries"}`})
	en.get(at+tenant.ID, &m)
	if m.CustomerName != "Blue Heron Bakeries" || m.UsageSyncAvailable || m.BillingType != api.BillingTypeTerm {
		t.Fatalf("new tenant = %+v", m)
	}
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPatch, path: "/_emulator/tenants/" + tenant.ID, body: `{"billingType": "monthly"}`}, "billing")
	en.expectError(http.StatusNotFound, "NotFound", req{method: http.MethodPatch, path: "/_emulator/tenants/" + fabrikam, body: `{"name": "Mine now"}`})
	// The foreign partner is reached with ?partner=.
	en.expect(http.StatusNoContent, req{method: http.MethodPatch, path: "/_emulator/tenants/" + fabrikam + "?partner=" + foreignPartner, body: `{"name": "Fabrikam Foods AG"}`})

	// Integration status and the usage-sync route.
	en.expect(http.StatusNoContent, req{method: http.MethodPut, path: "/_emulator/psa/autotask/integration", body: `{"status": "notConfigured"}`})
	en.expectError(http.StatusConflict, "IntegrationNotConnected", req{path: "/partner/v1/psa/autotask/companies"}, "not connected")
	en.expectError(http.StatusConflict, "IntegrationNotConnected", req{method: http.MethodPost, path: "/_emulator/psa/autotask/usage-sync"})
	en.expect(http.StatusNoContent, req{method: http.MethodPut, path: "/_emulator/psa/autotask/integration", body: `{"status": "error"}`})
	en.expectError(http.StatusConflict, "IntegrationError", req{path: "/partner/v1/psa/autotask/companies"}, "error state")
	en.expect(http.StatusNoContent, req{method: http.MethodPut, path: "/_emulator/psa/autotask/integration", body: `{"status": "connected"}`})
	en.expect(http.StatusOK, req{method: http.MethodPut, path: at + alpineDental, body: `{"companyId": 29682002, "contractId": 29684001, "usageSyncEnabled": true}`})
	r = en.expect(http.StatusOK, req{method: http.MethodPost, path: "/_emulator/psa/autotask/usage-sync"})
	var sync struct{ Results []SyncResult }
	mustUnmarshal(t, r.body, &sync)
	if len(sync.Results) != 1 || sync.Results[0].Status != api.SyncStatusSuccessful {
		t.Fatalf("usage-sync = %s", r.body)
	}
	r = en.expect(http.StatusOK, req{path: "/_emulator/psa/autotask/sync-results"})
	mustUnmarshal(t, r.body, &sync)
	if len(sync.Results) != 1 || sync.Results[0].CompanyID != 29682002 {
		t.Fatalf("sync-results = %s", r.body)
	}
	var info map[string]string
	mustUnmarshal(t, en.expect(http.StatusOK, req{path: "/_emulator/info"}).body, &info)
	if info["clientId"] != "emulator-client" || info["partnerId"] != primaryPartner || info["url"] != en.e.URL() {
		t.Fatalf("info = %v", info)
	}
}

// TestAdminAPIRefusesOtherHostsAndBrowsers: besides a loopback client address, the admin API
// needs a Host that is a loopback address or localhost (api.IsLoopbackHost; a DNS-rebinding
// page has its own name) and no Origin header (a browser sending a web page's request).
func TestAdminAPIRefusesOtherHostsAndBrowsers(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	for _, host := range []string{"127.0.0.1", "127.0.0.1:8787", "localhost", "LOCALHOST:1", "[::1]:8787", "::1", "127.0.0.2:8787"} {
		en.expect(http.StatusOK, req{path: "/_emulator/healthz", headers: map[string]string{"Host": host}})
	}
	for _, host := range []string{"evil.example", "evil.example:8787", "127.0.0.1.nip.io", "localhost.evil.example", "0.0.0.0"} {
		en.expectError(http.StatusForbidden, "Forbidden", req{path: "/_emulator/healthz", headers: map[string]string{"Host": host}}, "Host", host)
	}
	for _, origin := range []string{"http://evil.example", en.e.URL(), "null"} {
		en.expectError(http.StatusForbidden, "Forbidden", req{method: http.MethodPut, path: "/_emulator/faults", body: `{"rate5xx": 1}`, headers: map[string]string{"Origin": origin}}, "Origin")
	}
	if en.e.Faults().Rate5xx != 0 {
		t.Fatal("a refused request changed the faults")
	}
	// The API itself is not affected.
	en.get("/whoami/v1", nil)
	en.expect(http.StatusOK, req{path: "/whoami/v1", headers: map[string]string{"Host": "api.example", "Origin": "http://evil.example"}})
}
