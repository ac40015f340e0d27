package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

var (
	_ datasource.DataSource              = (*psaContractsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*psaContractsDataSource)(nil)
)

// NewPSAContractsDataSource returns the sophos_psa_contracts data source.
func NewPSAContractsDataSource() datasource.DataSource {
	return &psaContractsDataSource{}
}

// psaContractsDataSource lists the contracts (Autotask) or agreements (ConnectWise) that
// customers can be mapped to.
type psaContractsDataSource struct {
	dataSourceBase
}

type psaContractsDataSourceModel struct {
	PSA            types.String          `tfsdk:"psa"`
	CompanyID      types.Int64           `tfsdk:"company_id"`
	Name           types.String          `tfsdk:"name"`
	IncludeExpired types.Bool            `tfsdk:"include_expired"`
	Contracts      []psaContractRowModel `tfsdk:"contracts"`
}

type psaContractRowModel struct {
	ID          types.Int64  `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	CompanyID   types.Int64  `tfsdk:"company_id"`
	CompanyName types.String `tfsdk:"company_name"`
	Status      types.String `tfsdk:"status"`
	StartDate   types.String `tfsdk:"start_date"`
	EndDate     types.String `tfsdk:"end_date"`
	NameUnique  types.Bool   `tfsdk:"name_unique"`
	Type        types.String `tfsdk:"type"`
}

func (d *psaContractsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_psa_contracts"
}

func (d *psaContractsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Autotask contracts or ConnectWise agreements that Sophos customers can be " +
			"mapped to, usually those of one company (`company_id`). Cancelled contracts are never listed: Sophos " +
			"syncs usage to every contract that is not cancelled, expired ones included. Use a contract's `id` as " +
			"`contract_id` of `sophos_psa_customer_mapping`, and prefer contracts with `name_unique = true`: " +
			"usage sync fails on duplicate contract names.",
		Attributes: map[string]schema.Attribute{
			"psa": schema.StringAttribute{
				MarkdownDescription: psaDescription("PSA whose contracts are listed."),
				Required:            true,
				Validators:          psaValidators(),
			},
			"company_id": schema.Int64Attribute{
				MarkdownDescription: "Only the contracts of this PSA company (see `sophos_psa_companies`).",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Only contracts with exactly this name, ignoring case.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"include_expired": schema.BoolAttribute{
				MarkdownDescription: "Whether expired contracts are listed. Defaults to `true`, as Sophos syncs " +
					"usage to expired contracts too.",
				Optional: true,
			},
			"contracts": schema.ListNestedAttribute{
				MarkdownDescription: "The matching contracts, in the order the API lists them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id": schema.Int64Attribute{
							MarkdownDescription: "Contract (agreement) id in the PSA.",
							Computed:            true,
						},
						"name": schema.StringAttribute{
							MarkdownDescription: "Contract name.",
							Computed:            true,
						},
						"company_id": schema.Int64Attribute{
							MarkdownDescription: "Id of the company the contract belongs to.",
							Computed:            true,
						},
						"company_name": schema.StringAttribute{
							MarkdownDescription: "Name of the company the contract belongs to.",
							Computed:            true,
						},
						"status": schema.StringAttribute{
							MarkdownDescription: "Status in the PSA: " + markdownList(api.Strings(api.ContractStatuses())) + ".",
							Computed:            true,
						},
						"start_date": schema.StringAttribute{
							MarkdownDescription: "First day of the contract (`YYYY-MM-DD`).",
							Computed:            true,
						},
						"end_date": schema.StringAttribute{
							MarkdownDescription: "Last day of the contract (`YYYY-MM-DD`); null for open-ended contracts.",
							Computed:            true,
						},
						"type": schema.StringAttribute{
							MarkdownDescription: "Autotask contract type, as the Autotask database's `contractType` picklist " +
								"labels it (for example `Recurring Service`, the only type that carries the contract services " +
								"Sophos's usage sync writes); null for ConnectWise agreements.",
							Computed: true,
						},
						"name_unique": schema.BoolAttribute{
							MarkdownDescription: "False when another contract of the partner's PSA has the same name; " +
								"usage sync fails for both until one is renamed.",
							Computed: true,
						},
					},
				},
			},
		},
	}
}

func (d *psaContractsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data psaContractsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	psa := api.Psa(data.PSA.ValueString())
	contracts, err := rowsOf(ctx, d.snapshot.contractsOf(psa), contractFilter{companyID: data.CompanyID.ValueInt64Pointer(),
		name: data.Name.ValueString(), excludeExpired: !data.IncludeExpired.IsNull() && !data.IncludeExpired.ValueBool()}.keep)
	if err != nil {
		resp.Diagnostics.Append(d.apiError("list", "PSA contracts", "the contracts of "+psa.DisplayName(), err, ""))
		return
	}
	data.Contracts = make([]psaContractRowModel, 0, len(contracts))
	for _, c := range contracts {
		data.Contracts = append(data.Contracts, psaContractRowFromAPI(c))
	}
	tflog.Debug(ctx, "Listed PSA contracts", map[string]any{"psa": psa, "matching": len(data.Contracts)})
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// psaContractRowFromAPI maps a contract of the API to the data source's model.
func psaContractRowFromAPI(c api.PsaContract) psaContractRowModel {
	return psaContractRowModel{
		ID:          types.Int64Value(c.Id),
		Name:        types.StringValue(c.Name),
		CompanyID:   types.Int64Value(c.CompanyId),
		CompanyName: types.StringValue(c.CompanyName),
		Status:      types.StringValue(string(c.Status)),
		StartDate:   types.StringValue(c.StartDate),
		EndDate:     types.StringPointerValue(c.EndDate),
		NameUnique:  types.BoolValue(c.NameUnique),
		Type:        types.StringPointerValue(c.Type),
	}
}
