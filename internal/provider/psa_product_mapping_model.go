package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// productMappingDescriptions returns the descriptions of the attributes shared by
// sophos_psa_product_mapping and sophos_psa_product_mappings, so both say the same thing.
func productMappingDescriptions() productMappingDocs {
	return productMappingDocs{
		SophosProduct:     "Sophos product identifier, e.g. `Sophos_Intercept_X_Advanced`.",
		SophosProductName: "Name of the Sophos product, e.g. `Sophos Central Intercept X Advanced`.",
		PSAProductID: "Numeric id of the PSA product the Sophos product's usage is billed to. Renaming that " +
			"product in the PSA does not break the mapping.",
		PSAProductName: "Name (description) of the PSA product, as the console shows it.",
		SyncEnabled: "Whether the Sophos product's usage is synced to the PSA. Removing a mapping switches it " +
			"off; it comes back only when the product is mapped again.",
	}
}

// productMappingDocs holds the descriptions of shared attributes; a field per attribute, so a typo
// does not compile instead of giving an empty text.
type productMappingDocs struct {
	SophosProduct     string
	SophosProductName string
	PSAProductID      string
	PSAProductName    string
	SyncEnabled       string
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

// psaProductMappingModel is the resource's state.
type psaProductMappingModel struct {
	ID  types.String `tfsdk:"id"`
	PSA types.String `tfsdk:"psa"`
	productMappingFields
}

// toInput builds the API's write body.
func (m psaProductMappingModel) toInput() api.ProductMappingInput {
	return api.ProductMappingInput{
		PsaProductId: m.PSAProductID.ValueInt64(),
		SyncEnabled:  m.SyncEnabled.ValueBoolPointer(),
	}
}

func (m psaProductMappingModel) psa() api.Psa { return api.Psa(m.PSA.ValueString()) }

// psaProductMappingFromAPI maps a product mapping of the API to the resource's model.
func psaProductMappingFromAPI(m *api.ProductMapping) psaProductMappingModel {
	return psaProductMappingModel{
		ID:                   types.StringValue(productMappingID(string(m.Psa), m.SophosProduct)),
		PSA:                  types.StringValue(string(m.Psa)),
		productMappingFields: productMappingFieldsFromAPI(m),
	}
}

// productMappingObject names a product mapping in messages.
func productMappingObject(psa api.Psa, sophosProduct string) string {
	return fmt.Sprintf("the %s mapping of Sophos product %q", psa.DisplayName(), sophosProduct)
}
