package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// usageSyncScheduleValues returns the schedules; they drive the validator and the description.
func usageSyncScheduleValues() []string { return api.Strings(api.UsageSyncFrequencies()) }

func (r *psaUsageSyncScheduleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	var meanings string
	for _, f := range api.UsageSyncFrequencies() {
		meanings += fmt.Sprintf(" `%s`: %s.", f, f.Describe())
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "When Sophos Central Partner syncs usage to a connected PSA: with the Sophos monthly invoice " +
			"(the default), once a month on a chosen day, or daily. Firewall products sync only with the monthly invoice, " +
			"whatever the schedule. Destroying the resource returns the PSA to the default schedule. The PSA must be " +
			"connected (see `sophos_psa_integration`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The PSA: `connectwise` or `autotask`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"psa": schema.StringAttribute{
				MarkdownDescription: psaDescription("PSA whose schedule this is; changing it replaces the resource. Reference " +
					"the integration (`sophos_psa_integration.<name>.id`) so that the PSA is connected first."),
				Required:      true,
				Validators:    psaValidators(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"schedule": schema.StringAttribute{
				MarkdownDescription: "When usage is synced: " + markdownList(usageSyncScheduleValues()) + "." + meanings,
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(usageSyncScheduleValues()...)},
			},
			"day_of_month": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Day of the month a `monthly` schedule syncs on, %d to %d (a day every month has). "+
					"Required for `monthly`, not allowed otherwise.", api.MinUsageSyncDay, api.MaxUsageSyncDay),
				Optional: true,
			},
			"firewall_sync": schema.StringAttribute{
				MarkdownDescription: "When firewall products sync: always `withInvoice`, with the Sophos monthly invoice.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}
