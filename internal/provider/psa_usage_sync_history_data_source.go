package provider

import (
	"context"
	"fmt"
	"time"

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

type psaUsageSyncHistoryModel struct {
	PSA        types.String        `tfsdk:"psa"`
	CustomerID types.String        `tfsdk:"customer_id"`
	MaxRuns    types.Int64         `tfsdk:"max_runs"`
	Runs       []usageSyncRunModel `tfsdk:"runs"`
}

type usageSyncRunModel struct {
	ID              types.Int64               `tfsdk:"id"`
	Trigger         types.String              `tfsdk:"trigger"`
	Status          types.String              `tfsdk:"status"`
	Month           types.String              `tfsdk:"month"`
	StartedAt       types.String              `tfsdk:"started_at"`
	FinishedAt      types.String              `tfsdk:"finished_at"`
	Error           types.String              `tfsdk:"error"`
	CustomersSynced types.Int64               `tfsdk:"customers_synced"`
	CustomersFailed types.Int64               `tfsdk:"customers_failed"`
	Results         []usageSyncCustomerResult `tfsdk:"results"`
}

type usageSyncCustomerResult struct {
	CustomerID   types.String         `tfsdk:"customer_id"`
	CustomerName types.String         `tfsdk:"customer_name"`
	CompanyID    types.Int64          `tfsdk:"company_id"`
	CompanyName  types.String         `tfsdk:"company_name"`
	ContractID   types.Int64          `tfsdk:"contract_id"`
	ContractName types.String         `tfsdk:"contract_name"`
	Status       types.String         `tfsdk:"status"`
	Error        types.String         `tfsdk:"error"`
	Lines        []usageSyncLineModel `tfsdk:"lines"`
}

type usageSyncLineModel struct {
	SophosProduct        types.String  `tfsdk:"sophos_product"`
	PSAProductID         types.Int64   `tfsdk:"psa_product_id"`
	PSAProductIdentifier types.String  `tfsdk:"psa_product_identifier"`
	Quantity             types.Float64 `tfsdk:"quantity"`
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
	resp.Schema = schema.Schema{
		MarkdownDescription: "Past usage-sync runs of a PSA, newest first, with every customer's result and the lines the " +
			"run sent (Sophos product, PSA product, quantity). The console shows only each customer's last result; this " +
			"is the history, e.g. to see since when a customer fails, or what was sent last month.",
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

// usageSyncRunFromAPI maps a run of the API to the model; it is the one mapper.
func usageSyncRunFromAPI(r *api.UsageSyncRun) usageSyncRunModel {
	m := usageSyncRunModel{
		ID: types.Int64Value(r.Id), Trigger: types.StringValue(string(r.Trigger)), Status: types.StringValue(string(r.Status)),
		Month: types.StringValue(r.Month), StartedAt: types.StringValue(r.StartedAt.UTC().Format(time.RFC3339)),
		FinishedAt: types.StringValue(r.FinishedAt.UTC().Format(time.RFC3339)), Error: types.StringPointerValue(r.Error),
		CustomersSynced: types.Int64Value(int64(r.CustomersSynced)), CustomersFailed: types.Int64Value(int64(r.CustomersFailed)),
		Results: make([]usageSyncCustomerResult, 0, len(r.Results)),
	}
	for _, res := range r.Results {
		row := usageSyncCustomerResult{
			CustomerID: types.StringValue(res.CustomerId), CustomerName: types.StringValue(res.CustomerName),
			CompanyID: types.Int64Value(res.CompanyId), CompanyName: types.StringPointerValue(res.CompanyName),
			ContractID: types.Int64PointerValue(res.ContractId), ContractName: types.StringPointerValue(res.ContractName),
			Status: types.StringValue(string(res.Status)), Error: types.StringPointerValue(res.Error),
			Lines: make([]usageSyncLineModel, 0, len(res.Lines)),
		}
		for _, l := range res.Lines {
			row.Lines = append(row.Lines, usageSyncLineModel{SophosProduct: types.StringValue(l.SophosProduct), PSAProductID: types.Int64Value(l.PsaProductId),
				PSAProductIdentifier: types.StringPointerValue(l.PsaProductIdentifier), Quantity: types.Float64Value(l.Quantity)})
		}
		m.Results = append(m.Results, row)
	}
	return m
}
