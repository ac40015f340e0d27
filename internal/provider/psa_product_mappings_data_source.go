package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

var (
	_ datasource.DataSource              = (*psaProductMappingsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*psaProductMappingsDataSource)(nil)
)

// psaProductMappingsDataSource reads the product mapping table of a PSA.
type psaProductMappingsDataSource struct {
	dataSourceBase
}

type psaProductMappingsDataSourceModel struct {
	PSA      types.String                `tfsdk:"psa"`
	Mappings []psaProductMappingRowModel `tfsdk:"mappings"`
}

// psaProductMappingRowModel is one row of the table.
type psaProductMappingRowModel struct {
	Mapped               types.Bool   `tfsdk:"mapped"`
	PSAProductIdentifier types.String `tfsdk:"psa_product_identifier"`
	productMappingFields
}

// NewPSAProductMappingsDataSource is the constructor of sophos_psa_product_mappings.
func NewPSAProductMappingsDataSource() datasource.DataSource {
	return &psaProductMappingsDataSource{}
}

func (d *psaProductMappingsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_psa_product_mappings"
}

func (d *psaProductMappingsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	desc := productMappingDescriptions()
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the product mapping table of a PSA: every Sophos product with usage, with the PSA " +
			"product it is mapped to (if any) and its usage-sync switch. Use it to find unmapped products or to " +
			"review mappings made in the console.",
		Attributes: map[string]schema.Attribute{
			"psa": schema.StringAttribute{
				MarkdownDescription: psaDescription("PSA whose mapping table to read."),
				Required:            true,
				Validators:          psaValidators(),
			},
			"mappings": schema.ListNestedAttribute{
				MarkdownDescription: "One entry per Sophos product with usage, in the order the API lists them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"sophos_product":      schema.StringAttribute{MarkdownDescription: desc.SophosProduct, Computed: true},
						"sophos_product_name": schema.StringAttribute{MarkdownDescription: desc.SophosProductName, Computed: true},
						"mapped": schema.BoolAttribute{
							MarkdownDescription: "Whether the Sophos product is mapped to a PSA product.",
							Computed:            true,
						},
						"psa_product_id": schema.Int64Attribute{
							MarkdownDescription: desc.PSAProductID + " Null when not mapped.",
							Computed:            true,
						},
						"psa_product_identifier": schema.StringAttribute{
							MarkdownDescription: "Identifier of the PSA product. Null when not mapped.",
							Computed:            true,
						},
						"psa_product_name": schema.StringAttribute{
							MarkdownDescription: desc.PSAProductName + " Null when not mapped.",
							Computed:            true,
						},
						"sync_enabled": schema.BoolAttribute{MarkdownDescription: desc.SyncEnabled, Computed: true},
					},
				},
			},
		},
	}
}

func (d *psaProductMappingsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data psaProductMappingsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	psa := api.Psa(data.PSA.ValueString())

	mappings, err := d.client.ListProductMappings(ctx, psa)
	if err != nil {
		resp.Diagnostics.Append(d.apiError("list", "PSA product mappings", "the "+psa.DisplayName()+" product mappings", err, ""))
		return
	}
	data.Mappings = make([]psaProductMappingRowModel, len(mappings))
	for i := range mappings {
		data.Mappings[i] = psaProductMappingRowFromAPI(&mappings[i])
	}
	tflog.Debug(ctx, "Listed PSA product mappings", map[string]any{"psa": psa, "matching": len(data.Mappings)})
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// psaProductMappingRowFromAPI maps a product mapping of the API to a row of the table.
func psaProductMappingRowFromAPI(m *api.ProductMapping) psaProductMappingRowModel {
	e := psaProductMappingRowModel{
		Mapped:               types.BoolValue(m.Mapped),
		PSAProductIdentifier: optionalString(m.PsaProductIdentifier),
		productMappingFields: productMappingFieldsFromAPI(m),
	}
	if !m.Mapped {
		e.PSAProductIdentifier = types.StringNull()
	}
	return e
}
