package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// Plan-time checks of sophos_psa_integration: the credentials' field rules (internal/rules,
// the same the API applies before it asks the PSA), a PSA connected outside Terraform, a
// PSA in error that nothing planned fixes, and disconnecting while mappings remain.

// integrationTerraformFields words the connection rules with the resource's attributes.
func integrationTerraformFields() rules.IntegrationFields {
	return rules.IntegrationFields{
		ConnectWise: "connectwise", Autotask: "autotask",
		Site: "connectwise.site", CompanyID: "connectwise.company_id", PublicKey: "connectwise.public_key",
		PrivateKey: "connectwise.private_key_wo", ClientID: "connectwise.client_id",
		UserName: "autotask.username", Secret: "autotask.secret_wo", IntegrationCode: "autotask.integration_code",
		Schedule: "schedule", DayOfMonth: "day_of_month",
	}
}

// known is a configured string as the rules judge it: an unknown value (an ephemeral
// secret, say) stands in as a valid placeholder, so only what is known is judged.
func known(v types.String, placeholder string) string {
	if v.IsUnknown() {
		return placeholder
	}
	return v.ValueString()
}

// knownSecret is a configured secret as the rules judge it: unknown or null (left out of a
// configuration that does not write the credentials; ModifyPlan asks for it when the plan
// does) stands in as a valid placeholder.
func knownSecret(v types.String) string {
	if v.IsNull() {
		return "x"
	}
	return known(v, "x")
}

// ValidateConfig fails the plan on credentials the API would refuse before even asking the
// PSA: the block of the other PSA, a missing block, blank or padded fields, a site with
// https:// or a path, a client id that is not a GUID.
func (r *psaIntegrationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg psaIntegrationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.PSA.IsUnknown() || !cfg.psa().Valid() {
		return
	}
	var in api.IntegrationInput
	if c := cfg.ConnectWise; c != nil {
		secret := knownSecret(c.PrivateKeyWO)
		in.Connectwise = &api.ConnectWiseCredentials{Site: known(c.Site, "x.example"), CompanyId: known(c.CompanyID, "x"),
			PublicKey: known(c.PublicKey, "x"), ClientId: known(c.ClientID, "00000000-0000-4000-8000-000000000000"), PrivateKey: &secret}
	}
	if a := cfg.Autotask; a != nil {
		secret := knownSecret(a.SecretWO)
		in.Autotask = &api.AutotaskCredentials{UserName: known(a.Username, "x"), IntegrationCode: known(a.IntegrationCode, "x"), Secret: &secret}
	}
	addViolations(&resp.Diagnostics, rules.CheckIntegrationInput(integrationTerraformFields(), cfg.psa(), in), nil)
}

// ModifyPlan refuses to create a connection that exists outside
// Terraform, warns about a PSA in error that nothing planned fixes, and refuses to
// disconnect (destroy or replace) while mappings of the PSA remain.
func (r *psaIntegrationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state psaIntegrationModel
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if req.Plan.Raw.IsNull() {
		if r.client != nil {
			r.checkDisconnect(ctx, state.psa(), &resp.Diagnostics)
		}
		return
	}
	var plan psaIntegrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.PSA.IsUnknown() {
		return
	}
	// The id stays unknown until the PSA is connected: mappings and a schedule that take their
	// psa from it (psa = sophos_psa_integration.<name>.id) are then checked when they are
	// planned again during the apply, once the PSA they need is connected.
	creating := req.State.Raw.IsNull()
	checkSecretForWrite(ctx, req, plan, &resp.Diagnostics) // psa_integration_secret.go
	if r.client != nil {
		switch {
		case creating:
			if in, _, err := r.client.GetIntegration(ctx, plan.psa()); err != nil {
				resp.Diagnostics.Append(r.integrationAPIError("check", plan.psa(), err))
			} else if in.Status != api.IntegrationStatusNotConfigured {
				resp.Diagnostics.AddAttributeError(path.Root("psa"), "Already connected outside Terraform", integrationAlreadyConnectedDetail(in))
			}
		case !plan.PSA.Equal(state.PSA):
			// A replacement disconnects the PSA of the state.
			r.checkDisconnect(ctx, state.psa(), &resp.Diagnostics)
		case state.Status.ValueString() == string(api.IntegrationStatusError) && req.Plan.Raw.Equal(req.State.Raw):
			resp.Diagnostics.AddAttributeWarning(path.Root("status"), state.psa().ShortName()+" refuses the stored credentials",
				integrationErrorWarning(state.psa(), state.StatusError.ValueString()))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// checkDisconnect refuses a plan that disconnects psa while Sophos products or customers
// are mapped in it, other than the mappings this same plan destroys.
func (r *psaIntegrationResource) checkDisconnect(ctx context.Context, psa api.Psa, diags *diag.Diagnostics) {
	in, _, err := r.client.GetIntegration(ctx, psa)
	if err != nil {
		diags.Append(r.integrationAPIError("check", psa, err))
		return
	}
	if in.Status == api.IntegrationStatusNotConfigured {
		return // already disconnected
	}
	var left rules.MappingsLeft
	products, err := r.client.ListProductMappings(ctx, psa)
	if err != nil && !client.IsConflict(err) { // 409: in error, the mappings cannot be listed
		diags.Append(r.apiError("check", "PSA integration", "the product mappings of "+psa.DisplayName(), err, ""))
		return
	}
	for _, m := range products {
		if m.Mapped && !r.ledger.unmapped(productMappingKey(psa, m.SophosProduct)) {
			left.Products = append(left.Products, m.SophosProduct)
		}
	}
	customers, err := r.client.ListCustomerMappings(ctx, psa, client.CustomerMappingQuery{})
	if err != nil && !client.IsConflict(err) {
		diags.Append(r.apiError("check", "PSA integration", "the customer mappings of "+psa.DisplayName(), err, ""))
		return
	}
	for _, m := range customers {
		if m.Mapped && !r.ledger.unmapped(customerMappingKey(psa, m.CustomerId)) {
			left.Customers = append(left.Customers, m.CustomerName)
		}
	}
	if v := rules.CheckDisconnect(psa, left, disconnectFix(psa)); v != nil {
		diags.AddAttributeError(path.Root("psa"), "Unable to disconnect "+psa.DisplayName(), v.Message)
	}
}
