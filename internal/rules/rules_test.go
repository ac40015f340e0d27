package rules

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

func ptr[T any](v T) *T { return &v }

// expect asserts that vs holds exactly one violation that is not a warning, of kind on
// field, whose message has every fragment.
func expect(t *testing.T, vs Violations, kind Kind, field string, fragments ...string) {
	t.Helper()
	v := vs.First()
	if v == nil {
		t.Fatalf("want a violation on %s, got none (%v)", field, vs)
	}
	if v.Kind != kind || v.Field != field {
		t.Errorf("got kind %d on %q, want kind %d on %q: %s", v.Kind, v.Field, kind, field, v.Message)
	}
	for _, f := range fragments {
		if !strings.Contains(v.Message, f) {
			t.Errorf("message %q does not contain %q", v.Message, f)
		}
	}
}

func TestCustomerMappingRules(t *testing.T) {
	f := APIFields()
	usageCustomer := api.CustomerMapping{CustomerId: "c1", CustomerName: "Alpine", BillingType: api.BillingTypeUsage}
	company := &api.PsaCompany{Id: 10, Psa: api.PsaAutotask, Name: "Alpine Co"}
	contract := &Contract{ID: 100, CompanyID: 10, PSA: api.PsaAutotask, Name: "Flex"}
	base := func() CustomerMappingChange {
		return CustomerMappingChange{PSA: api.PsaAutotask, Customer: usageCustomer, Company: company, Contract: contract,
			Input: api.CustomerMappingInput{CompanyId: 10, ContractId: ptr(int64(100)), UsageSyncEnabled: ptr(true)}}
	}
	if vs := CheckCustomerMapping(f, base()); len(vs) != 0 {
		t.Fatalf("a valid mapping broke rules: %v", vs)
	}
	t.Run("usage sync needs a contract", func(t *testing.T) {
		c := base()
		c.Input.ContractId, c.Contract = nil, nil
		expect(t, CheckCustomerMapping(f, c), Invalid, "usageSyncEnabled", "needs a contract", "contractId")
	})
	t.Run("company not found", func(t *testing.T) {
		c := base()
		c.Company = nil
		expect(t, CheckCustomerMapping(f, c), Invalid, "companyId", "Autotask PSA has no company 10")
	})
	t.Run("company of the other PSA", func(t *testing.T) {
		c := base()
		c.Company = &api.PsaCompany{Id: 10, Psa: api.PsaConnectwise, Name: "CW Co"}
		expect(t, CheckCustomerMapping(f, c), Invalid, "companyId", "a ConnectWise company")
	})
	t.Run("contract not found", func(t *testing.T) {
		c := base()
		c.Contract = nil
		expect(t, CheckCustomerMapping(f, c), Invalid, "contractId", "no contract 100")
	})
	t.Run("contract cancelled", func(t *testing.T) {
		c := base()
		c.Contract = &Contract{ID: 100, CompanyID: 10, PSA: api.PsaAutotask, Name: "Flex", Cancelled: true}
		expect(t, CheckCustomerMapping(f, c), Invalid, "contractId", "was cancelled")
	})
	t.Run("a cancelled contract already mapped may switch usage sync off", func(t *testing.T) {
		c := base()
		c.Customer.Mapped, c.Customer.ContractId = true, ptr(int64(100))
		c.Contract = &Contract{ID: 100, CompanyID: 10, PSA: api.PsaAutotask, Name: "Flex", Cancelled: true}
		c.Input.UsageSyncEnabled = ptr(false)
		if vs := CheckCustomerMapping(f, c); vs.First() != nil {
			t.Errorf("stopping billing must pass, got %v", vs)
		}
		c.Input.UsageSyncEnabled = ptr(true)
		expect(t, CheckCustomerMapping(f, c), Invalid, "contractId", "was cancelled")
	})
	t.Run("contract of another company", func(t *testing.T) {
		c := base()
		c.Contract = &Contract{ID: 100, CompanyID: 11, PSA: api.PsaAutotask, Name: "Flex", CompanyName: "Other"}
		expect(t, CheckCustomerMapping(f, c), Invalid, "contractId", "belongs to company 11", "companyId = 11")
	})
	t.Run("usage sync for a term customer", func(t *testing.T) {
		c := base()
		c.Customer.BillingType = api.BillingTypeTerm
		expect(t, CheckCustomerMapping(f, c), Unprocessable, "usageSyncEnabled", "term-billed")
	})
	t.Run("ticket sync for a term customer is fine", func(t *testing.T) {
		c := base()
		c.Customer.BillingType = api.BillingTypeTerm
		c.Input.UsageSyncEnabled = ptr(false)
		if vs := CheckCustomerMapping(f, c); vs.First() != nil {
			t.Errorf("got %v", vs)
		}
	})
	t.Run("contract held by another customer", func(t *testing.T) {
		c := base()
		c.HeldBy = &api.CustomerMapping{CustomerId: "c2", CustomerName: "Bayside"}
		expect(t, CheckCustomerMapping(f, c), Conflict, "contractId", `customer "Bayside" (c2)`)
	})
	t.Run("inactive contract with usage sync warns", func(t *testing.T) {
		c := base()
		c.Contract = &Contract{ID: 100, CompanyID: 10, PSA: api.PsaAutotask, Name: "Flex", Inactive: true}
		vs := CheckCustomerMapping(f, c)
		if vs.First() != nil || len(vs) != 1 || vs[0].Kind != Warning || !strings.Contains(vs[0].Message, "is inactive") {
			t.Errorf("want one warning, got %v", vs)
		}
	})
	t.Run("duplicate contract name warns", func(t *testing.T) {
		c := base()
		c.Contract = &Contract{ID: 100, CompanyID: 10, PSA: api.PsaAutotask, Name: "Flex", SameName: []api.PsaContract{{Id: 101, CompanyId: 12, CompanyName: "Riverside"}}}
		vs := CheckCustomerMapping(f, c)
		if vs.First() != nil || len(vs) != 1 || vs[0].Kind != Warning || !strings.Contains(vs[0].Message, "contract 101 of company 12") {
			t.Errorf("want one warning, got %v", vs)
		}
	})
	t.Run("ConnectWise says agreement", func(t *testing.T) {
		c := base()
		c.PSA = api.PsaConnectwise
		c.Input.ContractId, c.Contract = nil, nil
		expect(t, CheckCustomerMapping(f, c), Invalid, "usageSyncEnabled", "needs an agreement")
	})
}

func TestProductInputRules(t *testing.T) {
	f := APIFields()
	ok := api.PsaProductInput{Identifier: "SOPHOS-X", Description: "Sophos X"}
	if vs := CheckProductInput(f, ok); len(vs) != 0 {
		t.Fatalf("a valid product broke rules: %v", vs)
	}
	// Limits count characters, not bytes: 60 characters of French are 120 bytes.
	in := ok
	in.Description = strings.Repeat("é", api.MaxDescriptionLength)
	if vs := CheckProductInput(f, in); len(vs) != 0 {
		t.Errorf("60 characters must pass, got %v", vs)
	}
	in.Description += "é"
	expect(t, CheckProductInput(f, in), Invalid, "description", "at most 60 characters (got 61)")

	in = ok
	in.Identifier = "SOPHOS\u200b-X"
	expect(t, CheckProductInput(f, in), Invalid, "identifier", "invisible character, U+200B")
	in = ok
	in.Identifier = "  "
	expect(t, CheckProductInput(f, in), Invalid, "identifier", "required")
	in = ok
	in.Price = ptr(-1.5)
	expect(t, CheckProductInput(f, in), Invalid, "price", "must not be negative")
	in = ok
	in.ProductClass = ptr(api.ProductClass("Gadget"))
	expect(t, CheckProductInput(f, in), Invalid, "productClass", `"Gadget"`, `"NonInventory"`)
	in = ok
	in.VendorSku = ptr(strings.Repeat("x", api.MaxReferenceFieldLength+1))
	expect(t, CheckProductInput(f, in), Invalid, "vendorSku", "at most 50 characters")
}

func TestIdentifierFree(t *testing.T) {
	f := APIFields()
	others := []api.PsaProduct{{Id: 7, Psa: api.PsaConnectwise, Identifier: "SOPHOS-X"}}
	adopt := func(id int64) string { return fmt.Sprintf("use product %d", id) }
	expect(t, CheckIdentifierFree(f, "sophos-x", 0, others, adopt), Conflict, "identifier", "product 7", "ignoring case", "use product 7")
	if vs := CheckIdentifierFree(f, "sophos-x", 7, others, adopt); len(vs) != 0 {
		t.Errorf("a product's own identifier is free for it, got %v", vs)
	}
}

func TestMappableProduct(t *testing.T) {
	f := APIFields()
	expect(t, CheckMappableProduct(f, api.PsaConnectwise, 5, nil, nil, true), Invalid, "psaProductId", "no product with id 5")
	expect(t, CheckMappableProduct(f, api.PsaConnectwise, 5, &api.PsaProduct{Id: 5, Psa: api.PsaAutotask}, nil, true), Invalid, "psaProductId", "a product of Autotask PSA")
	expect(t, CheckMappableProduct(f, api.PsaConnectwise, 5, &api.PsaProduct{Id: 5, Psa: api.PsaConnectwise, InactiveFlag: true}, nil, false), Invalid, "psaProductId", "inactive")
	if vs := CheckMappableProduct(f, api.PsaConnectwise, 5, &api.PsaProduct{Id: 5, Psa: api.PsaConnectwise}, nil, true); len(vs) != 0 {
		t.Errorf("an active product is mappable, got %v", vs)
	}
	// Stopping billing is always possible: the product already mapped may go inactive and
	// the mapping still switch its sync off; switching it on, or mapping it anew, is refused.
	inactive := &api.PsaProduct{Id: 5, Psa: api.PsaConnectwise, InactiveFlag: true}
	current := &api.ProductMapping{Mapped: true, PsaProductId: ptr(int64(5))}
	if vs := CheckMappableProduct(f, api.PsaConnectwise, 5, inactive, current, false); len(vs) != 0 {
		t.Errorf("switching sync off on a retired product must pass, got %v", vs)
	}
	expect(t, CheckMappableProduct(f, api.PsaConnectwise, 5, inactive, current, true), Invalid, "psaProductId", "inactive")
}

func TestResolveReference(t *testing.T) {
	id := func(n int64) *int64 { return &n }
	data := &api.CatalogReference{
		UnitsOfMeasure: []api.Reference{{Id: id(1), Name: ptr("Each")}, {Id: id(2), Name: ptr("Device")}},
	}
	got, v := ResolveReference("unitOfMeasure", RefUnitOfMeasure, api.Reference{Name: ptr("device")}, data)
	if v != nil || got.ID != 2 || got.Name != "Device" {
		t.Errorf("case-insensitive name: got %+v, %v", got, v)
	}
	if got, v := ResolveReference("unitOfMeasure", RefUnitOfMeasure, api.Reference{Id: id(1)}, data); v != nil || got.Name != "Each" {
		t.Errorf("by id: got %+v, %v", got, v)
	}
	if _, v := ResolveReference("unitOfMeasure", RefUnitOfMeasure, api.Reference{Name: ptr("Crate")}, data); v == nil || !strings.Contains(v.Message, `Valid names: "Each", "Device"`) {
		t.Errorf("want the valid names, got %v", v)
	}
	if _, v := ResolveReference("unitOfMeasure", RefUnitOfMeasure, api.Reference{Id: id(1), Name: ptr("Device")}, data); v == nil || !strings.Contains(v.Message, `is "Each", not "Device"`) {
		t.Errorf("an id and a name that disagree must be refused, got %v", v)
	}
}

func TestResolveSubcategory(t *testing.T) {
	id := func(n int64) *int64 { return &n }
	data := &api.CatalogReference{
		Categories: []api.CatalogCategory{
			{Id: 1, Name: "Software", Subcategories: []api.Reference{{Id: id(11), Name: ptr("Endpoint Security")}}},
			{Id: 2, Name: "Services", Subcategories: []api.Reference{{Id: id(21), Name: ptr("Managed Security")}, {Id: id(24), Name: ptr("Network Security")}}},
			{Id: 3, Name: "Hardware", Subcategories: []api.Reference{{Id: id(33), Name: ptr("Network Security")}}},
		},
	}
	f := APIFields()
	f.SetName = func(field, name string) string { return field + " = " + strconv.Quote(name) }
	name := func(s string) api.Reference { return api.Reference{Name: ptr(s)} }

	if got, v := ResolveSubcategory(f, name("endpoint security"), nil, data); v != nil || got.ID != 11 || got.Category != "Software" {
		t.Errorf("a unique name needs no category: got %+v, %v", got, v)
	}
	_, v := ResolveSubcategory(f, name("Network Security"), nil, data)
	if v == nil || v.Field != "subcategory" || v.Value != "Network Security" ||
		!strings.Contains(v.Message, `"Services" (id 2), "Hardware" (id 3)`) ||
		!strings.Contains(v.Message, `category = "Services" or category = "Hardware"`) {
		t.Errorf("an ambiguous name without category must name the categories and the fix on subcategory, got %+v", v)
	}
	for _, c := range []api.Reference{name("hardware"), name("Hardware"), {Id: id(3)}} {
		if got, v := ResolveSubcategory(f, name("network security"), &c, data); v != nil || got.ID != 33 || got.Name != "Network Security" || got.Category != "Hardware" {
			t.Errorf("category %+v chooses Hardware's subcategory (case-insensitive): got %+v, %v", c, got, v)
		}
	}
	_, v = ResolveSubcategory(f, name("Network Security"), ptr(name("Software")), data)
	if v == nil || v.Field != "category" || v.Value != "Software" || !strings.Contains(v.Message, `has no subcategory "Network Security"`) ||
		!strings.Contains(v.Message, `"Services" (id 2), "Hardware" (id 3)`) || !reflect.DeepEqual(v.Allowed, []string{"Services", "Hardware"}) {
		t.Errorf("a category without the subcategory must be refused on category, listing the ones that have it, got %+v", v)
	}
	_, v = ResolveSubcategory(f, name("Endpoint Security"), ptr(name("Toys")), data)
	if v == nil || v.Field != "category" || !strings.Contains(v.Message, `"Toys" is not a ConnectWise product category`) ||
		!strings.Contains(v.Message, `category = "Software"`) {
		t.Errorf("an unknown category must be refused on category, got %+v", v)
	}
	if got, v := ResolveSubcategory(f, api.Reference{Id: id(24)}, ptr(name("Services")), data); v != nil || got.ID != 24 {
		t.Errorf("an id with its own category: got %+v, %v", got, v)
	}
	if _, v := ResolveSubcategory(f, api.Reference{Id: id(24)}, ptr(name("Hardware")), data); v == nil || v.Field != "category" {
		t.Errorf("an id of another category must be refused on category, got %+v", v)
	}
	if _, v := ResolveSubcategory(f, name("Routers"), ptr(name("Hardware")), data); v == nil || v.Field != "subcategory" || !strings.Contains(v.Message, "Valid names") {
		t.Errorf("an unknown subcategory is refused on subcategory, whatever the category, got %+v", v)
	}
	if got, v := ResolveSubcategory(f, api.Reference{Id: id(33)}, nil, data); v != nil || got.Category != "Hardware" {
		t.Errorf("an id chooses among equal names without a category: got %+v, %v", got, v)
	}
	if got, v := ResolveSubcategory(f, name("Managed Security"), &api.Reference{}, data); v != nil || got.ID != 21 {
		t.Errorf("an empty category is no category: got %+v, %v", got, v)
	}
}

func TestIsUUID(t *testing.T) {
	for s, want := range map[string]bool{
		"29946c86-596b-4918-b186-dbe32c6a986b":      true,
		"29946C86-596B-4918-B186-DBE32C6A986B":      true,
		"29946c86596b4918b186dbe32c6a986b":          false,
		"{29946c86-596b-4918-b186-dbe32c6a986b}":    false,
		"urn:uuid:29946c86-596b-4918-b186-dbe32c6a": false,
		"29946c86-not-a-uuid":                       false,
	} {
		if IsUUID(s) != want {
			t.Errorf("IsUUID(%q) = %t, want %t", s, !want, want)
		}
	}
}
