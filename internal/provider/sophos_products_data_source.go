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
	_ datasource.DataSource              = (*sophosProductsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*sophosProductsDataSource)(nil)
)

// NewSophosProductsDataSource returns the sophos_products data source.
func NewSophosProductsDataSource() datasource.DataSource {
	return &sophosProductsDataSource{}
}

// sophosProductsDataSource lists the Sophos products of the PSA integration with the
// billing product codes each covers: the link between sophos_billing_usage and the
// product mappings.
type sophosProductsDataSource struct {
	dataSourceBase
}

type sophosProductsDataSourceModel struct {
	Products []sophosProductModel `tfsdk:"products"`
}

type sophosProductModel struct {
	Identifier           types.String   `tfsdk:"identifier"`
	Name                 types.String   `tfsdk:"name"`
	HasUsage             types.Bool     `tfsdk:"has_usage"`
	SyncsWithInvoiceOnly types.Bool     `tfsdk:"syncs_with_invoice_only"`
	BillingProductCodes  []types.String `tfsdk:"billing_product_codes"`
}

func (d *sophosProductsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_products"
}

func (d *sophosProductsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Sophos products of the PSA integration (the `sophos_product` of a product mapping, such " +
			"as `Sophos_Intercept_X_Advanced`) with the billing product codes whose usage each covers. Sophos does not " +
			"publish which `product_code` of the Partner Billing API (`sophos_billing_usage`) rolls up to which product; " +
			"**this link is stated by this project's contract**, not by Sophos. A code listed by no product is usage the " +
			"PSA integration cannot sync.",
		Attributes: map[string]schema.Attribute{
			"products": schema.ListNestedAttribute{
				MarkdownDescription: "Every Sophos product, by name.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"identifier": schema.StringAttribute{MarkdownDescription: "Identifier in the PSA integration, e.g. `Sophos_Intercept_X_Advanced`.", Computed: true},
					"name":       schema.StringAttribute{MarkdownDescription: "Product name.", Computed: true},
					"has_usage":  schema.BoolAttribute{MarkdownDescription: "Whether the product has usage to sync; only those can be mapped.", Computed: true},
					"syncs_with_invoice_only": schema.BoolAttribute{
						MarkdownDescription: "True for firewall products: they sync only with the Sophos monthly invoice, whatever the usage-sync schedule.",
						Computed:            true,
					},
					"billing_product_codes": schema.ListAttribute{
						MarkdownDescription: "The billing `product_code`s whose usage rolls up to this product.",
						Computed:            true,
						ElementType:         types.StringType,
					},
				}},
			},
		},
	}
}

func (d *sophosProductsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	products, err := d.snapshot.sophosProductList(ctx)
	if err != nil {
		resp.Diagnostics.Append(d.apiError("list", "Sophos products", "the Sophos products of the PSA integration", err, ""))
		return
	}
	data := sophosProductsDataSourceModel{Products: make([]sophosProductModel, 0, len(products))}
	for i := range products {
		data.Products = append(data.Products, sophosProductFromAPI(&products[i]))
	}
	tflog.Debug(ctx, "Listed Sophos products", map[string]any{"products": len(products)})
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// sophosProductFromAPI maps a Sophos product of the API to the model.
func sophosProductFromAPI(p *api.SophosProduct) sophosProductModel {
	codes := make([]types.String, len(p.BillingProductCodes))
	for i, c := range p.BillingProductCodes {
		codes[i] = types.StringValue(c)
	}
	return sophosProductModel{Identifier: types.StringValue(p.Identifier), Name: types.StringValue(p.Name), HasUsage: types.BoolValue(p.HasUsage),
		SyncsWithInvoiceOnly: types.BoolValue(p.SyncsWithInvoiceOnly), BillingProductCodes: codes}
}
