package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

var (
	_ datasource.DataSource                   = (*billingReconciliationDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*billingReconciliationDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*billingReconciliationDataSource)(nil)
)

// NewBillingReconciliationDataSource returns the sophos_billing_reconciliation data source.
func NewBillingReconciliationDataSource() datasource.DataSource {
	return &billingReconciliationDataSource{}
}

// billingReconciliationDataSource compares a month of Sophos's billing with what a PSA holds
// to invoice (rules.Reconcile): the billing report, the mappings from either side
// (billing_reconciliation_inputs.go) and the PSA's lines through its own API
// (provider_psa_lines.go).
type billingReconciliationDataSource struct {
	dataSourceBase
}

// reconciliationTypeName names the data source in its messages.
const reconciliationTypeName = "sophos_billing_reconciliation"

func (d *billingReconciliationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_billing_reconciliation"
}

// ValidateConfig refuses mappings written in the configuration that cannot be reconciled (a
// customer, code or contract listed twice) and a tolerance below 0, as soon as they are
// known, whether or not the data source can be read at plan.
func (d *billingReconciliationDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m billingReconciliationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.PSA.IsUnknown() {
		return
	}
	in, known, diags := configuredMappings(ctx, &m, api.Psa(m.PSA.ValueString()))
	resp.Diagnostics.Append(diags...)
	if !known || diags.HasError() || m.Tolerance.IsUnknown() {
		return
	}
	_, vs := rules.Reconcile(rules.ReconcileInput{Products: in.products, Customers: in.customers, ProductMappings: in.productMappings,
		Tolerance: m.Tolerance.ValueFloat64()})
	addReconcileViolations(&resp.Diagnostics, vs, in)
}

func (d *billingReconciliationDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m billingReconciliationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	psa := api.Psa(m.PSA.ValueString())
	reader, ok := d.lineReaderOf(psa)
	if !ok {
		resp.Diagnostics.Append(psaBlockNeeded(psa, path.Root("psa"), "The "+reconciliationTypeName+" data source"))
		return
	}
	year, month := int(m.Year.ValueInt64()), int(m.Month.ValueInt64())
	in, _, diags := configuredMappings(ctx, &m, psa)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	report, err := d.snapshot.billingReport(ctx, year, month)
	if err != nil {
		resp.Diagnostics.Append(d.apiError("read", "billing usage", fmt.Sprintf("the billing report of %04d-%02d", year, month), err, ""))
		return
	}
	if !report.Found {
		resp.Diagnostics.AddAttributeError(path.Root("month"), "No billing report for the month",
			fmt.Sprintf("Sophos Central has no billing report for %04d-%02d (the Partner Billing API answered 404), so there is "+
				"nothing to reconcile the PSA's lines with. Set year and month to a month Sophos has billed: the current month "+
				"or one before it.", year, month))
		return
	}
	if err := d.sophosMappings(ctx, psa, &in); err != nil {
		failed := d.apiError("read", "mapping tables", psa.DisplayName()+"'s mapping tables in Sophos Central", err, "")
		if client.IsIntegrationProblem(err) {
			failed = diag.NewErrorDiagnostic(failed.Summary(), failed.Detail()+"\n\nThe reconciliation can do without Sophos's "+
				"mapping tables: with customer_mappings and product_mappings written in the configuration it reads none of Sophos's "+
				"PSA integration, only the Partner Billing API and "+psa.DisplayName()+"'s own API.")
		}
		resp.Diagnostics.Append(failed)
		return
	}
	listed, err := d.listedContracts(ctx, psa)
	if err != nil {
		resp.Diagnostics.Append(d.apiError("list", "PSA contracts", psa.DisplayName()+"'s contracts", err, ""))
		return
	}
	from, to := monthDays(year, month)
	q := psaLineQuery{From: from, To: to, Contracts: in.mappedContracts(psa), Products: in.mappedProducts()}
	set, err := reader.invoiceLines(ctx, q)
	if err != nil {
		resp.Diagnostics.Append(d.apiError("read", "PSA lines", fmt.Sprintf("what %s holds to invoice on %d mapped %ss",
			psa.DisplayName(), len(q.Contracts), psa.ContractNoun()), err, ""))
		return
	}
	in.withPSAStatuses(psa, set, listed)
	rec, vs := rules.Reconcile(rules.ReconcileInput{Lines: report.Items, Products: in.products, Customers: in.customers,
		ProductMappings: in.productMappings, PSALines: set.Lines, Tolerance: m.Tolerance.ValueFloat64(), Only: psa})
	if len(vs) > 0 {
		addReconcileViolations(&resp.Diagnostics, vs, in)
		return
	}
	m.setReconciliation(rec, in.names(report.Items, listed), in.codesFromConfig)
	tflog.Debug(ctx, "Reconciled billing with the PSA", map[string]any{"psa": psa, "month": from[:7], "billing_lines": len(report.Items),
		"psa_lines": len(set.Lines), "contracts": len(q.Contracts), "rows": len(rec.Rows)})
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
