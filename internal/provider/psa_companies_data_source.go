package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

var (
	_ datasource.DataSource              = (*psaCompaniesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*psaCompaniesDataSource)(nil)
)

// NewPSACompaniesDataSource returns the sophos_psa_companies data source.
func NewPSACompaniesDataSource() datasource.DataSource {
	return &psaCompaniesDataSource{}
}

// psaCompaniesDataSource lists the companies of a PSA (ConnectWise companies, Autotask
// companies) that customers can be mapped to.
type psaCompaniesDataSource struct {
	dataSourceBase
}

type psaCompaniesDataSourceModel struct {
	PSA       types.String         `tfsdk:"psa"`
	Search    types.String         `tfsdk:"search"`
	Name      types.String         `tfsdk:"name"`
	Companies []psaCompanyRowModel `tfsdk:"companies"`
}

type psaCompanyRowModel struct {
	ID         types.Int64  `tfsdk:"id"`
	Name       types.String `tfsdk:"name"`
	Identifier types.String `tfsdk:"identifier"`
}

func (d *psaCompaniesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_psa_companies"
}

func (d *psaCompaniesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the companies of a PSA that Sophos customers can be mapped to: ConnectWise " +
			"companies or Autotask companies. Look a company up by its exact `name`, or by a `search` of at " +
			"least two characters as the type-ahead of the console does; use its `id` as `company_id` of " +
			"`sophos_psa_customer_mapping`.",
		Attributes: map[string]schema.Attribute{
			"psa": schema.StringAttribute{
				MarkdownDescription: psaDescription("PSA whose companies are listed."),
				Required:            true,
				Validators:          psaValidators(),
			},
			"search": schema.StringAttribute{
				MarkdownDescription: "Only companies whose name contains this text, ignoring case; at least two " +
					"characters. Conflicts with `name`.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(2),
					stringvalidator.ConflictsWith(path.MatchRoot("name")),
				},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Only the company with exactly this name, ignoring case. Conflicts with `search`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"companies": schema.ListNestedAttribute{
				MarkdownDescription: "The matching companies, in the order the API lists them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id": schema.Int64Attribute{
							MarkdownDescription: "Company id in the PSA.",
							Computed:            true,
						},
						"name": schema.StringAttribute{
							MarkdownDescription: "Company name.",
							Computed:            true,
						},
						"identifier": schema.StringAttribute{
							MarkdownDescription: "ConnectWise company identifier or Autotask company number; null when the PSA has none.",
							Computed:            true,
						},
					},
				},
			},
		},
	}
}

func (d *psaCompaniesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data psaCompaniesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	psa := api.Psa(data.PSA.ValueString())
	companies, err := rowsOf(ctx, d.snapshot.companiesOf(psa), companyFilter{search: data.Search.ValueString(), name: data.Name.ValueString()}.keep)
	if err != nil {
		resp.Diagnostics.Append(d.apiError("list", "PSA companies", "the companies of "+psa.DisplayName(), err, ""))
		return
	}
	data.Companies = make([]psaCompanyRowModel, 0, len(companies))
	for _, c := range companies {
		data.Companies = append(data.Companies, psaCompanyRowFromAPI(c))
	}
	tflog.Debug(ctx, "Listed PSA companies", map[string]any{"psa": psa, "matching": len(data.Companies)})
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// psaCompanyRowFromAPI maps a PSA company of the API to the data source's model.
func psaCompanyRowFromAPI(c api.PsaCompany) psaCompanyRowModel {
	return psaCompanyRowModel{
		ID:         types.Int64Value(c.Id),
		Name:       types.StringValue(c.Name),
		Identifier: types.StringPointerValue(c.Identifier),
	}
}
