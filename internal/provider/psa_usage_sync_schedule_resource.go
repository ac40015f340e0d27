package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// sophos_psa_usage_sync_schedule: the type and its CRUD. Its schema is in
// psa_usage_sync_schedule_schema.go, the model in psa_usage_sync_schedule_model.go,
// plan-time checks in psa_usage_sync_schedule_plan.go and messages in
// psa_usage_sync_schedule_messages.go.

var (
	_ resource.Resource                   = (*psaUsageSyncScheduleResource)(nil)
	_ resource.ResourceWithConfigure      = (*psaUsageSyncScheduleResource)(nil)
	_ resource.ResourceWithImportState    = (*psaUsageSyncScheduleResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*psaUsageSyncScheduleResource)(nil)
	_ resource.ResourceWithValidateConfig = (*psaUsageSyncScheduleResource)(nil)
)

// NewPSAUsageSyncScheduleResource returns the sophos_psa_usage_sync_schedule resource.
func NewPSAUsageSyncScheduleResource() resource.Resource {
	return &psaUsageSyncScheduleResource{}
}

// psaUsageSyncScheduleResource is when usage is synced to one PSA.
type psaUsageSyncScheduleResource struct {
	resourceBase
}

func (r *psaUsageSyncScheduleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_psa_usage_sync_schedule"
}

func (r *psaUsageSyncScheduleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan psaUsageSyncScheduleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	psa := plan.psa()
	current, etag, err := r.client.GetUsageSyncSchedule(ctx, psa)
	if err != nil {
		resp.Diagnostics.Append(r.scheduleAPIError("set", psa, err))
		return
	}
	if !isDefaultSchedule(current) {
		resp.Diagnostics.AddAttributeError(path.Root("schedule"), "Set outside Terraform", scheduleSetOutsideDetail(current))
		return
	}
	out, etag, err := r.client.PutUsageSyncSchedule(ctx, psa, plan.toInput(), etag)
	if err != nil {
		resp.Diagnostics.Append(r.scheduleAPIError("set", psa, err))
		return
	}
	tflog.Debug(ctx, "Set usage-sync schedule", map[string]any{"psa": psa, "schedule": out.UsageSyncSchedule})
	state := psaUsageSyncScheduleFromAPI(out)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, psaIdentity(state.PSA))...)
	resp.Diagnostics.Append(setETag(ctx, resp.Private, etag)...)
}

func (r *psaUsageSyncScheduleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state psaUsageSyncScheduleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// First, from the prior state: engines before 1.12 and older state send none.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, psaIdentity(state.PSA))...)
	s, etag, err := r.client.GetUsageSyncSchedule(ctx, state.psa())
	if client.IsConflict(err) {
		tflog.Warn(ctx, "The PSA was disconnected outside Terraform, and its schedule with it; removing it from state", map[string]any{"psa": state.PSA.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(r.scheduleAPIError("read", state.psa(), err))
		return
	}
	state = psaUsageSyncScheduleFromAPI(s)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setETag(ctx, resp.Private, etag)...)
}

func (r *psaUsageSyncScheduleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan psaUsageSyncScheduleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	etag, diags := getETag(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	out, etag, err := r.client.PutUsageSyncSchedule(ctx, plan.psa(), plan.toInput(), etag)
	if err != nil {
		resp.Diagnostics.Append(r.scheduleAPIError("update", plan.psa(), err))
		return
	}
	state := psaUsageSyncScheduleFromAPI(out)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, psaIdentity(state.PSA))...)
	resp.Diagnostics.Append(setETag(ctx, resp.Private, etag)...)
}

// Delete returns the PSA to the default schedule. A PSA disconnected meanwhile has the
// default already.
func (r *psaUsageSyncScheduleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state psaUsageSyncScheduleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	etag, diags := getETag(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, _, err := r.client.PutUsageSyncSchedule(ctx, state.psa(), defaultScheduleInput(), etag)
	if err != nil && !client.IsConflict(err) && !client.IsNotFound(err) {
		resp.Diagnostics.Append(r.scheduleAPIError("reset", state.psa(), err))
		return
	}
	tflog.Debug(ctx, "Reset usage-sync schedule to the default", map[string]any{"psa": state.PSA.ValueString()})
}

// ImportState imports the schedule of a connected PSA by the PSA's name or identity.
func (r *psaUsageSyncScheduleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	psa, ok := importPSA(ctx, "sophos_psa_usage_sync_schedule", req, &resp.Diagnostics)
	if !ok {
		return
	}
	if _, _, err := r.client.GetUsageSyncSchedule(ctx, psa); err != nil {
		if client.IsConflict(err) {
			resp.Diagnostics.AddError("Unable to import usage-sync schedule",
				fmt.Sprintf("%s is not connected, so it has no usage-sync schedule to import. Connect it first (sophos_psa_integration).", psa.DisplayName()))
			return
		}
		resp.Diagnostics.Append(r.scheduleAPIError("import", psa, err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), string(psa))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("psa"), string(psa))...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, psaIdentityModel{PSA: types.StringValue(string(psa))})...)
}
