package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The write-only secret of sophos_psa_integration is optional in the schema and required by
// the plan whenever the apply writes the credentials: Sophos Central takes the whole
// credential, secret included, on every write, and never returns the secret. A
// configuration that keeps a connection as it is, such as the one `terraform plan
// -generate-config-out` writes for an imported integration (`secret_wo = null # sensitive`),
// then plans no changes and applies as it is; change anything of the credentials and the
// plan asks for the secret, naming the attribute. See DESIGN.md ("Write-only PSA secrets").

// checkSecretForWrite fails the plan of an integration that writes its credentials (a
// connect, or any change of the PSA's credentials block) while the secret is not configured.
func checkSecretForWrite(ctx context.Context, req resource.ModifyPlanRequest, plan psaIntegrationModel, diags *diag.Diagnostics) {
	secretPath := plan.secretPath()
	var secret types.String
	diags.Append(req.Config.GetAttribute(ctx, secretPath, &secret)...)
	if diags.HasError() || !secret.IsNull() {
		return
	}
	if !req.State.Raw.IsNull() {
		// Write-only values are null in plan and state: the blocks differ only when a
		// credential field or a *_wo_version changes.
		var planned, stored types.Object
		diags.Append(req.Plan.GetAttribute(ctx, secretPath.ParentPath(), &planned)...)
		diags.Append(req.State.GetAttribute(ctx, secretPath.ParentPath(), &stored)...)
		if diags.HasError() || planned.Equal(stored) {
			return
		}
	}
	name := integrationTerraformFields().Secret
	if plan.psa() == api.PsaConnectwise {
		name = integrationTerraformFields().PrivateKey
	}
	diags.AddAttributeError(secretPath, "Missing write-only secret", fmt.Sprintf(
		"This plan writes the credentials of %s, and Sophos Central takes the whole credential, secret included, on every "+
			"write. Set %s (for example from an ephemeral variable) and plan again. Only a configuration that keeps the "+
			"connection as it is, such as one generated for an imported integration, may leave it null.",
		plan.psa().DisplayName(), name))
}
