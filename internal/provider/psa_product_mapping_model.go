package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// productMappingDescriptions returns the descriptions of the attributes shared by
// sophos_psa_product_mapping and sophos_psa_product_mappings, so both say the same thing.
func productMappingDescriptions() map[string]string {
	return map[string]string{
		"sophos_product":      "Sophos product identifier, e.g. `Sophos_Intercept_X_Advanced`.",
		"sophos_product_name": "Name of the Sophos product, e.g. `Sophos Central Intercept X Advanced`.",
		"psa_product_id": "Numeric id of the PSA product the Sophos product's usage is billed to. Renaming that " +
			"product in the PSA does not break the mapping.",
		"psa_product_name": "Name (description) of the PSA product, as the console shows it.",
		"sync_enabled": "Whether the Sophos product's usage is synced to the PSA. Removing a mapping switches it " +
			"off; it comes back only when the product is mapped again.",
	}
}

// productMappingFields are the attributes a product mapping has both in the resource and in
// each element of the data source.
type productMappingFields struct {
	SophosProduct     types.String `tfsdk:"sophos_product"`
	SophosProductName types.String `tfsdk:"sophos_product_name"`
	PSAProductID      types.Int64  `tfsdk:"psa_product_id"`
	PSAProductName    types.String `tfsdk:"psa_product_name"`
	SyncEnabled       types.Bool   `tfsdk:"sync_enabled"`
}

// productMappingFieldsFromAPI maps a product mapping of the API to the shared attributes;
// an unmapped product has a null PSA product.
func productMappingFieldsFromAPI(m *api.ProductMapping) productMappingFields {
	f := productMappingFields{
		SophosProduct:     types.StringValue(m.SophosProduct),
		SophosProductName: types.StringValue(m.SophosProductName),
		PSAProductID:      types.Int64PointerValue(m.PsaProductId),
		PSAProductName:    optionalString(m.PsaProductName),
		SyncEnabled:       types.BoolValue(m.SyncEnabled),
	}
	if !m.Mapped {
		f.PSAProductID = types.Int64Null()
		f.PSAProductName = types.StringNull()
	}
	return f
}

// productMappingID is the import id and `id` of a product mapping: "<psa>/<sophos_product>".
func productMappingID(psa, sophosProduct string) string { return psa + "/" + sophosProduct }
