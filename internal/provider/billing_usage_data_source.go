package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

var (
	_ datasource.DataSource              = (*billingUsageDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*billingUsageDataSource)(nil)
)

// NewBillingUsageDataSource returns the sophos_billing_usage data source.
func NewBillingUsageDataSource() datasource.DataSource {
	return &billingUsageDataSource{now: time.Now}
}

// billingUsageDataSource is the monthly billing report of the real Sophos Partner Billing
// API: it works with any partner credential, not only with the emulator.
type billingUsageDataSource struct {
	dataSourceBase
	// now picks the current month when none is configured.
	now func() time.Time
}

type billingUsageDataSourceModel struct {
	Year       types.Int64        `tfsdk:"year"`
	Month      types.Int64        `tfsdk:"month"`
	CustomerID types.String       `tfsdk:"customer_id"`
	Found      types.Bool         `tfsdk:"found"`
	Lines      []billingLineModel `tfsdk:"lines"`
}

type billingLineModel struct {
	OrderLineItemNumber         types.String  `tfsdk:"order_line_item_number"`
	OrderNumber                 types.String  `tfsdk:"order_number"`
	ProductGroup                types.String  `tfsdk:"product_group"`
	ProductCode                 types.String  `tfsdk:"product_code"`
	SKU                         types.String  `tfsdk:"sku"`
	ProductDescription          types.String  `tfsdk:"product_description"`
	BillableQuantity            types.Float64 `tfsdk:"billable_quantity"`
	OrderedQuantity             types.Float64 `tfsdk:"ordered_quantity"`
	ActualQuantity              types.Float64 `tfsdk:"actual_quantity"`
	UnitPrice                   types.Float64 `tfsdk:"unit_price"`
	NetPrice                    types.Float64 `tfsdk:"net_price"`
	AccountID                   types.String  `tfsdk:"account_id"`
	ExternalID                  types.String  `tfsdk:"external_id"`
	AssignedAccountIdentifier   types.String  `tfsdk:"assigned_account_identifier"`
	AccountNumberOrSerialNumber types.String  `tfsdk:"account_number_or_serial_number"`
	PartnerAccountID            types.String  `tfsdk:"partner_account_id"`
	PartnerAccountName          types.String  `tfsdk:"partner_account_name"`
	PartnerEDIAccountNumber     types.String  `tfsdk:"partner_edi_account_number"`
	BillingStartDate            types.String  `tfsdk:"billing_start_date"`
	BillingEndDate              types.String  `tfsdk:"billing_end_date"`
	ContactStreet               types.String  `tfsdk:"contact_street"`
	ContactCity                 types.String  `tfsdk:"contact_city"`
	ContactCountry              types.String  `tfsdk:"contact_country"`
	ContactZip                  types.String  `tfsdk:"contact_zip"`
	DistributorAccountName      types.String  `tfsdk:"distributor_account_name"`
}

func (d *billingUsageDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_billing_usage"
}

// billingLineDescriptions describes each line attribute, with the API field it holds.
var billingLineDescriptions = []struct{ attr, field, text string }{
	{"order_line_item_number", "orderLineItemNumber", "Order line reference."},
	{"order_number", "orderNumber", "Order reference."},
	{"product_group", "productGroup", "Product family, e.g. `Endpoint`, `Server`, `Firewall`, `MDR`."},
	{"product_code", "productCode", "Sophos billing product code; the `sophos_products` data source says which Sophos product of the PSA integration it rolls up to. Always set."},
	{"sku", "sku", "Sophos SKU."},
	{"product_description", "productDescription", "Name of the product line."},
	{"billable_quantity", "billableQuantity", "Quantity billed for the month. Always set."},
	{"ordered_quantity", "orderedQuantity", "Quantity ordered."},
	{"actual_quantity", "actualQuantity", "Quantity measured."},
	{"unit_price", "unitPrice", "Price per unit Sophos bills the partner."},
	{"net_price", "netPrice", "Total of the line."},
	{"account_id", "accountId", "Sophos customer (tenant) id; null for stand-alone device subscriptions (e.g. a firewall)."},
	{"external_id", "externalId", "External id of the customer."},
	{"assigned_account_identifier", "assignedAccountIdentifier", "Customer name."},
	{"account_number_or_serial_number", "accountNumberOrSerialNumber", "Account number, or the serial number of a device."},
	{"partner_account_id", "partnerAccountId", "The partner's account id."},
	{"partner_account_name", "partnerAccountName", "The partner's name."},
	{"partner_edi_account_number", "partnerEdiAccountNumber", "The partner's EDI account number."},
	{"billing_start_date", "billingStartDate", "First day of the billing period, as Sophos writes it."},
	{"billing_end_date", "billingEndDate", "Last day of the billing period, as Sophos writes it."},
	{"contact_street", "contactStreet", "Customer address: street."},
	{"contact_city", "contactCity", "Customer address: city."},
	{"contact_country", "contactCountry", "Customer address: country."},
	{"contact_zip", "contactZip", "Customer address: postal code."},
	{"distributor_account_name", "destributorAccountName", "The distributor (the API spells the field `destributorAccountName`)."},
}

func (d *billingUsageDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	lineAttrs := map[string]schema.Attribute{}
	for _, l := range billingLineDescriptions {
		desc := fmt.Sprintf("%s (API field `%s`.) Null when Sophos does not send it.", l.text, l.field)
		if strings.HasSuffix(l.attr, "_quantity") || strings.HasSuffix(l.attr, "_price") {
			lineAttrs[l.attr] = schema.Float64Attribute{MarkdownDescription: desc, Computed: true}
		} else {
			lineAttrs[l.attr] = schema.StringAttribute{MarkdownDescription: desc, Computed: true}
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The partner's monthly billing report from the **real Sophos Partner Billing API** " +
			"(`GET /partner/v1/billing/usage/{year}/{month}`): it works with a Sophos Central Partner credential against " +
			"Sophos Central itself, not only with the emulator. Every page is read. Line fields keep Sophos's names in " +
			"snake case; only `product_code` and `billable_quantity` are always set, the others are null when Sophos does " +
			"not send them (their presence is not documented publicly).",
		Attributes: map[string]schema.Attribute{
			"year": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Year of the report, %d to %d. A report is of one month, so `year` needs `month` "+
					"(a year alone fails at plan rather than read one month of it); with `month` alone, the current year (UTC).",
					api.MinBillingYear, api.MaxBillingYear),
				Optional: true,
				Computed: true,
				Validators: []validator.Int64{int64validator.Between(api.MinBillingYear, api.MaxBillingYear),
					int64validator.AlsoRequires(path.MatchRoot("month"))},
			},
			"month": schema.Int64Attribute{
				MarkdownDescription: "Month of the report, 1 to 12. Defaults to the current month (UTC): month to date.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 12)},
			},
			"customer_id": schema.StringAttribute{
				MarkdownDescription: "Only the lines of this customer (tenant id, a UUID). The API has no such filter, so the " +
					"whole report is still read.",
				Optional:   true,
				Validators: []validator.String{uuidValidator()},
			},
			"found": schema.BoolAttribute{
				MarkdownDescription: "False when Sophos has no report for the month (it answered 404); `lines` is then empty. " +
					"A month with a report but no usage has `found = true` and no lines.",
				Computed: true,
			},
			"lines": schema.ListNestedAttribute{
				MarkdownDescription: "The report's lines (of `customer_id` only, when set), in the order Sophos sends them.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: lineAttrs},
			},
		},
	}
}

func (d *billingUsageDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data billingUsageDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	now := d.now().UTC()
	if data.Year.IsNull() || data.Year.IsUnknown() {
		data.Year = types.Int64Value(int64(now.Year()))
	}
	if data.Month.IsNull() || data.Month.IsUnknown() {
		data.Month = types.Int64Value(int64(now.Month()))
	}
	year, month := int(data.Year.ValueInt64()), int(data.Month.ValueInt64())
	report, err := d.snapshot.billingReport(ctx, year, month)
	if err != nil {
		resp.Diagnostics.Append(d.apiError("read", "billing usage", fmt.Sprintf("the billing report of %04d-%02d", year, month), err, ""))
		return
	}
	customer := strings.ToLower(data.CustomerID.ValueString())
	data.Found = types.BoolValue(report.Found)
	data.Lines = []billingLineModel{}
	for i := range report.Items {
		it := &report.Items[i]
		if customer != "" && (it.AccountId == nil || strings.ToLower(*it.AccountId) != customer) {
			continue
		}
		data.Lines = append(data.Lines, billingLineFromAPI(it))
	}
	tflog.Debug(ctx, "Read billing usage", map[string]any{"year": year, "month": month, "lines": len(report.Items), "matching": len(data.Lines), "pages": report.Pages})
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// billingLineFromAPI maps a billing line of the API to the model; it is the one mapper.
func billingLineFromAPI(it *api.BillingUsageItem) billingLineModel {
	return billingLineModel{
		OrderLineItemNumber:         types.StringPointerValue(it.OrderLineItemNumber),
		OrderNumber:                 types.StringPointerValue(it.OrderNumber),
		ProductGroup:                types.StringPointerValue(it.ProductGroup),
		ProductCode:                 types.StringValue(it.ProductCode),
		SKU:                         types.StringPointerValue(it.Sku),
		ProductDescription:          types.StringPointerValue(it.ProductDescription),
		BillableQuantity:            types.Float64Value(it.BillableQuantity),
		OrderedQuantity:             types.Float64PointerValue(it.OrderedQuantity),
		ActualQuantity:              types.Float64PointerValue(it.ActualQuantity),
		UnitPrice:                   types.Float64PointerValue(it.UnitPrice),
		NetPrice:                    types.Float64PointerValue(it.NetPrice),
		AccountID:                   types.StringPointerValue(it.AccountId),
		ExternalID:                  types.StringPointerValue(it.ExternalId),
		AssignedAccountIdentifier:   types.StringPointerValue(it.AssignedAccountIdentifier),
		AccountNumberOrSerialNumber: types.StringPointerValue(it.AccountNumberOrSerialNumber),
		PartnerAccountID:            types.StringPointerValue(it.PartnerAccountId),
		PartnerAccountName:          types.StringPointerValue(it.PartnerAccountName),
		PartnerEDIAccountNumber:     types.StringPointerValue(it.PartnerEdiAccountNumber),
		BillingStartDate:            types.StringPointerValue(it.BillingStartDate),
		BillingEndDate:              types.StringPointerValue(it.BillingEndDate),
		ContactStreet:               types.StringPointerValue(it.ContactStreet),
		ContactCity:                 types.StringPointerValue(it.ContactCity),
		ContactCountry:              types.StringPointerValue(it.ContactCountry),
		ContactZip:                  types.StringPointerValue(it.ContactZip),
		DistributorAccountName:      types.StringPointerValue(it.DestributorAccountName),
	}
}
