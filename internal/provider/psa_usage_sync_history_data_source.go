package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

var (
	_ datasource.DataSource              = (*psaUsageSyncHistoryDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*psaUsageSyncHistoryDataSource)(nil)
)

// defaultMaxRuns is how many runs the history reads unless told otherwise.
const defaultMaxRuns = 10

// NewPSAUsageSyncHistoryDataSource returns the sophos_psa_usage_sync_history data source.
func NewPSAUsageSyncHistoryDataSource() datasource.DataSource {
	return &psaUsageSyncHistoryDataSource{}
}

// psaUsageSyncHistoryDataSource is the history of usage-sync runs of a PSA, with the
// result of every customer in every run (the console shows only the last one).
type psaUsageSyncHistoryDataSource struct {
	dataSourceBase
}

func (d *psaUsageSyncHistoryDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_psa_usage_sync_history"
}

func (d *psaUsageSyncHistoryDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	i64 := func(description string) schema.Int64Attribute {
		return schema.Int64Attribute{MarkdownDescription: description, Computed: true}
	}
	triggers, statuses := api.Strings(api.UsageSyncTriggers()), api.Strings(api.UsageSyncRunStatuses())
	actions := api.Strings(api.UsageSyncPsaLineActions())
	resp.Schema = schema.Schema{
		MarkdownDescription: "Past usage-sync runs of a PSA, newest first, with every customer's result, the lines the " +
			"run sent (Sophos product, PSA product, quantity) and the PSA lines it wrote (ConnectWise agreement additions, " +
			"Autotask contract services and their units), created or updated. The console shows only each customer's last " +
			"result; this is the history, e.g. to see since when a customer fails, what was sent last month, or which PSA " +
			"lines a billing reconciliation should find.",
		Attributes: map[string]schema.Attribute{
			"psa": schema.StringAttribute{
				MarkdownDescription: psaDescription("PSA whose runs are read."),
				Required:            true,
				Validators:          psaValidators(),
			},
			"customer_id": schema.StringAttribute{
				MarkdownDescription: "Only this customer's result in each run, and only the runs that synced it.",
				Optional:            true,
				Validators:          []validator.String{uuidValidator()},
			},
			"max_runs": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many runs to read, newest first; defaults to %d.", defaultMaxRuns),
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 1000)},
			},
			"runs": schema.ListNestedAttribute{
				MarkdownDescription: "The runs, newest first.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":               i64("Id of the run."),
					"trigger":          str("Why it ran: " + markdownList(triggers) + " (the monthly invoice is the only run that syncs firewall products)."),
					"status":           str("Result: " + markdownList(statuses) + "."),
					"month":            str("The billing month whose usage was synced, `YYYY-MM`."),
					"started_at":       str("When the run started (RFC 3339)."),
					"finished_at":      str("When the run finished (RFC 3339)."),
					"error":            str("Why the whole run failed (e.g. the PSA refused the credentials); null otherwise."),
					"customers_synced": i64("Customers whose usage was synced."),
					"customers_failed": i64("Customers whose sync failed."),
					"results": schema.ListNestedAttribute{
						MarkdownDescription: "One result per customer the run synced (only `customer_id`'s, when set).",
						Computed:            true,
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"customer_id":   str("Sophos customer (tenant) id."),
							"customer_name": str("Customer name."),
							"company_id":    i64("PSA company the usage went to."),
							"company_name":  str("Its name at the time of the run."),
							"contract_id":   i64("Contract or agreement the usage went to; null when none was mapped."),
							"contract_name": str("Its name at the time of the run."),
							"status":        str("`successful` or `failed`."),
							"error":         str("What failed and how to fix it; null when successful."),
							"lines": schema.ListNestedAttribute{
								MarkdownDescription: "What the run sent for the customer, one line per Sophos product; empty when it failed.",
								Computed:            true,
								NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
									"sophos_product":         str("Sophos product the usage rolled up to."),
									"psa_product_id":         i64("PSA product it was billed as."),
									"psa_product_identifier": str("Identifier of that PSA product."),
									"quantity":               schema.Float64Attribute{MarkdownDescription: "Quantity sent.", Computed: true},
								}},
							},
							"psa_lines": schema.ListNestedAttribute{
								MarkdownDescription: "The PSA lines the run wrote for the customer, one per PSA product, on the mapped contract " +
									"(agreement); empty when it failed. ConnectWise: an agreement addition, which later runs update in place. " +
									"Autotask: the contract service of the mapped service and its units of the run's month. Lines the sync " +
									"did not write are never changed.",
								Computed: true,
								NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
									"action": str("What the run did: " + markdownList(actions) + " (`updated`: the quantity of a line it " +
										"wrote before, or of the month's units already on the Autotask contract service)."),
									"psa_product_id": i64("ConnectWise catalog item or Autotask service the line bills."),
									"sophos_products": schema.ListAttribute{MarkdownDescription: "Sophos products whose usage the quantity sums, sorted.",
										ElementType: types.StringType, Computed: true},
									"quantity":                 schema.Float64Attribute{MarkdownDescription: "Quantity written.", Computed: true},
									"addition_id":              i64("ConnectWise: the agreement addition (`/finance/agreements/{contract_id}/additions/{addition_id}`); null on Autotask."),
									"contract_service_id":      i64("Autotask: the contract service (ContractServices); null on ConnectWise."),
									"contract_service_unit_id": i64("Autotask: its units of the month (ContractServiceUnits); null on ConnectWise."),
								}},
							},
						}},
					},
				}},
			},
		},
	}
}

func (d *psaUsageSyncHistoryDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data psaUsageSyncHistoryModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	psa := api.Psa(data.PSA.ValueString())
	maxRuns := defaultMaxRuns
	if !data.MaxRuns.IsNull() {
		maxRuns = int(data.MaxRuns.ValueInt64())
	}
	runs, err := d.client.ListUsageSyncRuns(ctx, psa, client.UsageSyncRunQuery{CustomerID: data.CustomerID.ValueString(), MaxRuns: maxRuns})
	if err != nil {
		resp.Diagnostics.Append(d.apiError("list", "usage-sync history", "the usage-sync runs of "+psa.DisplayName(), err, ""))
		return
	}
	data.Runs = make([]usageSyncRunModel, 0, len(runs))
	for i := range runs {
		data.Runs = append(data.Runs, usageSyncRunFromAPI(&runs[i]))
	}
	tflog.Debug(ctx, "Listed usage-sync runs", map[string]any{"psa": psa, "runs": len(runs)})
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}
