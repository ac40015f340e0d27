package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The resource identity of sophos_psa_product_mapping: the PSA and the Sophos product, the
// two parts of its import ID (provider_mapping_identity.go).

var _ resource.ResourceWithIdentity = (*psaProductMappingResource)(nil)

var productMappingIdentitySpec = mappingIdentity{
	typeName:       "sophos_psa_product_mapping",
	key:            "sophos_product",
	mapped:         "Sophos product",
	keyDescription: "Sophos product identifier, e.g. Sophos_Intercept_X_Advanced.",
	keyForm:        "a Sophos product identifier",
	valid:          sophosProductPattern.MatchString,
	examplePSA:     api.PsaConnectwise,
	exampleKey:     "Sophos_Intercept_X_Advanced",
}

// psaProductMappingIdentityModel is the identity of a product mapping.
type psaProductMappingIdentityModel struct {
	PSA           types.String `tfsdk:"psa"`
	SophosProduct types.String `tfsdk:"sophos_product"`
}

func (r *psaProductMappingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = productMappingIdentitySpec.schema()
}

// productMappingIdentity is the identity of the mapping in m (state or plan).
func productMappingIdentity(m psaProductMappingModel) psaProductMappingIdentityModel {
	return psaProductMappingIdentityModel{PSA: m.PSA, SophosProduct: m.SophosProduct}
}
