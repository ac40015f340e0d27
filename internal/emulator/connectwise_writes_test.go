package emulator

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
)

// TestConnectWiseCatalogWrites: POST 201 with the item as stored; PATCH changes only the
// paths it names, moves _info.lastUpdated (by at least a second) and names the member in
// updatedBy; a path into an object, id and unknown fields are refused; POST and PATCH are
// judged as a whole (required fields, the contract's field rules, references, identifier
// unique ignoring case).
func TestConnectWiseCatalogWrites(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	var before, after cw.CatalogItem
	mustUnmarshal(t, en.cwExpect(http.StatusOK, http.MethodGet, cw.PathCatalog+"/105", nil).body, &before)
	mustUnmarshal(t, en.cwExpect(http.StatusOK, http.MethodPatch, cw.PathCatalog+"/105", []cw.PatchOperation{
		{Op: cw.PatchReplace, Path: "price", Value: 9.75},
		{Op: cw.PatchReplace, Path: "/notes", Value: "raised in June"},
		{Op: cw.PatchRemove, Path: "manufacturerPartNumber"},
	}).body, &after)
	if *after.Price != 9.75 || *after.Notes != "raised in June" || after.ManufacturerPartNumber != nil ||
		after.Description != before.Description || *after.Cost != *before.Cost || after.Subcategory.ID != before.Subcategory.ID {
		t.Errorf("patched item: %+v", after)
	}
	b, _ := time.Parse(time.RFC3339, before.Info.LastUpdated())
	a, err := time.Parse(time.RFC3339, after.Info.LastUpdated())
	if err != nil || a.Sub(b) < time.Second || after.Info[cw.InfoUpdatedBy] != "TerraformAPI" {
		t.Errorf("_info %v after %v", after.Info, before.Info)
	}
	var viaSophos api.PsaProduct
	en.get("/partner/v1/psa/connectwise/products/105", &viaSophos)
	if viaSophos.Price != 9.75 || viaSophos.ManufacturerPartNumber != nil {
		t.Errorf("the integration does not see the patch: %+v", viaSophos)
	}

	for _, tc := range []struct {
		name  string
		ops   []cw.PatchOperation
		field string
	}{
		{"path into an object", []cw.PatchOperation{{Op: cw.PatchReplace, Path: "subcategory/id", Value: 11}}, "[0].path"},
		{"id", []cw.PatchOperation{{Op: cw.PatchReplace, Path: "id", Value: 1}}, "[0].path"},
		{"unknown field", []cw.PatchOperation{{Op: cw.PatchReplace, Path: "Price", Value: 1}}, "[0].path"},
		{"unknown op", []cw.PatchOperation{{Op: "move", Path: "price", Value: 1}}, "[0].op"},
		{"required field removed", []cw.PatchOperation{{Op: cw.PatchRemove, Path: "description"}}, "description"},
		{"negative cost", []cw.PatchOperation{{Op: cw.PatchReplace, Path: "cost", Value: -1}}, "cost"},
		{"identifier of another item", []cw.PatchOperation{{Op: cw.PatchReplace, Path: "identifier", Value: "sophos-cix-ep"}}, "identifier"},
		{"category without the subcategory", []cw.PatchOperation{{Op: cw.PatchReplace, Path: "category", Value: map[string]any{"id": 3}}}, "category"},
	} {
		r := en.cwCall(cwTerraform, http.MethodPatch, cw.PathCatalog+"/105", tc.ops)
		if r.status != http.StatusBadRequest {
			t.Errorf("%s: %d %s", tc.name, r.status, r.body)
			continue
		}
		if e := cwError(t, r, cw.ErrorCodeInvalidObject); len(e.Errors) == 0 || e.Errors[0].Field != tc.field {
			t.Errorf("%s: errors %+v, want field %s", tc.name, e.Errors, tc.field)
		}
	}
	en.cwExpect(http.StatusNotFound, http.MethodPatch, cw.PathCatalog+"/999999", []cw.PatchOperation{{Op: cw.PatchReplace, Path: "price", Value: 1}})

	r := en.cwCall(cwTerraform, http.MethodPost, cw.PathCatalog, cw.CatalogItem{Identifier: "sophos-mobile-adv", Description: "Dup", Type: &cw.Reference{ID: 99}})
	e := cwError(t, r, cw.ErrorCodeInvalidObject)
	got := map[string]string{}
	for _, f := range e.Errors {
		got[f.Field] = f.Code
	}
	want := map[string]string{"customerDescription": cw.ErrorCodeRequired, "subcategory": cw.ErrorCodeRequired, "type": cw.ErrorCodeInvalidObject, "identifier": cw.ErrorCodeObjectExists}
	for field, code := range want {
		if got[field] != code {
			t.Errorf("POST field errors %v, want %s: %s", got, field, code)
		}
	}
	if r.status != http.StatusBadRequest {
		t.Errorf("POST of an invalid item: %d", r.status)
	}
}

// TestConnectWiseDeleteAndAdditions: DELETE 204 removes an item (and Sophos's mappings to
// it); an item agreement additions bill is refused with 409, by ConnectWise's API and, in
// Sophos's words (ProductInUse), through the integration; additions are created (201) and
// patched, never on a cancelled agreement or for an item that is not there.
func TestConnectWiseDeleteAndAdditions(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.expect(http.StatusOK, req{method: http.MethodPut, path: "/partner/v1/psa/connectwise/product-mappings/Sophos_Mobile_Advanced", body: `{"psaProductId": 107}`})
	en.cwExpect(http.StatusNoContent, http.MethodDelete, cw.PathCatalog+"/107", nil)
	en.cwExpect(http.StatusNotFound, http.MethodGet, cw.PathCatalog+"/107", nil)
	var m api.ProductMapping
	en.get("/partner/v1/psa/connectwise/product-mappings/Sophos_Mobile_Advanced", &m)
	if m.Mapped {
		t.Error("the mapping to a deleted item stays")
	}

	r := en.cwExpect(http.StatusConflict, http.MethodDelete, cw.PathCatalog+"/108", nil)
	cwError(t, r, "InUse", "2 agreement addition(s)", "inactive")
	en.expectError(http.StatusConflict, api.ErrorCodeProductInUse, req{method: http.MethodDelete, path: "/partner/v1/psa/connectwise/products/108"}, "agreement addition")

	var add cw.Addition
	mustUnmarshal(t, en.cwExpect(http.StatusCreated, http.MethodPost, cw.PathAgreements+"/502"+cw.PathAdditionsOf,
		cw.Addition{Product: &cw.ProductReference{ID: 109}, BillCustomer: ptr(cw.BillCustomerBillable), Quantity: ptr(25.0), UnitPrice: ptr(1.25)}).body, &add)
	if add.Product.Identifier != "SOPHOS-PHISH-THREAT" || *add.Quantity != 25 || *add.ExtPrice != 31.25 || *add.AgreementID != 502 {
		t.Errorf("created addition: %+v", add)
	}
	path := cw.PathAgreements + "/502" + cw.PathAdditionsOf + "/" + strconv.Itoa(add.ID)
	mustUnmarshal(t, en.cwExpect(http.StatusOK, http.MethodPatch, path, []cw.PatchOperation{{Op: cw.PatchReplace, Path: "quantity", Value: 30}}).body, &add)
	if *add.Quantity != 30 || *add.UnitPrice != 1.25 {
		t.Errorf("patched addition: %+v", add)
	}
	en.cwExpect(http.StatusConflict, http.MethodDelete, cw.PathCatalog+"/109", nil)
	if got := cwList[cw.Addition](t, en.cwExpect(http.StatusOK, http.MethodGet, cw.PathAgreements+"/502"+cw.PathAdditionsOf, nil)); len(got) != 1 {
		t.Errorf("additions of 502: %+v", got)
	}
	for _, tc := range []struct {
		agreement string
		in        cw.Addition
		field     string
	}{
		{"512", cw.Addition{Product: &cw.ProductReference{ID: 101}, BillCustomer: ptr(cw.BillCustomerBillable)}, "agreementId"},
		{"502", cw.Addition{Product: &cw.ProductReference{ID: 29680001}, BillCustomer: ptr(cw.BillCustomerBillable)}, "product"},
		{"502", cw.Addition{Product: &cw.ProductReference{ID: 101}}, "billCustomer"},
	} {
		r := en.cwCall(cwTerraform, http.MethodPost, cw.PathAgreements+"/"+tc.agreement+cw.PathAdditionsOf, tc.in)
		if e := cwError(t, r, cw.ErrorCodeInvalidObject); r.status != http.StatusBadRequest || len(e.Errors) != 1 || e.Errors[0].Field != tc.field {
			t.Errorf("addition %+v on %s: %d %s", tc.in, tc.agreement, r.status, r.body)
		}
	}
}

// TestConnectWiseFaultsAndCounters: the shared middleware stands in front of the room: an
// injected 429 answers in ConnectWise's own 429 shape with Retry-After, a 503 in its error
// shape, and the counters count the room's routes.
func TestConnectWiseFaultsAndCounters(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.e.ResetCounters()
	en.e.InjectNext(InjectedFault{Kind: Fault429, PathPrefix: "/v4_6_release/", RetryAfter: 7})
	en.e.InjectNext(InjectedFault{Kind: Fault503, PathPrefix: "/v4_6_release/"})
	r := en.cwCall(cwTerraform, http.MethodGet, cw.PathCatalog, nil)
	var throttled cw.TooManyRequests
	mustUnmarshal(t, r.body, &throttled)
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") != "7" || throttled.Error != cw.TooManyRequestsError ||
		throttled.Message != "Too many requests. Please try again in 7 seconds." {
		t.Errorf("429: %d %v %s", r.status, r.header, r.body)
	}
	r = en.cwCall(cwTerraform, http.MethodGet, cw.PathCatalog, nil)
	if r.status != http.StatusServiceUnavailable {
		t.Errorf("503: %d %s", r.status, r.body)
	}
	cwError(t, r, "ServiceUnavailable")
	en.cwExpect(http.StatusOK, http.MethodGet, cw.PathCatalog, nil)
	if n := en.e.Counters()["GET "+cwBase+cw.PathCatalog]; n != 3 {
		t.Errorf("catalog listings counted: %d (%v)", n, en.e.Counters())
	}
}
