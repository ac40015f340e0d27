package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

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

func strPtr(s string) *string { return &s }
