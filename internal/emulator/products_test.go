package emulator

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

const cwProducts = "/partner/v1/psa/connectwise/products"

func validProduct() map[string]any {
	return map[string]any{
		"identifier":  "SOPHOS-ZTNA",
		"description": "Sophos ZTNA per user",
		"subcategory": map[string]any{"name": "security software"},
		"type":        map[string]any{"id": 3},
		"price":       3.5,
		"cost":        2.0,
	}
}

func withField(m map[string]any, k string, v any) map[string]any {
	out := map[string]any{}
	for key, val := range m {
		out[key] = val
	}
	if v == nil {
		delete(out, k)
	} else {
		out[k] = v
	}
	return out
}

func TestListProducts(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	tests := []struct {
		query string
		want  []string // identifiers, in order
	}{
		{"?search=mdr", []string{"SOPHOS-MDR-COMPLETE"}},
		{"?search=INTERCEPT%20X%20ADVANCED", []string{"SOPHOS-CIX-ADV", "SOPHOS-CIX-ADV-XDR", "SOPHOS-SRV-IXA"}},
		{"?identifier=sophos-cix-adv", []string{"SOPHOS-CIX-ADV"}},
		{"?search=legacy", nil},
		{"?search=legacy&includeInactive=true", []string{"SOPHOS-EP-LEGACY"}},
		{"?search=zz-nothing", nil},
	}
	for _, tc := range tests {
		var l api.PsaProductList
		en.get(cwProducts+tc.query, &l)
		var got []string
		for _, p := range l.Items {
			got = append(got, p.Identifier)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: got %v, want %v", tc.query, got, tc.want)
		}
	}
	var all api.PsaProductList
	en.get(cwProducts+"?pageTotal=true&pageSize=4", &all)
	if *all.Pages.Items != 11 || *all.Pages.Total != 3 || len(all.Items) != 4 {
		t.Fatalf("active ConnectWise products: %d items / %d pages", *all.Pages.Items, *all.Pages.Total)
	}
	p := all.Items[0]
	if p.Category == nil || p.Subcategory == nil || p.Type == nil || p.UnitOfMeasure == nil || p.UnderscoreInfo == nil || p.Category.Name == nil {
		t.Fatalf("product lacks references: %+v", p)
	}
	var at api.PsaProductList
	en.get("/partner/v1/psa/autotask/products", &at)
	if len(at.Items) != 5 || at.Items[0].Psa != api.PsaAutotask {
		t.Fatalf("autotask products = %d", len(at.Items))
	}
	e := en.expectError(http.StatusBadRequest, "BadRequest", req{path: cwProducts + "?search=x"}, "2 characters")
	if (*e.Details)[0].Field != "search" {
		t.Fatalf("details = %+v", *e.Details)
	}
	var ref api.CatalogReference
	en.get("/partner/v1/psa/connectwise/catalog-reference", &ref)
	if len(ref.Categories) != 3 || len(ref.Categories[0].Subcategories) != 3 || len(ref.UnitsOfMeasure) != 5 || len(ref.ProductClasses) != 5 {
		t.Fatalf("catalog reference = %+v", ref)
	}
}

func TestProductValidation(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name    string
		body    any
		field   string
		allowed bool
	}{
		{"identifier required", withField(validProduct(), "identifier", nil), "identifier", false},
		{"description required", withField(validProduct(), "description", "  "), "description", false},
		{"subcategory required", withField(validProduct(), "subcategory", nil), "subcategory", true},
		{"type required", withField(validProduct(), "type", nil), "type", true},
		{"identifier too long", withField(validProduct(), "identifier", long(76)), "identifier", false},
		{"description too long", withField(validProduct(), "description", long(61)), "description", false},
		{"customer description too long", withField(validProduct(), "customerDescription", long(6001)), "customerDescription", false},
		{"part number too long", withField(validProduct(), "manufacturerPartNumber", long(51)), "manufacturerPartNumber", false},
		{"vendor sku too long", withField(validProduct(), "vendorSku", long(51)), "vendorSku", false},
		{"xref too long", withField(validProduct(), "integrationXRef", long(51)), "integrationXRef", false},
		{"negative price", withField(validProduct(), "price", -1), "price", false},
		{"negative cost", withField(validProduct(), "cost", -0.5), "cost", false},
		{"bad class", withField(validProduct(), "productClass", "Gadget"), "productClass", true},
		{"unknown subcategory", withField(validProduct(), "subcategory", map[string]any{"name": "Toasters"}), "subcategory", true},
		{"unknown type id", withField(validProduct(), "type", map[string]any{"id": 99}), "type", true},
		{"unknown unit", withField(validProduct(), "unitOfMeasure", map[string]any{"name": "Bushel"}), "unitOfMeasure", true},
		{"id and name disagree", withField(validProduct(), "type", map[string]any{"id": 3, "name": "Service"}), "type", true},
		{"subcategory in two categories", withField(validProduct(), "subcategory", map[string]any{"name": "Network Security"}), "subcategory", true},
		{"category without the subcategory", withField(withField(validProduct(), "subcategory", map[string]any{"name": "Network Security"}),
			"category", map[string]any{"name": "Software"}), "category", true},
		{"unknown category id", withField(validProduct(), "category", map[string]any{"id": 9}), "category", true},
		{"wrong JSON type", withField(validProduct(), "price", "cheap"), "price", false},
		{"unknown field", withField(validProduct(), "colour", "blue"), "colour", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			en := en.with(t)
			e := en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPost, path: cwProducts, body: tc.body})
			if e.Details == nil || (*e.Details)[0].Field != tc.field {
				t.Fatalf("details = %+v, want field %s", e.Details, tc.field)
			}
			if tc.allowed && (*e.Details)[0].Allowed == nil {
				t.Fatalf("no allowed values for %s: %+v", tc.field, (*e.Details)[0])
			}
		})
	}
}

func TestProductLifecycle(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	r := en.expect(http.StatusCreated, req{method: http.MethodPost, path: cwProducts, body: validProduct()})
	var p api.PsaProduct
	mustUnmarshal(t, r.body, &p)
	if p.Id <= 112 || p.Id >= 29680000 || p.CustomerDescription != p.Description || p.UnitOfMeasure == nil || *p.UnitOfMeasure.Name != "Each" ||
		p.ProductClass != api.ProductClassNonInventory || p.Category == nil || *p.Category.Name != "Software" || *p.Subcategory.Name != "Security Software" {
		t.Fatalf("created product = %s", r.body)
	}
	if r.header.Get("ETag") != `"1"` {
		t.Fatalf("ETag = %q", r.header.Get("ETag"))
	}
	path := cwProducts + "/" + itoa(p.Id)

	// Identifier unique per PSA, ignoring case.
	en.expectError(http.StatusConflict, "Conflict", req{method: http.MethodPost, path: cwProducts, body: withField(validProduct(), "identifier", "sophos-ztna")}, itoa(p.Id))
	// Autotask products are read-only.
	en.expectError(http.StatusMethodNotAllowed, "MethodNotAllowed", req{method: http.MethodPost, path: "/partner/v1/psa/autotask/products", body: validProduct()}, "read-only")
	en.expectError(http.StatusMethodNotAllowed, "MethodNotAllowed", req{method: http.MethodPut, path: "/partner/v1/psa/autotask/products/29680001", body: validProduct()}, "read-only")
	en.expectError(http.StatusMethodNotAllowed, "MethodNotAllowed", req{method: http.MethodDelete, path: "/partner/v1/psa/autotask/products/29680001"}, "read-only")
	// A product of the other PSA is not found under this one.
	en.expectError(http.StatusNotFound, "NotFound", req{path: "/partner/v1/psa/autotask/products/" + itoa(p.Id)}, "ConnectWise product")

	// Update with a stale ETag fails; with the current one it works.
	update := withField(validProduct(), "description", "Sophos ZTNA (per user)")
	en.expectError(http.StatusPreconditionFailed, "PreconditionFailed", req{method: http.MethodPut, path: path, body: update, headers: map[string]string{"If-Match": `"7"`}}, "changed since it was read")
	r = en.expect(http.StatusOK, req{method: http.MethodPut, path: path, body: update, headers: map[string]string{"If-Match": `"1"`}})
	mustUnmarshal(t, r.body, &p)
	if p.Description != "Sophos ZTNA (per user)" || r.header.Get("ETag") != `"2"` || !p.UnderscoreInfo.LastUpdated.After(*p.UnderscoreInfo.DateEntered) && !p.UnderscoreInfo.LastUpdated.Equal(*p.UnderscoreInfo.DateEntered) {
		t.Fatalf("updated = %s (ETag %s)", r.body, r.header.Get("ETag"))
	}
	en.expect(http.StatusOK, req{method: http.MethodPut, path: path, body: update, headers: map[string]string{"If-Match": "*"}})
	// Renaming to another product's identifier conflicts.
	en.expectError(http.StatusConflict, "Conflict", req{method: http.MethodPut, path: path, body: withField(validProduct(), "identifier", "SOPHOS-CIX-ADV")}, "102")

	// Mapped products cannot be deleted; renaming keeps the mapping.
	mp := "/partner/v1/psa/connectwise/product-mappings/Sophos_ZTNA"
	en.expect(http.StatusOK, req{method: http.MethodPut, path: mp, body: map[string]any{"psaProductId": p.Id}})
	en.expectError(http.StatusConflict, "Conflict", req{method: http.MethodDelete, path: path}, "Sophos_ZTNA")
	en.expect(http.StatusOK, req{method: http.MethodPut, path: path, body: withField(validProduct(), "identifier", "NW-ZTNA")})
	var m api.ProductMapping
	en.get(mp, &m)
	if !m.Mapped || *m.PsaProductId != p.Id || *m.PsaProductIdentifier != "NW-ZTNA" || !m.SyncEnabled {
		t.Fatalf("mapping after rename = %+v", m)
	}
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: mp})
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: path})
	en.expectError(http.StatusNotFound, "NotFound", req{path: path})
}

func TestProductMappings(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	const base = "/partner/v1/psa/connectwise/product-mappings/"
	var l api.ProductMappingList
	en.get("/partner/v1/psa/connectwise/product-mappings?pageSize=100&pageTotal=true", &l)
	if *l.Pages.Items != 25 || len(l.Items) != 25 {
		t.Fatalf("%d product mappings, want the 25 Sophos products with usage", *l.Pages.Items)
	}
	for _, m := range l.Items {
		if m.Mapped || m.SyncEnabled || m.SophosProduct == "Sophos_Firewall_Manager" {
			t.Fatalf("unexpected mapping in a fresh seed: %+v", m)
		}
	}

	r := en.get(base+"Sophos_Intercept_X_Advanced", nil)
	if r.header.Get("ETag") != `"0"` {
		t.Fatalf("unmapped ETag = %q", r.header.Get("ETag"))
	}
	en.expectError(http.StatusNotFound, "NotFound", req{path: base + "Sophos_Nope"}, "Sophos_Nope")
	en.expectError(http.StatusNotFound, "NotFound", req{path: base + "sophos_intercept_x_advanced"}, "did you mean")
	en.expectError(http.StatusNotFound, "NotFound", req{path: base + "Sophos_Firewall_Manager"}, "no usage")

	tests := []struct {
		name      string
		psa, body string
		status    int
		fragments []string
	}{
		{"missing product id", "connectwise", `{}`, http.StatusBadRequest, []string{"psaProductId is required"}},
		{"unknown product", "connectwise", `{"psaProductId": 4242}`, http.StatusBadRequest, []string{"ConnectWise PSA has no product with id 4242"}},
		{"autotask product in connectwise", "connectwise", `{"psaProductId": 29680001}`, http.StatusBadRequest, []string{"a product of Autotask PSA", "choose a ConnectWise product"}},
		{"connectwise product in autotask", "autotask", `{"psaProductId": 102}`, http.StatusBadRequest, []string{"a product of ConnectWise PSA", "choose an Autotask product"}},
		{"inactive product", "connectwise", `{"psaProductId": 110}`, http.StatusBadRequest, []string{"SOPHOS-EP-LEGACY", "inactive", "Activate it"}},
		{"foreign partner's product", "connectwise", `{"psaProductId": 901}`, http.StatusBadRequest, []string{"ConnectWise PSA has no product with id 901"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			en := en.with(t)
			en.expectError(tc.status, "BadRequest", req{method: http.MethodPut, path: "/partner/v1/psa/" + tc.psa + "/product-mappings/Sophos_MDR_Complete", body: tc.body}, tc.fragments...)
		})
	}

	// Map with sync defaulting to true, then switch sync off with the ETag.
	r = en.expect(http.StatusOK, req{method: http.MethodPut, path: base + "Sophos_MDR_Complete", body: `{"psaProductId": 104}`})
	var m api.ProductMapping
	mustUnmarshal(t, r.body, &m)
	if !m.Mapped || !m.SyncEnabled || *m.PsaProductName != "Sophos MDR Complete" || *m.PsaProductIdentifier != "SOPHOS-MDR-COMPLETE" || m.UpdatedAt == nil {
		t.Fatalf("mapping = %s", r.body)
	}
	tag := r.header.Get("ETag")
	r = en.expect(http.StatusOK, req{method: http.MethodPut, path: base + "Sophos_MDR_Complete", body: `{"psaProductId": 104, "syncEnabled": false}`, headers: map[string]string{"If-Match": tag}})
	mustUnmarshal(t, r.body, &m)
	if m.SyncEnabled || r.header.Get("ETag") == tag {
		t.Fatalf("sync off: %s ETag %s", r.body, r.header.Get("ETag"))
	}
	en.expectError(http.StatusPreconditionFailed, "PreconditionFailed", req{method: http.MethodDelete, path: base + "Sophos_MDR_Complete", headers: map[string]string{"If-Match": tag}})
	// Several Sophos products may share one PSA product (bundles).
	en.expect(http.StatusOK, req{method: http.MethodPut, path: base + "Sophos_Central_Phish_Threat", body: `{"psaProductId": 104}`})
	// Autotask mappings are independent of ConnectWise ones.
	en.expect(http.StatusOK, req{method: http.MethodPut, path: "/partner/v1/psa/autotask/product-mappings/Sophos_MDR_Complete", body: `{"psaProductId": 29680003}`})

	// Delete: unmapped, sync off; deleting again is fine.
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: base + "Sophos_MDR_Complete"})
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: base + "Sophos_MDR_Complete"})
	var after api.ProductMapping
	en.get(base+"Sophos_MDR_Complete", &after)
	if after.Mapped || after.SyncEnabled || after.PsaProductId != nil {
		t.Fatalf("after delete = %+v", after)
	}
	var at api.ProductMapping
	en.get("/partner/v1/psa/autotask/product-mappings/Sophos_MDR_Complete", &at)
	if !at.Mapped {
		t.Fatal("deleting the ConnectWise mapping removed the Autotask one")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// A subcategory name that two categories have (Network Security: Services 24, Hardware 33)
// is chosen with the category, by name (ignoring case) or id.
func TestProductSubcategoryChosenByCategory(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	for i, tc := range []struct {
		category map[string]any
		want     int64
	}{
		{map[string]any{"name": "hardware"}, 33},
		{map[string]any{"id": 2}, 24},
	} {
		body := withField(withField(withField(validProduct(), "identifier", fmt.Sprintf("NET-%d", i)),
			"subcategory", map[string]any{"name": "network security"}), "category", tc.category)
		r := en.expect(http.StatusCreated, req{method: http.MethodPost, path: cwProducts, body: body})
		var p api.PsaProduct
		mustUnmarshal(t, r.body, &p)
		if p.Subcategory == nil || p.Subcategory.Id == nil || *p.Subcategory.Id != tc.want || p.Category == nil || p.Category.Id == nil {
			t.Fatalf("category %v: created product = %s, want subcategory %d", tc.category, r.body, tc.want)
		}
	}
	e := en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPost, path: cwProducts,
		body: withField(validProduct(), "subcategory", map[string]any{"name": "Network Security"})})
	if d := (*e.Details)[0]; !strings.Contains(d.Message, `"Services" (id 2), "Hardware" (id 3)`) || !strings.Contains(d.Message, `"category": {"name": "Services"}`) {
		t.Fatalf("ambiguous subcategory: %+v", d)
	}
}
