package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// sophos_psa_sync_usage: the console's "Sync now" button of a PSA integration, one
// usage-sync pass of every mapped customer with usage sync on.

var (
	_ action.Action              = (*syncUsageAction)(nil)
	_ action.ActionWithConfigure = (*syncUsageAction)(nil)
)

// NewSyncUsageAction returns the sophos_psa_sync_usage action.
func NewSyncUsageAction() action.Action {
	return &syncUsageAction{}
}

type syncUsageAction struct {
	actionBase
}

// syncUsageModel is the action's configuration.
type syncUsageModel struct {
	PSA types.String `tfsdk:"psa"`
}

func (a *syncUsageAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_psa_sync_usage"
}

func (a *syncUsageAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Syncs usage to the PSA now, as \"Sync now\" on the PSA integration page of Sophos Central " +
			"Partner does, instead of waiting for the schedule: every mapped customer with usage sync on gets a " +
			"result, and the company and contract names of every mapping are refreshed. A customer whose usage " +
			"cannot sync is a warning naming the reason; the action fails only when the sync cannot run (for " +
			"example when the PSA is not connected).",
		Attributes: map[string]schema.Attribute{
			"psa": schema.StringAttribute{
				MarkdownDescription: psaDescription("PSA to sync usage to."),
				Required:            true,
				Validators:          psaValidators(),
			},
		},
	}
}

func (a *syncUsageAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg syncUsageModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	psa := api.Psa(cfg.PSA.ValueString())

	resp.Diagnostics.Append(a.requireConnected(ctx, psa, "sync", "usage")...)
	if resp.Diagnostics.HasError() {
		return
	}
	sendProgress(resp, fmt.Sprintf("Syncing usage to %s...", psa.DisplayName()))
	run, err := a.client.RunUsageSync(ctx, psa)
	if err != nil {
		resp.Diagnostics.Append(a.apiError("sync", "usage", "usage to "+psa.DisplayName(), err, ""))
		return
	}
	tflog.Debug(ctx, "Synced usage", map[string]any{"psa": psa, "successful": run.CustomersSynced, "failed": run.CustomersFailed})
	for _, res := range run.Results {
		if res.Status != api.SyncStatusFailed {
			continue
		}
		resp.Diagnostics.AddWarning("Usage of a customer not synced",
			fmt.Sprintf("The usage of customer %q (%s) could not be synced to %s: %s",
				res.CustomerName, res.CustomerId, psa.DisplayName(), deref(res.Error)))
	}
	sendProgress(resp, syncUsageSummary(run))
}

// syncUsageSummary is the last progress message of a pass: how many customers synced.
func syncUsageSummary(run *api.UsageSyncRun) string {
	if len(run.Results) == 0 {
		return fmt.Sprintf("Usage sync to %s done: no mapped customer has usage sync on.", run.Psa.DisplayName())
	}
	return fmt.Sprintf("Usage sync to %s done: %s synced, %d failed.", run.Psa.DisplayName(), customers(run.CustomersSynced), run.CustomersFailed)
}

// customers words a count of customers.
func customers(n int) string {
	if n == 1 {
		return "1 customer"
	}
	return fmt.Sprintf("%d customers", n)
}
