package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Actions are planned (Terraform plans an action_trigger's actions with the resource, and
// `-invoke` plans the action alone), so "the PSA is not connected" fails the plan, before
// anything is applied, instead of halting an apply half-way. Invoke checks again: the
// integration may change between plan and apply.

var (
	_ action.ActionWithModifyPlan = (*syncUsageAction)(nil)
	_ action.ActionWithModifyPlan = (*refreshCustomerDetailsAction)(nil)
)

func (a *syncUsageAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	a.planConnected(ctx, req.Config, "sync", "usage", &resp.Diagnostics)
}

func (a *refreshCustomerDetailsAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	a.planConnected(ctx, req.Config, "refresh", "customer details", &resp.Diagnostics)
}

// planConnected fails the plan of an action whose PSA is known and not connected. A psa
// still unknown (taken from sophos_psa_integration.<name>.id while this apply connects it)
// is checked when Terraform plans the action again during the apply, and at Invoke.
func (b *actionBase) planConnected(ctx context.Context, config tfsdk.Config, verb, kind string, diags *diag.Diagnostics) {
	var psa types.String
	diags.Append(config.GetAttribute(ctx, path.Root("psa"), &psa)...)
	if diags.HasError() || b.client == nil || psa.IsUnknown() || psa.IsNull() || !api.Psa(psa.ValueString()).Valid() {
		return
	}
	for _, d := range b.requireConnected(ctx, api.Psa(psa.ValueString()), verb, kind) {
		if d.Severity() != diag.SeverityError || d.Summary() != "Unable to "+verb+" "+kind {
			diags.Append(d)
			continue
		}
		diags.AddAttributeError(path.Root("psa"), d.Summary(), d.Detail()+" If this configuration connects it, take psa from "+
			"the integration's id (psa = sophos_psa_integration.<name>.id): the action is then checked once the PSA is connected.")
	}
}
