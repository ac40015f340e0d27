package provider

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

func TestMarkdownList(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{[]string{"a"}, "`a`"},
		{[]string{"a", "b"}, "`a` or `b`"},
		{[]string{"usage", "term", "trial"}, "`usage`, `term` or `trial`"},
	} {
		if got := markdownList(tc.in); got != tc.want {
			t.Errorf("markdownList(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPSADescriptionNamesEveryPSA(t *testing.T) {
	d := psaDescription("PSA to use.")
	for _, v := range api.Strings(api.PSAs()) {
		if !strings.Contains(d, "`"+v+"`") {
			t.Errorf("psa description %q does not name %q", d, v)
		}
	}
}

func TestAPIErrorDiagnostic(t *testing.T) {
	value := "Widget"
	allowed := []string{"Service", "NonInventory"}
	for _, tc := range []struct {
		name        string
		err         error
		whatToDo    string
		wantSummary string
		wantDetail  []string
	}{
		{
			name:        "precondition failed",
			err:         &client.APIError{Method: "PUT", Path: "/x", StatusCode: 412, Code: "PreconditionFailed", Message: "changed since it was read", RequestID: "req-1"},
			wantSummary: "Unable to update ConnectWise product",
			wantDetail: []string{
				`HTTP 412 PreconditionFailed when asked to update ConnectWise product "X" (id 7)`,
				"API message: changed since it was read",
				"Request id: req-1",
				`ConnectWise product "X" (id 7) changed outside Terraform since it was last read (someone edited it in Sophos Central Partner or the PSA). Run ` + "`terraform plan`" + ` again to see the change, then apply.`,
			},
		},
		{
			name:        "validation with field details",
			err:         &client.APIError{StatusCode: 400, Code: "BadRequest", Message: "invalid product", Details: []api.FieldError{{Field: "productClass", Message: "unknown", Value: &value, Allowed: &allowed}}},
			wantSummary: "Unable to update ConnectWise product",
			wantDetail:  []string{`productClass: unknown (value "Widget") (valid values: Service, NonInventory)`, "Correct the configuration"},
		},
		{
			name:        "specific advice wins",
			err:         &client.APIError{StatusCode: 409, Code: "Conflict", Message: "in use"},
			whatToDo:    "Import it instead.",
			wantSummary: "Unable to update ConnectWise product",
			wantDetail:  []string{"API message: in use", "Import it instead."},
		},
		{
			name:        "authentication",
			err:         &client.AuthError{StatusCode: 401, Code: "oauth.invalid_client_secret", Message: "wrong secret"},
			wantSummary: "Unable to update ConnectWise product",
			wantDetail:  []string{"refused the API credential", "oauth.invalid_client_secret", "SOPHOS_CLIENT_SECRET"},
		},
		{
			name:        "network",
			err:         errors.New("dial tcp: connection refused"),
			wantSummary: "Unable to update ConnectWise product",
			wantDetail:  []string{"connection refused", "api_url"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := apiErrorDiagnostic("update", "ConnectWise product", describeProduct("X", "7"), tc.err, tc.whatToDo)
			if d.Summary() != tc.wantSummary {
				t.Errorf("summary %q, want %q", d.Summary(), tc.wantSummary)
			}
			for _, want := range tc.wantDetail {
				if !strings.Contains(d.Detail(), want) {
					t.Errorf("detail does not contain %q:\n%s", want, d.Detail())
				}
			}
		})
	}
}

func TestCheckReferenceWantsConnectWiseSpelling(t *testing.T) {
	name := func(s string) *string { return &s }
	ref := &api.CatalogReference{UnitsOfMeasure: []api.Reference{{Id: new(int64), Name: name("Each")}, {Name: name("Device")}}}
	var diags diag.Diagnostics
	if ok := checkReference("unit_of_measure", rules.RefUnitOfMeasure, types.StringValue("Each"), ref, &diags); !ok || diags.HasError() {
		t.Errorf("Each is valid, got %v", diags)
	}
	if ok := checkReference("unit_of_measure", rules.RefUnitOfMeasure, types.StringValue("each"), ref, &diags); ok || !strings.Contains(diags[0].Detail(), `did you mean "Each"`) {
		t.Errorf("want a case hint, got %v", diags)
	}
}

func TestPSAProductFieldsRoundTrip(t *testing.T) {
	mpn := "CIXA1CSAA"
	empty := ""
	p := &api.PsaProduct{
		Id: 7, Psa: api.PsaConnectwise, Identifier: "ID", Description: "Desc", CustomerDescription: "Cust",
		Category: &api.Reference{Name: strPtr("Software")}, Subcategory: &api.Reference{Name: strPtr("Endpoint Security")},
		Type: &api.Reference{Name: strPtr("Service")}, UnitOfMeasure: &api.Reference{Name: strPtr("Each")},
		ProductClass: api.ProductClassService, Price: 4.5, Cost: 2, TaxableFlag: true,
		ManufacturerPartNumber: &mpn, VendorSku: &empty,
	}
	f := psaProductFieldsFromAPI(p)
	if !f.VendorSKU.IsNull() || !f.Notes.IsNull() {
		t.Errorf("empty or missing optional texts must be null, got vendor_sku=%s notes=%s", f.VendorSKU, f.Notes)
	}
	if f.ManufacturerPartNumber.ValueString() != mpn || f.Category.ValueString() != "Software" {
		t.Errorf("unexpected mapping: %+v", f)
	}
	in := f.toInput()
	if in.Identifier != "ID" || *in.Subcategory.Name != "Endpoint Security" || *in.UnitOfMeasure.Name != "Each" ||
		*in.ProductClass != api.ProductClassService || *in.Price != 4.5 || !*in.TaxableFlag || *in.CustomerDescription != "Cust" {
		t.Errorf("unexpected input: %+v", in)
	}
	// Optional texts not set are sent empty, so a full replace clears them.
	if in.Notes == nil || *in.Notes != "" || in.VendorSku == nil || *in.VendorSku != "" {
		t.Errorf("unset optional texts must be sent empty, got notes=%v vendorSku=%v", in.Notes, in.VendorSku)
	}
	// Unknown values are left to the API.
	f.Price = types.Float64Unknown()
	if f.toInput().Price != nil {
		t.Error("an unknown price must be left out")
	}
}

func TestProductMappingFieldsFromAPI(t *testing.T) {
	id := int64(102)
	name := "Sophos Intercept X Advanced"
	m := productMappingFieldsFromAPI(&api.ProductMapping{Psa: api.PsaConnectwise, SophosProduct: "Sophos_X", SophosProductName: "X", Mapped: true, PsaProductId: &id, PsaProductName: &name, SyncEnabled: true})
	if m.PSAProductID.ValueInt64() != 102 || m.PSAProductName.ValueString() != name || !m.SyncEnabled.ValueBool() {
		t.Errorf("unexpected mapping: %+v", m)
	}
	unmapped := productMappingFieldsFromAPI(&api.ProductMapping{Psa: api.PsaConnectwise, SophosProduct: "Sophos_X", SophosProductName: "X", PsaProductId: &id})
	if !unmapped.PSAProductID.IsNull() || !unmapped.PSAProductName.IsNull() {
		t.Errorf("an unmapped product must have no PSA product, got %+v", unmapped)
	}
	if got := psaProductMappingFromAPI(&api.ProductMapping{Psa: api.PsaAutotask, SophosProduct: "Sophos_X"}).ID.ValueString(); got != "autotask/Sophos_X" {
		t.Errorf("id %q, want autotask/Sophos_X", got)
	}
}

func TestProviderDataFrom(t *testing.T) {
	if pd, diags := providerDataFrom(nil); pd != nil || diags.HasError() {
		t.Error("nil provider data (provider not configured yet) must be no error and no data")
	}
	if pd, diags := providerDataFrom("wrong"); pd != nil || !diags.HasError() {
		t.Error("provider data of the wrong type must be an error")
	}
	want := &providerData{}
	if pd, diags := providerDataFrom(want); pd != want || diags.HasError() {
		t.Error("provider data of the right type must be returned")
	}
}

// TestKeepPlanned: a write stores the API's value only where the plan was unknown; a known
// planned value, null included, is what Terraform checks the result against.
func TestKeepPlanned(t *testing.T) {
	api := types.StringValue("Renamed in the PSA")
	for _, tc := range []struct {
		name    string
		planned types.String
		want    types.String
	}{
		{"unknown takes the API's value", types.StringUnknown(), api},
		{"a known name is kept", types.StringValue("As planned"), types.StringValue("As planned")},
		{"a planned null stays null", types.StringNull(), types.StringNull()},
	} {
		if got := keepPlanned(tc.planned, api); !got.Equal(tc.want) {
			t.Errorf("%s: keepPlanned(%s, %s) = %s, want %s", tc.name, tc.planned, api, got, tc.want)
		}
	}
}

func strPtr(s string) *string { return &s }
