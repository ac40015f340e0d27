package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// psaUsageSyncScheduleModel is the state of sophos_psa_usage_sync_schedule.
type psaUsageSyncScheduleModel struct {
	ID           types.String `tfsdk:"id"`
	PSA          types.String `tfsdk:"psa"`
	Schedule     types.String `tfsdk:"schedule"`
	DayOfMonth   types.Int64  `tfsdk:"day_of_month"`
	FirewallSync types.String `tfsdk:"firewall_sync"`
}

func (m psaUsageSyncScheduleModel) psa() api.Psa { return api.Psa(m.PSA.ValueString()) }

// psaUsageSyncScheduleFromAPI maps a schedule of the API to the model; it is the one mapper.
func psaUsageSyncScheduleFromAPI(s *api.UsageSyncSchedule) psaUsageSyncScheduleModel {
	m := psaUsageSyncScheduleModel{
		ID: types.StringValue(string(s.Psa)), PSA: types.StringValue(string(s.Psa)),
		Schedule: types.StringValue(string(s.UsageSyncSchedule)), DayOfMonth: types.Int64Null(),
		FirewallSync: types.StringValue(string(s.FirewallSync)),
	}
	if s.DayOfMonth != nil {
		m.DayOfMonth = types.Int64Value(int64(*s.DayOfMonth))
	}
	return m
}

// toInput builds the API's write body; it is the one place the body is built.
func (m psaUsageSyncScheduleModel) toInput() api.UsageSyncScheduleInput {
	in := api.UsageSyncScheduleInput{UsageSyncSchedule: api.UsageSyncFrequency(m.Schedule.ValueString())}
	if !m.DayOfMonth.IsNull() && !m.DayOfMonth.IsUnknown() {
		d := int(m.DayOfMonth.ValueInt64())
		in.DayOfMonth = &d
	}
	return in
}

// defaultScheduleInput is the schedule a PSA returns to when the resource is destroyed.
func defaultScheduleInput() api.UsageSyncScheduleInput {
	return api.UsageSyncScheduleInput{UsageSyncSchedule: api.DefaultUsageSyncSchedule}
}

// isDefaultSchedule reports whether s is the schedule of a newly connected PSA.
// takesOver reports whether creating the schedule of plan over s would take over a
// schedule someone set otherwise: one that is neither the default nor already what the
// configuration asks for (a setting, not an object: an equal one is nobody else's choice
// that Terraform would hide).
func (m psaUsageSyncScheduleModel) takesOver(s *api.UsageSyncSchedule) bool {
	if isDefaultSchedule(s) {
		return false
	}
	want := m.toInput()
	return s.UsageSyncSchedule != want.UsageSyncSchedule || (s.DayOfMonth == nil) != (want.DayOfMonth == nil) ||
		(s.DayOfMonth != nil && *s.DayOfMonth != *want.DayOfMonth)
}

func isDefaultSchedule(s *api.UsageSyncSchedule) bool {
	return s.UsageSyncSchedule == api.DefaultUsageSyncSchedule && s.DayOfMonth == nil
}
