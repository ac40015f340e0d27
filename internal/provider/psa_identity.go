package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The resource identity of sophos_psa_integration and sophos_psa_usage_sync_schedule, one
// object per PSA: the PSA, which is also their import ID. See resource_identity.go for the
// rules every resource follows.

var (
	_ resource.ResourceWithIdentity = (*psaIntegrationResource)(nil)
	_ resource.ResourceWithIdentity = (*psaUsageSyncScheduleResource)(nil)
)

// psaIdentityModel is the identity of an object there is one of per PSA.
type psaIdentityModel struct {
	PSA types.String `tfsdk:"psa"`
}

// psaIdentitySchema describes the identity of what (one per PSA).
func psaIdentitySchema(what string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"psa": identityschema.StringAttribute{
				Description:       "PSA of the " + what + ": " + markdownList(api.Strings(api.PSAs())) + ".",
				RequiredForImport: true,
			},
		},
	}
}

func (r *psaIntegrationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = psaIdentitySchema("integration")
}

func (r *psaUsageSyncScheduleResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = psaIdentitySchema("usage-sync schedule")
}

// psaIdentity is the identity of the object of psa (a types.String of state or plan).
func psaIdentity(psa types.String) psaIdentityModel { return psaIdentityModel{PSA: psa} }

// importPSA reads the PSA an import of typeName names, by import ID (`autotask`) or by
// identity (`{ psa = "autotask" }`), and checks it.
func importPSA(ctx context.Context, typeName string, req resource.ImportStateRequest, diags *diag.Diagnostics) (api.Psa, bool) {
	psas := markdownList(api.Strings(api.PSAs()))
	if importedByIdentity(req) {
		var id psaIdentityModel
		diags.Append(req.Identity.Get(ctx, &id)...)
		if diags.HasError() {
			return "", false
		}
		if psa := api.Psa(id.PSA.ValueString()); psa.Valid() {
			return psa, true
		}
		diags.Append(invalidImportIdentityDiagnostic(typeName, fmt.Sprintf("{ psa = %s }", id.PSA), []string{"psa is the name of a PSA (" + psas + ")"}, `{ psa = "autotask" }`))
		return "", false
	}
	psa := api.Psa(req.ID)
	if !psa.Valid() {
		diags.Append(invalidImportIDDiagnostic(typeName, req.ID, "the name of a PSA ("+psas+")", "autotask"))
		return "", false
	}
	return psa, true
}
