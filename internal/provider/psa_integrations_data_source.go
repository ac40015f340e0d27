package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

var (
	_ datasource.DataSource              = (*psaIntegrationsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*psaIntegrationsDataSource)(nil)
)

// NewPSAIntegrationsDataSource returns the sophos_psa_integrations data source.
func NewPSAIntegrationsDataSource() datasource.DataSource {
	return &psaIntegrationsDataSource{}
}

// psaIntegrationsDataSource is the state of every PSA connection, for checks that run
// where the integrations are not managed (a billing review's workspace, say).
type psaIntegrationsDataSource struct {
	dataSourceBase
}

type psaIntegrationsDataSourceModel struct {
	Integrations []psaIntegrationRowModel `tfsdk:"integrations"`
}

type psaIntegrationRowModel struct {
	PSA                 types.String `tfsdk:"psa"`
	Name                types.String `tfsdk:"name"`
	Status              types.String `tfsdk:"status"`
	StatusError         types.String `tfsdk:"status_error"`
	ConnectedAt         types.String `tfsdk:"connected_at"`
	LastUsageSyncAt     types.String `tfsdk:"last_usage_sync_at"`
	UsageSyncSchedule   types.String `tfsdk:"usage_sync_schedule"`
	UsageSyncDayOfMonth types.Int64  `tfsdk:"usage_sync_day_of_month"`
}

func (d *psaIntegrationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_psa_integrations"
}

func (d *psaIntegrationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every PSA of Sophos Central Partner's PSA integration with its connection status, the " +
			"PSA's error when it refuses the stored credentials, the last usage sync and the usage-sync schedule. " +
			"Read-only: use it to alert on an integration in error from a configuration that does not manage it.",
		Attributes: map[string]schema.Attribute{
			"integrations": schema.ListNestedAttribute{
				MarkdownDescription: "One entry per supported PSA, connected or not.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"psa":                 str(psaDescription("The PSA.")),
					"name":                str("Name of the PSA, e.g. `ConnectWise PSA`."),
					"status":              str("`connected`, `error` (the PSA refuses the stored credentials) or `notConfigured`."),
					"status_error":        str("The PSA's own error text while `status` is `error`; null otherwise."),
					"connected_at":        str("When the PSA was connected (RFC 3339); null when not connected."),
					"last_usage_sync_at":  str("When usage was last synced (RFC 3339); null before the first sync."),
					"usage_sync_schedule": str("When usage is synced: " + markdownList(usageSyncScheduleValues()) + "."),
					"usage_sync_day_of_month": schema.Int64Attribute{
						MarkdownDescription: "Day of the month of a `monthly` schedule; null otherwise.", Computed: true,
					},
				}},
			},
		},
	}
}

func (d *psaIntegrationsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	list, err := d.client.ListIntegrations(ctx)
	if err != nil {
		resp.Diagnostics.Append(d.apiError("list", "PSA integrations", "the PSA integrations", err, ""))
		return
	}
	data := psaIntegrationsDataSourceModel{Integrations: make([]psaIntegrationRowModel, 0, len(list))}
	for i := range list {
		data.Integrations = append(data.Integrations, psaIntegrationRowFromAPI(&list[i]))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

func psaIntegrationRowFromAPI(in *api.Integration) psaIntegrationRowModel {
	row := psaIntegrationRowModel{
		PSA: types.StringValue(string(in.Psa)), Name: types.StringValue(in.Name), Status: types.StringValue(string(in.Status)),
		StatusError: types.StringPointerValue(in.StatusError), ConnectedAt: timeValue(in.ConnectedAt), LastUsageSyncAt: timeValue(in.LastUsageSyncAt),
		UsageSyncSchedule: types.StringValue(string(in.UsageSyncSchedule)), UsageSyncDayOfMonth: types.Int64Null(),
	}
	if in.UsageSyncDayOfMonth != nil {
		row.UsageSyncDayOfMonth = types.Int64Value(int64(*in.UsageSyncDayOfMonth))
	}
	return row
}
