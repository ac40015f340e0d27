package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

var (
	_ datasource.DataSource              = (*psaCustomerMappingsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*psaCustomerMappingsDataSource)(nil)
)

// NewPSACustomerMappingsDataSource returns the sophos_psa_customer_mappings data source.
func NewPSACustomerMappingsDataSource() datasource.DataSource {
	return &psaCustomerMappingsDataSource{}
}

// psaCustomerMappingsDataSource is the customer list of the console's PSA integration page
// as data: every customer with its mapping, sync switches and the result of the last sync.
type psaCustomerMappingsDataSource struct {
	dataSourceBase
}

type psaCustomerMappingsDataSourceModel struct {
	PSA                types.String                 `tfsdk:"psa"`
	UsageSyncAvailable types.Bool                   `tfsdk:"usage_sync_available"`
	SyncStatus         types.String                 `tfsdk:"sync_status"`
	Mappings           []psaCustomerMappingRowModel `tfsdk:"mappings"`
}

// psaCustomerMappingRowModel is one customer of the list.
type psaCustomerMappingRowModel struct {
	BillingType        types.String `tfsdk:"billing_type"`
	UsageSyncAvailable types.Bool   `tfsdk:"usage_sync_available"`
	Mapped             types.Bool   `tfsdk:"mapped"`
	CompanyExists      types.Bool   `tfsdk:"company_exists"`
	ContractStatus     types.String `tfsdk:"contract_status"`
	LastSyncStatus     types.String `tfsdk:"last_sync_status"`
	LastSyncAt         types.String `tfsdk:"last_sync_at"`
	LastSyncError      types.String `tfsdk:"last_sync_error"`
	customerMappingFields
}

func (d *psaCustomerMappingsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_psa_customer_mappings"
}

func (d *psaCustomerMappingsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	desc := customerMappingDescriptions()
	computedString := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	computedInt64 := func(description string) schema.Int64Attribute {
		return schema.Int64Attribute{MarkdownDescription: description, Computed: true}
	}
	computedBool := func(description string) schema.BoolAttribute {
		return schema.BoolAttribute{MarkdownDescription: description, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The customer list of the PSA integration page in Sophos Central Partner, as data: " +
			"every customer, whether usage sync is available for it, its PSA company and contract (if mapped), " +
			"the live status of that contract, its sync switches, and the result of its last usage sync. " +
			"Filter it as the console does, on `usage_sync_available` and on the last `sync_status`, e.g. to " +
			"alert on failed syncs or to find customers not mapped yet.",
		Attributes: map[string]schema.Attribute{
			"psa": schema.StringAttribute{
				MarkdownDescription: psaDescription("PSA whose customer list is read."),
				Required:            true,
				Validators:          psaValidators(),
			},
			"usage_sync_available": schema.BoolAttribute{
				MarkdownDescription: "Only customers for which usage sync is (`true`) or is not (`false`) available. " +
					"Usage sync is available for usage-billed (monthly, MSP Flex) customers.",
				Optional: true,
			},
			"sync_status": schema.StringAttribute{
				MarkdownDescription: "Only customers whose last usage sync had this result: " + markdownList(api.Strings(api.SyncStatuses())) + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(api.Strings(api.SyncStatuses())...)},
			},
			"mappings": schema.ListNestedAttribute{
				MarkdownDescription: "The matching customers, mapped or not, in the order the API lists them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"customer_id":          computedString(desc.CustomerID),
						"customer_name":        computedString(desc.CustomerName),
						"billing_type":         computedString("Billing type: " + markdownList(api.Strings(api.BillingTypes())) + "."),
						"usage_sync_available": computedBool("Whether usage sync is available: true for usage-billed (monthly, MSP Flex) customers."),
						"mapped":               computedBool("Whether the customer is mapped to a PSA company."),
						"company_id":           computedInt64(desc.CompanyID + " Null when not mapped."),
						"company_name":         computedString(desc.CompanyName + " Null when not mapped."),
						"company_exists":       computedBool("False when the mapped company was removed from the PSA; null when not mapped."),
						"contract_id":          computedInt64(desc.ContractID + " Null when none is mapped."),
						"contract_name":        computedString(desc.ContractName),
						"contract_status": computedString("Live status of the mapped contract in the PSA: " +
							markdownList(api.Strings(api.CustomerMappingContractStatuses())) + "; `cancelled` and `missing` mean usage can no " +
							"longer sync to it. Null when no contract is mapped."),
						"usage_sync_enabled":  computedBool(desc.UsageSyncEnabled),
						"ticket_sync_enabled": computedBool(desc.TicketSyncEnabled),
						"last_sync_status": computedString("Result of the last usage sync: " + markdownList(api.Strings(api.SyncStatuses())) +
							"; null when usage was never synced."),
						"last_sync_at":    computedString("Time of the last usage sync (RFC 3339); null when usage was never synced."),
						"last_sync_error": computedString("What failed in the last usage sync and how to fix it; null unless it failed."),
					},
				},
			},
		},
	}
}

func (d *psaCustomerMappingsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data psaCustomerMappingsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	psa := api.Psa(data.PSA.ValueString())
	mappings, err := d.client.ListCustomerMappings(ctx, psa, customerMappingQuery(data.UsageSyncAvailable, data.SyncStatus))
	if err != nil {
		resp.Diagnostics.Append(d.apiError("list", "PSA customer mappings", "the "+psa.DisplayName()+" customer mappings", err, ""))
		return
	}
	data.Mappings = make([]psaCustomerMappingRowModel, 0, len(mappings))
	for i := range mappings {
		data.Mappings = append(data.Mappings, psaCustomerMappingRowFromAPI(&mappings[i]))
	}
	tflog.Debug(ctx, "Listed PSA customer mappings", map[string]any{"psa": psa, "matching": len(data.Mappings)})
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// psaCustomerMappingRowFromAPI maps a customer mapping of the API to one row of the data source.
func psaCustomerMappingRowFromAPI(m *api.CustomerMapping) psaCustomerMappingRowModel {
	row := psaCustomerMappingRowModel{
		BillingType:           types.StringValue(string(m.BillingType)),
		UsageSyncAvailable:    types.BoolValue(m.UsageSyncAvailable),
		Mapped:                types.BoolValue(m.Mapped),
		CompanyExists:         types.BoolPointerValue(m.CompanyExists),
		ContractStatus:        types.StringNull(),
		LastSyncStatus:        types.StringNull(),
		LastSyncAt:            types.StringNull(),
		LastSyncError:         types.StringNull(),
		customerMappingFields: customerMappingFieldsFromAPI(m),
	}
	if m.ContractStatus != nil {
		row.ContractStatus = types.StringValue(string(*m.ContractStatus))
	}
	if m.LastSync != nil {
		row.LastSyncStatus = types.StringValue(string(m.LastSync.Status))
		row.LastSyncAt = types.StringValue(m.LastSync.At.UTC().Format(time.RFC3339))
		row.LastSyncError = types.StringPointerValue(m.LastSync.Error)
	}
	return row
}
