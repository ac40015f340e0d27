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
				MarkdownDescription: "Id (UUID) of the Sophos Central Partner customer (tenant), e.g. from the " +
					"`sophos_customers` data source. Changing it replaces the mapping.",
				Required:      true,
				Validators:    []validator.String{customerIDValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"customer_name": schema.StringAttribute{
				MarkdownDescription: "Name of the customer in Sophos Central Partner. Unknown in the plan that creates the mapping; a rename shows at the next refresh.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"company_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the PSA company (a ConnectWise company or an Autotask company), e.g. " +
					"from the `sophos_psa_companies` data source.",
				Required:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"company_name": schema.StringAttribute{
				MarkdownDescription: "Name of the PSA company. Unknown in a plan only when `company_id` changes.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{useStateUnlessChanged(path.Root("company_id"))},
			},
			"contract_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the Autotask contract or ConnectWise agreement usage is synced to, e.g. " +
					"from the `sophos_psa_contracts` data source. It must belong to `company_id` and must not be " +
					"cancelled; expired contracts are accepted. Required when `usage_sync_enabled` is `true`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"contract_name": schema.StringAttribute{
				MarkdownDescription: "Name of the contract or agreement; null without `contract_id`. Unknown in a plan only when `contract_id` changes.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{useStateUnlessChanged(path.Root("contract_id"))},
			},
			"usage_sync_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the customer's monthly usage is synced to the contract. Needs " +
					"`contract_id` and a usage-billed (monthly, MSP Flex) customer. Defaults to `false`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"ticket_sync_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the customer's Sophos alerts become PSA tickets. Works for every " +
					"customer, with or without usage sync. Defaults to `false`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
		},
	}
}
