package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// The user guide of this resource (what plan checks, cancelled contracts) is in
// templates/resources/psa_customer_mapping.md.tmpl.
func (r *psaCustomerMappingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	d := customerMappingDescriptions()
	resp.Schema = schema.Schema{
		MarkdownDescription: "Maps a Sophos Central Partner customer (tenant) to a company and a contract in the PSA " +
			"(an Autotask contract or a ConnectWise agreement) and sets its usage-sync and ticket-sync switches, " +
			"as the customer list of the PSA integration page in Sophos Central Partner does.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Identifier of the mapping: `<psa>/<customer_id>`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"psa": schema.StringAttribute{
				MarkdownDescription: psaDescription("PSA the customer is mapped in; changing it replaces the mapping."),
				Required:            true,
				Validators:          psaValidators(),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"customer_id": schema.StringAttribute{
				MarkdownDescription: d.CustomerID + " Changing it replaces the mapping.",
				Required:            true,
				Validators:          []validator.String{customerIDValidator()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"customer_name": schema.StringAttribute{
				MarkdownDescription: d.CustomerName + " Shown in the plan, as Sophos Central has it when the plan reads it; a rename shows at the next refresh.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"company_id": schema.Int64Attribute{
				MarkdownDescription: d.CompanyID,
				Required:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"company_name": schema.StringAttribute{
				MarkdownDescription: d.CompanyName + " Shown in the plan, also when `company_id` changes; a rename shows at the next refresh.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{useStateUnlessChanged(path.Root("company_id"))},
			},
			"contract_id": schema.Int64Attribute{
				MarkdownDescription: d.ContractID + " It must belong to `company_id` and must not be " +
					"cancelled; expired contracts are accepted. Required when `usage_sync_enabled` is `true`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"contract_name": schema.StringAttribute{
				MarkdownDescription: d.ContractName + " Shown in the plan, also when `contract_id` changes; a rename shows at the next refresh.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{useStateUnlessChanged(path.Root("contract_id"))},
			},
			"usage_sync_enabled": schema.BoolAttribute{
				MarkdownDescription: d.UsageSyncEnabled + " Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"ticket_sync_enabled": schema.BoolAttribute{
				MarkdownDescription: d.TicketSyncEnabled + " Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
		},
	}
}
