package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Actions (Terraform 1.14+): the console's one-shot buttons. Each action is in its own
// action_*.go file; what they share is here.

// actionBase gives an action its Configure method; embed it.
type actionBase struct{ providerData }

// Configure takes the provider's client; before the provider is configured there is none.
func (b *actionBase) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	b.configure(req.ProviderData, &resp.Diagnostics)
}

// requireConnected fails with a diagnostic naming the PSA and what to do unless the
// partner's integration with psa is connected: actions ask before they start, so "not
// connected" is never mistaken for a failure of the action itself. verb and kind word the
// summary ("Unable to <verb> <kind>").
func (b *actionBase) requireConnected(ctx context.Context, psa api.Psa, verb, kind string) diag.Diagnostics {
	var diags diag.Diagnostics
	integrations, err := b.client.ListIntegrations(ctx)
	if err != nil {
		diags.Append(b.apiError("check", "PSA integration", "the PSA integrations of the partner", err, ""))
		return diags
	}
	for _, in := range integrations {
		if in.Psa != psa {
			continue
		}
		switch in.Status {
		case api.IntegrationStatusConnected:
			return diags
		case api.IntegrationStatusError:
			diags.AddError("Unable to "+verb+" "+kind, fmt.Sprintf("The %s integration of this partner is in an error state, so "+
				"Sophos Central cannot reach %s. Check its API credentials under Settings & policies > API & Integrations > "+
				"PSA Integration in Sophos Central Partner, then run the action again.", in.Name, psa.ShortName()))
		default:
			diags.AddError("Unable to "+verb+" "+kind, fmt.Sprintf("%s is not connected to this partner account (status %s). "+
				"Connect it under Settings & policies > API & Integrations > PSA Integration in Sophos Central Partner, "+
				"then run the action again.", in.Name, in.Status))
		}
		return diags
	}
	diags.AddError("Unable to "+verb+" "+kind, fmt.Sprintf("Sophos Central lists no %s integration for this partner. "+
		"Set up the integration under Settings & policies > API & Integrations > PSA Integration in Sophos Central Partner.", psa.DisplayName()))
	return diags
}

// sendProgress reports a progress message when Terraform listens for them.
func sendProgress(resp *action.InvokeResponse, message string) {
	if resp.SendProgress != nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: message})
	}
}
