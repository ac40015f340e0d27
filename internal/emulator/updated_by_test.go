package emulator

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// TestUpdatedBy: mappings and products say who last wrote them: the seed and the admin API
// are the console, a write through the API is its API client (by client id), and a product
// made in the PSA was written by nobody through Sophos Central. An unmap is a write too.
func TestUpdatedBy(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	const alpine = "29946c86-596b-4918-b186-dbe32c6a986b"
	customer := func() *api.ChangedBy {
		var m api.CustomerMapping
		en.get("/partner/v1/psa/autotask/customer-mappings/"+alpine, &m)
		return m.UpdatedBy
	}
	isClient := func(what string, by *api.ChangedBy) {
		t.Helper()
		if by == nil || by.Type != api.ChangedByTypeApiClient || by.ClientId == nil || *by.ClientId != "emulator-client" {
			t.Errorf("%s: updatedBy %+v, want the API client emulator-client", what, by)
		}
	}
	isConsole := func(what string, by *api.ChangedBy) {
		t.Helper()
		if by == nil || by.Type != api.ChangedByTypeConsole || by.ClientId != nil {
			t.Errorf("%s: updatedBy %+v, want the console", what, by)
		}
	}

	en.expect(http.StatusOK, req{method: http.MethodPut, path: "/partner/v1/psa/autotask/customer-mappings/" + alpine,
		body: map[string]any{"companyId": 29682002, "ticketSyncEnabled": true}})
	isClient("a mapping written through the API", customer())
	if err := en.e.Admin().SetCustomerMapping(api.PsaAutotask, alpine, api.CustomerMappingInput{CompanyId: 29682002}); err != nil {
		t.Fatal(err)
	}
	isConsole("a mapping written in the console", customer())
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: "/partner/v1/psa/autotask/customer-mappings/" + alpine})
	isClient("a mapping removed through the API", customer())

	var pm api.ProductMapping
	en.expect(http.StatusOK, req{method: http.MethodPut, path: "/partner/v1/psa/connectwise/product-mappings/Sophos_Intercept_X_Advanced",
		body: map[string]any{"psaProductId": 102, "syncEnabled": true}})
	en.get("/partner/v1/psa/connectwise/product-mappings/Sophos_Intercept_X_Advanced", &pm)
	isClient("a product mapping written through the API", pm.UpdatedBy)

	var p api.PsaProduct
	en.get("/partner/v1/psa/connectwise/products/101", &p)
	if p.UpdatedBy != nil {
		t.Errorf("a product of the seed (made in the PSA): updatedBy %+v, want none", p.UpdatedBy)
	}
	r := en.expect(http.StatusCreated, req{method: http.MethodPost, path: "/partner/v1/psa/connectwise/products",
		body: map[string]any{"identifier": "UPDATED-BY", "description": "Who wrote it", "subcategory": map[string]any{"name": "Managed Services"}, "type": map[string]any{"name": "Service"}}})
	mustUnmarshal(t, r.body, &p)
	isClient("a product created through the API", p.UpdatedBy)
	if err := en.e.Admin().SetProductPrice(api.PsaConnectwise, p.Id, 9, 4); err != nil {
		t.Fatal(err)
	}
	var changed api.PsaProduct
	en.get("/partner/v1/psa/connectwise/products/"+strconv.FormatInt(p.Id, 10), &changed)
	isConsole("a product changed in the console", changed.UpdatedBy)
}
