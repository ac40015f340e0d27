package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The resource identity of sophos_connectwise_product and connectwise_product: the numeric
// ConnectWise product id, which is also the import ID. See provider_identity.go for the
// rules every resource follows.

var _ resource.ResourceWithIdentity = (*connectWiseProductResource)(nil)

// connectWiseProductIdentityModel is the identity of a ConnectWise product.
type connectWiseProductIdentityModel struct {
	ID types.Int64 `tfsdk:"id"`
}

func (r *connectWiseProductResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.Int64Attribute{
				Description:       "Numeric id of the product in ConnectWise PSA (the catalog item id).",
				RequiredForImport: true,
			},
		},
	}
}

// connectWiseProductIdentity is the identity of the product with numeric id id.
func connectWiseProductIdentity(id int64) connectWiseProductIdentityModel {
	return connectWiseProductIdentityModel{ID: types.Int64Value(id)}
}

// connectWiseProductIdentityOf is the identity of the product in m, or null when its id is
// not a ConnectWise product id (which Read reports).
func connectWiseProductIdentityOf(m connectWiseProductModel) connectWiseProductIdentityModel {
	id, err := strconv.ParseInt(m.ID.ValueString(), 10, 64)
	if err != nil || id < 1 {
		return connectWiseProductIdentityModel{ID: types.Int64Null()}
	}
	return connectWiseProductIdentity(id)
}

// importID reads what an import names, by import ID (the numeric product id) or by identity,
// and checks its form.
func (r *connectWiseProductResource) importID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (int64, bool) {
	if importedByIdentity(req) {
		var id connectWiseProductIdentityModel
		diags.Append(req.Identity.Get(ctx, &id)...)
		if diags.HasError() {
			return 0, false
		}
		if id.ID.IsNull() || id.ID.ValueInt64() < 1 {
			diags.Append(invalidImportIdentityDiagnostic(r.typeName, "{ id = "+id.ID.String()+" }",
				[]string{"id is the product's numeric ConnectWise id (see the sophos_psa_products data source)"}, "{ id = 1234 }"))
			return 0, false
		}
		return id.ID.ValueInt64(), true
	}
	id, err := strconv.ParseInt(req.ID, 10, 64)
	if err != nil || id < 1 {
		diags.Append(invalidImportIDDiagnostic(r.typeName, req.ID,
			"the product's numeric ConnectWise id (see the sophos_psa_products data source)", "1234"))
		return 0, false
	}
	return id, true
}
