package emulator

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// TestDeletedIDsAreNotReused creates, deletes and creates again products, companies and
// contracts: the second object gets a new id, and the old id answers 404 (a resource that
// still holds it must not silently adopt the new object and pass If-Match with its ETag).
func TestDeletedIDsAreNotReused(t *testing.T) {
	t.Parallel()
	en := newEnv(t)

	// Products through the API: the newest product is deleted, so MAX(id)+1 would hand its
	// id out again.
	create := func(identifier string) int64 {
		r := en.expect(http.StatusCreated, req{method: http.MethodPost, path: cwProducts, body: withField(validProduct(), "identifier", identifier)})
		var p api.PsaProduct
		mustUnmarshal(t, r.body, &p)
		return p.Id
	}
	first := create("REUSE-1")
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: cwProducts + "/" + itoa(first)})
	second := create("REUSE-2")
	if second <= first {
		t.Fatalf("product id %d after deleting %d: ids must not be reused", second, first)
	}
	en.expectError(http.StatusNotFound, "NotFound", req{path: cwProducts + "/" + itoa(first)}, itoa(first))
	en.expectError(http.StatusNotFound, "NotFound", req{method: http.MethodPut, path: cwProducts + "/" + itoa(first),
		body: withField(validProduct(), "identifier", "REUSE-1"), headers: map[string]string{"If-Match": `"1"`}})

	// Products through the admin API (Autotask too).
	adm := en.e.Admin()
	atFirst, err := adm.AddProduct(api.PsaAutotask, SeedProduct{Identifier: "AT-REUSE-1", Description: "Reuse 1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := adm.DeleteProduct(api.PsaAutotask, atFirst); err != nil {
		t.Fatal(err)
	}
	atSecond, err := adm.AddProduct(api.PsaAutotask, SeedProduct{Identifier: "AT-REUSE-2", Description: "Reuse 2"})
	if err != nil {
		t.Fatal(err)
	}
	if atSecond <= atFirst {
		t.Fatalf("Autotask product id %d after deleting %d", atSecond, atFirst)
	}
	en.expect(http.StatusNotFound, req{path: "/partner/v1/psa/autotask/products/" + itoa(atFirst)})

	// Companies and contracts (removing a company removes its contracts).
	companyFirst, err := adm.AddCompany(api.PsaConnectwise, "Short-Lived Ltd", "ShortLived")
	if err != nil {
		t.Fatal(err)
	}
	contractFirst, err := adm.AddContract(api.PsaConnectwise, NewContract{CompanyID: companyFirst, Name: "Short-Lived - Security"})
	if err != nil {
		t.Fatal(err)
	}
	if err := adm.RemoveCompany(api.PsaConnectwise, companyFirst); err != nil {
		t.Fatal(err)
	}
	companySecond, err := adm.AddCompany(api.PsaConnectwise, "Newcomer Ltd", "Newcomer")
	if err != nil {
		t.Fatal(err)
	}
	contractSecond, err := adm.AddContract(api.PsaConnectwise, NewContract{CompanyID: companySecond, Name: "Newcomer - Security"})
	if err != nil {
		t.Fatal(err)
	}
	if companySecond <= companyFirst || contractSecond <= contractFirst {
		t.Fatalf("company %d after %d, contract %d after %d: ids must not be reused", companySecond, companyFirst, contractSecond, contractFirst)
	}
	en.expect(http.StatusNotFound, req{path: "/partner/v1/psa/connectwise/companies/" + itoa(companyFirst)})
	en.expect(http.StatusNotFound, req{path: "/partner/v1/psa/connectwise/contracts/" + itoa(contractFirst)})

	// Synthetic data continues after the marks as well.
	if err := adm.DeleteProduct(api.PsaAutotask, atSecond); err != nil {
		t.Fatal(err)
	}
	if err := adm.Synthesize(SynthOptions{Products: 1}); err != nil {
		t.Fatal(err)
	}
	var l api.PsaProductList
	en.get("/partner/v1/psa/autotask/products?identifier=SYNTH-PRODUCT-0001", &l)
	if len(l.Items) != 1 || l.Items[0].Id <= atSecond {
		t.Fatalf("synthetic Autotask product = %+v, want an id after %d", l.Items, atSecond)
	}
}

// TestIDMarksSurviveRestarts deletes the newest product, restarts on the same database file
// and creates a product: its id is still a new one.
func TestIDMarksSurviveRestarts(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "ids.db")
	e1, err := Start(context.Background(), Options{DBPath: path})
	if err != nil {
		t.Fatal(err)
	}
	deleted, err := e1.Admin().AddProduct(api.PsaConnectwise, SeedProduct{Identifier: "GONE", Description: "Gone", Subcategory: "Security Software", Type: "Software License"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e1.Admin().DeleteProduct(api.PsaConnectwise, deleted); err != nil {
		t.Fatal(err)
	}
	if err := e1.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := StartForTest(t, Options{DBPath: path})
	id, err := e2.Admin().AddProduct(api.PsaConnectwise, SeedProduct{Identifier: "NEW", Description: "New", Subcategory: "Security Software", Type: "Software License"})
	if err != nil {
		t.Fatal(err)
	}
	if id <= deleted {
		t.Fatalf("product id %d after a restart, but %d was used before", id, deleted)
	}
}
