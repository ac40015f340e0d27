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
