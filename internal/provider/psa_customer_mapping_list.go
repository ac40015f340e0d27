package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The list resource of sophos_psa_customer_mapping (`terraform query`): the customers of a
// PSA with their mapping, filtered as an MSP onboarding them needs.

var (
	_ list.ListResource              = (*psaCustomerMappingListResource)(nil)
	_ list.ListResourceWithConfigure = (*psaCustomerMappingListResource)(nil)
)

// NewPSACustomerMappingListResource returns the list resource of sophos_psa_customer_mapping.
func NewPSACustomerMappingListResource() list.ListResource {
	return &psaCustomerMappingListResource{}
}

type psaCustomerMappingListResource struct {
	resourceBase
}

// psaCustomerMappingListModel is the configuration of a customer-mapping list block.
type psaCustomerMappingListModel struct {
	PSA                types.String `tfsdk:"psa"`
	Mapped             types.Bool   `tfsdk:"mapped"`
	UsageSyncAvailable types.Bool   `tfsdk:"usage_sync_available"`
	UsageSyncEnabled   types.Bool   `tfsdk:"usage_sync_enabled"`
	SyncStatus         types.String `tfsdk:"sync_status"`
}

func (r *psaCustomerMappingListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_psa_customer_mapping"
}

func (r *psaCustomerMappingListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the customer mappings of a PSA, as the customer list of the PSA integration page in " +
			"Sophos Central Partner shows them. With `terraform query -generate-config-out` it writes a " +
			"`sophos_psa_customer_mapping` block and an `import` block for each mapping it finds.",
		Attributes: map[string]schema.Attribute{
			"psa": schema.StringAttribute{
				MarkdownDescription: psaDescription("PSA whose customers to list."),
				Required:            true,
				Validators:          psaValidators(),
			},
			"mapped": schema.BoolAttribute{
				MarkdownDescription: "`true` (the default) lists the customers that are mapped to a PSA company: the " +
					"mappings there are to import. `false` lists the customers not mapped yet, to see who is left; " +
					"they cannot be imported (map them with a `sophos_psa_customer_mapping` instead).",
				Optional: true,
			},
			"usage_sync_available": schema.BoolAttribute{
				MarkdownDescription: "Only customers for which usage sync is (`true`: usage-billed, MSP Flex) or is not " +
					"(`false`: term or trial) available.",
				Optional: true,
			},
			"usage_sync_enabled": schema.BoolAttribute{
				MarkdownDescription: "Only mappings whose usage sync is switched on (`true`) or off (`false`).",
				Optional:            true,
			},
			"sync_status": schema.StringAttribute{
				MarkdownDescription: "Only customers whose last usage sync had this result: " +
					markdownList(api.Strings(api.SyncStatuses())) + ".",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(api.Strings(api.SyncStatuses())...)},
			},
		},
	}
}

func (r *psaCustomerMappingListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listFrom(ctx, req, stream, func(cfg psaCustomerMappingListModel, diags *diag.Diagnostics) []listItem {
		psa := api.Psa(cfg.PSA.ValueString())
		mappings, err := r.client.ListCustomerMappings(ctx, psa, customerMappingQuery(cfg.UsageSyncAvailable, cfg.SyncStatus))
		if err != nil {
			diags.Append(r.apiError("list", "PSA customer mappings", "the customer mappings of "+psa.DisplayName(), err, ""))
			return nil
		}
		var items []listItem
		for _, m := range mappings {
			if mappedOnly(cfg.Mapped, m.Mapped) && keep(cfg.UsageSyncEnabled, m.UsageSyncEnabled) {
				state := psaCustomerMappingFromAPI(&m)
				items = append(items, listItem{displayName: customerMappingDisplayName(&m), identity: customerMappingIdentity(state), resource: func() any { return state }})
			}
		}
		return items
	})
}

// customerMappingDisplayName names a listed customer mapping: the customer and what it is
// mapped to.
func customerMappingDisplayName(m *api.CustomerMapping) string {
	if !m.Mapped {
		return m.CustomerName + " (not mapped)"
	}
	name := fmt.Sprintf("%s -> %s", m.CustomerName, deref(m.CompanyName))
	if m.ContractId != nil {
		name += fmt.Sprintf(" / %s", deref(m.ContractName))
	}
	return name
}
