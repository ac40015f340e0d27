package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

var (
	_ datasource.DataSource              = (*customersDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*customersDataSource)(nil)
)

// customersDataSource lists the partner's Sophos Central customers (tenants).
type customersDataSource struct {
	dataSourceBase
}

type customersDataSourceModel struct {
	Name        types.String       `tfsdk:"name"`
	ShowAs      types.String       `tfsdk:"show_as"`
	Search      types.String       `tfsdk:"search"`
	BillingType types.String       `tfsdk:"billing_type"`
	Customers   []customerRowModel `tfsdk:"customers"`
}

type customerRowModel struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	ShowAs      types.String `tfsdk:"show_as"`
	BillingType types.String `tfsdk:"billing_type"`
	DataRegion  types.String `tfsdk:"data_region"`
	Status      types.String `tfsdk:"status"`
}

// NewCustomersDataSource is the constructor of sophos_customers.
func NewCustomersDataSource() datasource.DataSource {
	return &customersDataSource{}
}

func (d *customersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customers"
}

func (d *customersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the partner's Sophos Central customers (tenants), optionally filtered. " +
			"Use it to find the `customer_id` of a customer mapping. Every page of the API is read.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				MarkdownDescription: "Only customers with this name, ignoring case and surrounding spaces, as the company and contract lookups compare names. Names need not be unique: use `one(...)` to insist on exactly one.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"show_as": schema.StringAttribute{
				MarkdownDescription: "Only customers with this display name, the name the Sophos Central Partner console shows, " +
					"compared as `name` is. Display names need not be unique either.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"search": schema.StringAttribute{
				MarkdownDescription: "Only customers whose name or display name (`show_as`) contains this text, ignoring case.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"billing_type": schema.StringAttribute{
				MarkdownDescription: "Only customers with this billing type: " + markdownList(api.Strings(api.BillingTypes())) +
					". Usage sync is available only for `usage` (monthly, MSP Flex) customers.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(api.Strings(api.BillingTypes())...)},
			},
			"customers": schema.ListNestedAttribute{
				MarkdownDescription: "The matching customers, in the order the API lists them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id": schema.StringAttribute{
							MarkdownDescription: "Customer (tenant) id, a UUID.",
							Computed:            true,
						},
						"name": schema.StringAttribute{
							MarkdownDescription: "Customer name.",
							Computed:            true,
						},
						"show_as": schema.StringAttribute{
							MarkdownDescription: "Name shown in Sophos Central Partner.",
							Computed:            true,
						},
						"billing_type": schema.StringAttribute{
							MarkdownDescription: "Billing type: " + markdownList(api.Strings(api.BillingTypes())) + ".",
							Computed:            true,
						},
						"data_region": schema.StringAttribute{
							MarkdownDescription: "Data region of the customer's Sophos Central account, e.g. `eu01`.",
							Computed:            true,
						},
						"status": schema.StringAttribute{
							MarkdownDescription: "Account status, e.g. `active`.",
							Computed:            true,
						},
					},
				},
			},
		},
	}
}

func (d *customersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data customersDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}

	tenants, err := d.client.ListTenants(ctx)
	if err != nil {
		resp.Diagnostics.Append(d.apiError("list", "Sophos customers", "the partner's customers", err, ""))
		return
	}

	search := strings.ToLower(data.Search.ValueString())
	data.Customers = []customerRowModel{}
	for _, t := range tenants {
		if !sameName(data.Name, t.Name) || !sameName(data.ShowAs, t.ShowAs) {
			continue
		}
		if search != "" && !strings.Contains(strings.ToLower(t.Name), search) && !strings.Contains(strings.ToLower(t.ShowAs), search) {
			continue
		}
		if !data.BillingType.IsNull() && string(t.BillingType) != data.BillingType.ValueString() {
			continue
		}
		data.Customers = append(data.Customers, customerRowFromAPI(t))
	}
	tflog.Debug(ctx, "Listed Sophos customers", map[string]any{"total": len(tenants), "matching": len(data.Customers)})

	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// sameName reports whether name matches the filter want (null matches every name), ignoring
// case and surrounding spaces.
func sameName(want types.String, name string) bool {
	return want.IsNull() || strings.EqualFold(strings.TrimSpace(name), strings.TrimSpace(want.ValueString()))
}

// customerRowFromAPI maps a tenant of the API to the data source's model.
func customerRowFromAPI(t api.Tenant) customerRowModel {
	return customerRowModel{
		ID:          types.StringValue(t.Id),
		Name:        types.StringValue(t.Name),
		ShowAs:      types.StringValue(t.ShowAs),
		BillingType: types.StringValue(string(t.BillingType)),
		DataRegion:  types.StringValue(t.DataRegion),
		Status:      types.StringValue(t.Status),
	}
}
