package provider

import (
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// connectWiseProductModel is the resource's state.
type connectWiseProductModel struct {
	ID types.String `tfsdk:"id"`
	psaProductFields
}

// connectWiseProductFromAPI maps a product of the API to the resource's model.
func connectWiseProductFromAPI(p *api.PsaProduct) connectWiseProductModel {
	return connectWiseProductModel{
		ID:               types.StringValue(strconv.FormatInt(p.Id, 10)),
		psaProductFields: psaProductFieldsFromAPI(p),
	}
}

// sameAs reports whether the product p has every value m knows: on create, that it is the
// product the configuration asks for.
func (m connectWiseProductModel) sameAs(p *api.PsaProduct) bool {
	got := psaProductFieldsFromAPI(p)
	for _, v := range [][2]attr.Value{
		{m.Identifier, got.Identifier}, {m.Description, got.Description}, {m.CustomerDescription, got.CustomerDescription},
		{m.Category, got.Category}, {m.Subcategory, got.Subcategory}, {m.Type, got.Type}, {m.ProductClass, got.ProductClass},
		{m.UnitOfMeasure, got.UnitOfMeasure}, {m.Price, got.Price}, {m.Cost, got.Cost}, {m.Taxable, got.Taxable},
		{m.Inactive, got.Inactive}, {m.ManufacturerPartNumber, got.ManufacturerPartNumber}, {m.VendorSKU, got.VendorSKU},
		{m.IntegrationXRef, got.IntegrationXRef}, {m.Notes, got.Notes},
	} {
		if !v[0].IsUnknown() && !v[0].Equal(v[1]) {
			return false
		}
	}
	return true
}

// describeProduct names a ConnectWise product in messages.
func describeProduct(identifier, id string) string {
	switch {
	case identifier != "" && id != "":
		return fmt.Sprintf("ConnectWise product %q (id %s)", identifier, id)
	case id != "":
		return "ConnectWise product " + id
	default:
		return fmt.Sprintf("ConnectWise product %q", identifier)
	}
}

// knownAttributes lists the attributes whose configured value is known, so checks of the
// configuration judge only what it already says.
func (m connectWiseProductModel) knownAttributes() map[string]bool {
	known := map[string]bool{}
	for attr, v := range map[string]attr.Value{
		"identifier": m.Identifier, "description": m.Description, "customer_description": m.CustomerDescription,
		"product_class": m.ProductClass, "manufacturer_part_number": m.ManufacturerPartNumber, "vendor_sku": m.VendorSKU,
		"integration_xref": m.IntegrationXRef, "price": m.Price, "cost": m.Cost,
	} {
		known[attr] = !v.IsUnknown()
	}
	return known
}
