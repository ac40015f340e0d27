package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

var (
	_ datasource.DataSource              = (*psaProductsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*psaProductsDataSource)(nil)
)

// psaProductsDataSource lists the products of a PSA catalog that Sophos products can be
// mapped to.
type psaProductsDataSource struct {
	dataSourceBase
}

type psaProductsDataSourceModel struct {
	PSA             types.String         `tfsdk:"psa"`
	Search          types.String         `tfsdk:"search"`
	Identifier      types.String         `tfsdk:"identifier"`
	IncludeInactive types.Bool           `tfsdk:"include_inactive"`
	Products        []psaProductRowModel `tfsdk:"products"`
}

// psaProductRowModel is one product of the list.
type psaProductRowModel struct {
	ID types.Int64 `tfsdk:"id"`
	psaProductFields
}

// NewPSAProductsDataSource is the constructor of sophos_psa_products.
func NewPSAProductsDataSource() datasource.DataSource {
	return &psaProductsDataSource{}
}

func (d *psaProductsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_psa_products"
}

func (d *psaProductsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	desc := psaProductDescriptions()
	productAttrs := map[string]schema.Attribute{
		"id": schema.Int64Attribute{
			MarkdownDescription: "Numeric id of the product in the PSA; use it as a mapping's `psa_product_id`.",
			Computed:            true,
		},
	}
	for name, text := range map[string]string{
		"identifier": desc.Identifier, "description": desc.Description, "customer_description": desc.CustomerDescription,
		"category": desc.Category, "subcategory": desc.Subcategory, "type": desc.Type, "product_class": desc.ProductClass,
		"unit_of_measure": desc.UnitOfMeasure, "manufacturer_part_number": desc.ManufacturerPartNumber,
		"vendor_sku": desc.VendorSKU, "integration_xref": desc.IntegrationXRef, "notes": desc.Notes,
	} {
		productAttrs[name] = schema.StringAttribute{MarkdownDescription: text, Computed: true}
	}
	productAttrs["price"] = schema.Float64Attribute{MarkdownDescription: desc.Price, Computed: true}
	productAttrs["cost"] = schema.Float64Attribute{MarkdownDescription: desc.Cost, Computed: true}
	productAttrs["taxable"] = schema.BoolAttribute{MarkdownDescription: desc.Taxable, Computed: true}
	productAttrs["inactive"] = schema.BoolAttribute{MarkdownDescription: desc.Inactive, Computed: true}

	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the products of a PSA catalog that Sophos products can be mapped to, like the " +
			"product picker of Sophos Central Partner. ConnectWise-only fields (category, subcategory, type, unit of " +
			"measure) are null for Autotask products. Every page of the API is read.",
		Attributes: map[string]schema.Attribute{
			"psa": schema.StringAttribute{
				MarkdownDescription: psaDescription("PSA whose catalog to list."),
				Required:            true,
				Validators:          psaValidators(),
			},
			"search": schema.StringAttribute{
				MarkdownDescription: "Only products whose identifier or description contains this text, ignoring case. " +
					"At least 2 characters, as in the console.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(api.MinProductSearchLength)},
			},
			"identifier": schema.StringAttribute{
				MarkdownDescription: "Only the product with exactly this identifier (ignoring case).",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"include_inactive": schema.BoolAttribute{
				MarkdownDescription: "Also list inactive products, which cannot be newly mapped. Defaults to `false`.",
				Optional:            true,
			},
			"products": schema.ListNestedAttribute{
				MarkdownDescription: "The matching products, in the order the API lists them.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: productAttrs},
			},
		},
	}
}

func (d *psaProductsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data psaProductsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	psa := api.Psa(data.PSA.ValueString())

	products, err := rowsOf(ctx, d.snapshot.productsOf(psa), productFilter{
		search: data.Search.ValueString(), identifier: data.Identifier.ValueString(), includeInactive: data.IncludeInactive.ValueBool(),
	}.keep)
	if err != nil {
		resp.Diagnostics.Append(d.apiError("list", "PSA products", "the products of "+psa.DisplayName(), err, ""))
		return
	}
	data.Products = make([]psaProductRowModel, len(products))
	for i := range products {
		data.Products[i] = psaProductRowFromAPI(&products[i])
	}
	tflog.Debug(ctx, "Listed PSA products", map[string]any{"psa": psa, "matching": len(products)})

	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// psaProductRowFromAPI maps a PSA product of the API to an element of the list.
func psaProductRowFromAPI(p *api.PsaProduct) psaProductRowModel {
	return psaProductRowModel{ID: types.Int64Value(p.Id), psaProductFields: psaProductFieldsFromAPI(p)}
}
