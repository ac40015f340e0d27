package provider

import (
	"os"
	"path/filepath"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/config"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// The reconciliation of the guide "Billing reconciliation in a plan"
// (examples/guides/billing-reconciliation/reconcile.tf), planned against the emulator: its
// checks fail on a month with leaks (usage of customers mapped in no PSA counted once, not
// once per PSA) and lines on a cancelled agreement, naming the
// customer, the product, both quantities and the money at stake, and pass on a month the
// PSA invoices exactly as Sophos bills.

const reconciliationGuide = "guides/billing-reconciliation/reconcile.tf"

// reconciliationGuideConfig is the guide's configuration under base's provider block.
func reconciliationGuideConfig(t *testing.T, base testharness.Configuration) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", reconciliationGuide)) //nolint:gosec // an example of this repository
	if err != nil {
		t.Fatal(err)
	}
	return base.Raw(string(b)).String()
}

// monthVariables are the guide's variables for the month year-month of psas.
func monthVariables(year, month int, psas ...string) config.Variables {
	list := make([]config.Variable, 0, len(psas))
	for _, p := range psas {
		list = append(list, config.StringVariable(p))
	}
	return config.Variables{
		"psas":          config.ListVariable(list...),
		"billing_month": config.ObjectVariable(map[string]config.Variable{"year": config.IntegerVariable(year), "month": config.IntegerVariable(month)}),
	}
}

// TestAccBillingReconciliationGuide_failing plans the guide on the reconciliation month of
// both PSAs.
func TestAccBillingReconciliationGuide_failing(t *testing.T) {
	_, base := startRecon(t)
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config:          reconciliationGuideConfig(t, base),
			ConfigVariables: monthVariables(reconYear, reconMonth, "connectwise", "autotask"),
			ConfigPlanChecks: acc.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{expectChecks{
				"no_revenue_leak": {status: tfjson.CheckStatusFail, fragments: []string{
					"(945.75 at stake, more than max_leak 0)",
					"Bayside Legal LLP (" + seedCustomerBayside + "), connectwise, PSA product 103 (Sophos_Intercept_X_Advanced_XDR): Sophos bills 25, the PSA invoices 20; 31.25 at stake",
					"usage of no customer (-), mapped in no PSA, XGS1XSPMSP: Sophos bills 3, the PSA invoices 0; 114.00 at stake"}},
				"no_line_on_a_contract_not_invoiced": {status: tfjson.CheckStatusFail, fragments: []string{
					"Oakwood Primary School (06ecc426-7bab-4fc7-a80d-54f47b33a78c), connectwise, PSA product 101 (Sophos_Endpoint_Protection): Sophos bills 140, the PSA invoices 140; 385.00 at stake (contract 513 is cancelled)"}},
			}}},
		}},
	})
}

// TestAccBillingReconciliationGuide_passing plans the guide on a month Autotask invoices as
// Sophos bills it (the clean month of TestAccBillingReconciliation_cleanMonth).
func TestAccBillingReconciliationGuide_passing(t *testing.T) {
	_, base := startReconWith(t, cleanJulySeed())
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config:          reconciliationGuideConfig(t, base),
			ConfigVariables: monthVariables(reconYear, 7, "autotask"),
			ConfigPlanChecks: acc.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{expectChecks{
				"no_revenue_leak":                    {status: tfjson.CheckStatusPass},
				"no_line_on_a_contract_not_invoiced": {status: tfjson.CheckStatusPass},
				"no_price_below_sophos":              {status: tfjson.CheckStatusPass},
			}}},
		}},
	})
}
