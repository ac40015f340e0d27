package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The resource identity of sophos_psa_product_mapping: the PSA and the Sophos product, the
// two parts of its import ID. See resource_identity.go for the rules every resource follows.

var _ resource.ResourceWithIdentity = (*psaProductMappingResource)(nil)

// psaProductMappingIdentityModel is the identity of a product mapping.
type psaProductMappingIdentityModel struct {
	PSA           types.String `tfsdk:"psa"`
	SophosProduct types.String `tfsdk:"sophos_product"`
}

func (r *psaProductMappingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"psa": identityschema.StringAttribute{
				Description:       "PSA the Sophos product is mapped in: " + strings.Join(api.Strings(api.PSAs()), " or ") + ".",
				RequiredForImport: true,
			},
			"sophos_product": identityschema.StringAttribute{
				Description:       "Sophos product identifier, e.g. Sophos_Intercept_X_Advanced.",
				RequiredForImport: true,
			},
		},
	}
}

// productMappingIdentity is the identity of the mapping in m (state or plan).
func productMappingIdentity(m psaProductMappingModel) psaProductMappingIdentityModel {
	return psaProductMappingIdentityModel{PSA: m.PSA, SophosProduct: m.SophosProduct}
}

// productMappingImportKey reads what an import names, by import ID ("<psa>/<sophos_product>")
// or by identity, and checks its form.
func productMappingImportKey(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (api.Psa, string, bool) {
	if importedByIdentity(req) {
		var id psaProductMappingIdentityModel
		diags.Append(req.Identity.Get(ctx, &id)...)
		if diags.HasError() {
			return "", "", false
		}
		psa, sophosProduct := api.Psa(id.PSA.ValueString()), id.SophosProduct.ValueString()
		if !psa.Valid() || !sophosProductPattern.MatchString(sophosProduct) {
			diags.Append(invalidImportIdentityDiagnostic("sophos_psa_product_mapping",
				fmt.Sprintf("{ psa = %s, sophos_product = %s }", id.PSA, id.SophosProduct),
				[]string{"psa is " + strings.Join(api.Strings(api.PSAs()), " or "), "sophos_product is a Sophos product identifier"},
				`{ psa = "connectwise", sophos_product = "Sophos_Intercept_X_Advanced" }`))
			return "", "", false
		}
		return psa, sophosProduct, true
	}
	psaText, sophosProduct, found := strings.Cut(req.ID, "/")
	if !found || !api.Psa(psaText).Valid() || !sophosProductPattern.MatchString(sophosProduct) {
		diags.Append(invalidImportIDDiagnostic("sophos_psa_product_mapping", req.ID,
			"<psa>/<sophos_product>, where <psa> is "+strings.Join(api.Strings(api.PSAs()), " or ")+" and <sophos_product> a Sophos product identifier",
			"connectwise/Sophos_Intercept_X_Advanced"))
		return "", "", false
	}
	return api.Psa(psaText), sophosProduct, true
}
