package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// Plan-time checks of sophos_psa_usage_sync_schedule: the schedule's rules
// (internal/rules, the same the API applies) and a schedule set outside Terraform.

// ValidateConfig fails the plan on a schedule the API would refuse: a monthly one without
// its day, a day outside 1 to 28, a day without a monthly schedule.
func (r *psaUsageSyncScheduleResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg psaUsageSyncScheduleModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.Schedule.IsUnknown() || cfg.DayOfMonth.IsUnknown() {
		return
	}
	in := cfg.toInput()
	if !in.UsageSyncSchedule.Valid() {
		return // the schedule's validator reports it
	}
	addViolations(&resp.Diagnostics, rules.CheckUsageSyncSchedule(integrationTerraformFields(), in.UsageSyncSchedule, in.DayOfMonth), nil)
}

// ModifyPlan fills in the id and the firewall schedule, and refuses to create over a
// schedule set outside Terraform to something else than the configuration asks. A PSA that is not connected yet (connected by this same
// apply) is not an error here.
func (r *psaUsageSyncScheduleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() {
		return
	}
	var plan psaUsageSyncScheduleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.PSA.IsUnknown() {
		return
	}
	plan.ID = plan.PSA
	plan.FirewallSync = types.StringValue(string(api.UsageSyncScheduleFirewallSyncWithInvoice))
	if r.client != nil {
		current, _, err := r.client.GetUsageSyncSchedule(ctx, plan.psa())
		switch {
		case client.IsConflict(err):
		case err != nil:
			resp.Diagnostics.Append(r.scheduleAPIError("check", plan.psa(), err))
			return
		case !plan.Schedule.IsUnknown() && !plan.DayOfMonth.IsUnknown() && plan.takesOver(current):
			resp.Diagnostics.AddAttributeError(path.Root("schedule"), "Set outside Terraform", scheduleSetOutsideDetail(current))
			return
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}
