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
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// The resource identity of sophos_psa_customer_mapping: the PSA and the customer, the two
// parts of its import ID. See resource_identity.go for the rules every resource follows.

var _ resource.ResourceWithIdentity = (*psaCustomerMappingResource)(nil)

// psaCustomerMappingIdentityModel is the identity of a customer mapping.
type psaCustomerMappingIdentityModel struct {
	PSA        types.String `tfsdk:"psa"`
	CustomerID types.String `tfsdk:"customer_id"`
}

func (r *psaCustomerMappingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"psa": identityschema.StringAttribute{
				Description:       "PSA the customer is mapped in: " + strings.Join(api.Strings(api.PSAs()), " or ") + ".",
				RequiredForImport: true,
			},
			"customer_id": identityschema.StringAttribute{
				Description:       "Id (UUID) of the Sophos Central Partner customer (tenant).",
				RequiredForImport: true,
			},
		},
	}
}

// customerMappingIdentity is the identity of the mapping in m (state or plan).
func customerMappingIdentity(m psaCustomerMappingModel) psaCustomerMappingIdentityModel {
	return psaCustomerMappingIdentityModel{PSA: m.PSA, CustomerID: m.CustomerID}
}

// customerMappingImportKey reads what an import names, by import ID ("<psa>/<customer_id>")
// or by identity, and checks its form.
func customerMappingImportKey(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (api.Psa, string, bool) {
	if importedByIdentity(req) {
		var id psaCustomerMappingIdentityModel
		diags.Append(req.Identity.Get(ctx, &id)...)
		if diags.HasError() {
			return "", "", false
		}
		psa, customerID := api.Psa(id.PSA.ValueString()), id.CustomerID.ValueString()
		if !psa.Valid() || !rules.IsUUID(customerID) {
			diags.Append(invalidImportIdentityDiagnostic("sophos_psa_customer_mapping",
				fmt.Sprintf("{ psa = %s, customer_id = %s }", id.PSA, id.CustomerID),
				[]string{"psa is " + strings.Join(api.Strings(api.PSAs()), " or "), "customer_id is the Sophos customer's id (a UUID)"},
				`{ psa = "autotask", customer_id = "29946c86-596b-4918-b186-dbe32c6a986b" }`))
			return "", "", false
		}
		return psa, customerID, true
	}
	psaText, customerID, ok := strings.Cut(req.ID, "/")
	if !ok || !api.Psa(psaText).Valid() || !rules.IsUUID(customerID) {
		diags.Append(invalidImportIDDiagnostic("sophos_psa_customer_mapping", req.ID,
			"<psa>/<customer_id>, where <psa> is "+strings.Join(api.Strings(api.PSAs()), " or ")+" and <customer_id> is the Sophos customer's id (a UUID)",
			"autotask/29946c86-596b-4918-b186-dbe32c6a986b"))
		return "", "", false
	}
	return api.Psa(psaText), customerID, true
}
