package provider

import (
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// sophos_billing_reconciliation on reconSeed, through Sophos's mapping tables and each PSA's
// own API: every status of a row, a customer mapped in both PSAs, two customers of one name,
// the tolerance, and the totals.

const (
	reconCW = "data.sophos_billing_reconciliation.connectwise"
	reconAT = "data.sophos_billing_reconciliation.autotask"
)

var (
	short    = []string{"psa_short"}
	over     = []string{"psa_over"}
	noLine   = []string{"no_psa_line"}
	matches  = []string(nil)
	stranded = []string{"contract_not_invoiced"}
)

// reconNoPSARows are the rows of no PSA of reconSeed: the stand-alone firewall and Riverside,
// which no PSA maps. Summit, mapped in Autotask only, is left out of ConnectWise's.
var reconNoPSARows = []wantRow{
	{customer: "", product: 0, sophos: 3, problems: noLine},
	{customer: seedCustomerRiverside, product: 0, sophos: 48, problems: noLine},
}

// reconCWRows are the rows of reconSeed's ConnectWise customers, in order: one of each
// status; Cedar Ridge's two over have the problems cedar.
func reconCWRows(cedar []string) []wantRow {
	return []wantRow{
		{customer: seedCustomerOakwood, product: seedCWEndpoint, sophos: 140, psa: 140, contract: "cancelled", problems: stranded},
		{customer: seedCustomerAlpine, product: seedCWIXA, sophos: 42, psa: 42, contract: "active"},
		{customer: seedCustomerAlpine, product: seedCWEmail, sophos: 38, psa: 38, contract: "active"},
		{customer: seedCustomerBayside, product: seedCWIXAXDR, sophos: 25, psa: 20, contract: "active", problems: short},
		{customer: reconCustomerAlpineTwin, product: seedCWIXA, sophos: 10, psa: 7, contract: "active", problems: short},
		{customer: seedCustomerPinnacle, product: seedCWIXAXDR, sophos: 16, contract: "missing", problems: []string{"contract_not_invoiced", "no_psa_line"}},
		{customer: seedCustomerKestrel, product: seedCWIXAXDR, sophos: 55, psa: 55, contract: "active"},
		{customer: seedCustomerKestrel, product: seedCWEmail, psa: 5, contract: "active", problems: []string{"psa_line_without_usage"}},
		{customer: seedCustomerHarborline, product: seedCWMDR, sophos: 64, contract: "active", problems: noLine},
		{customer: seedCustomerLakeview, product: seedCWIXA, sophos: 31, psa: 31, contract: "inactive", problems: stranded},
		{customer: seedCustomerMeridian, product: seedCWEndpoint, sophos: 12, psa: 12, contract: "active", problems: []string{"price_below_cost"}},
		{customer: seedCustomerCedarRidge, product: seedCWIXA, sophos: 18, psa: 20, contract: "active", problems: cedar},
	}
}

// TestAccBillingReconciliation_eachStatus reconciles reconSeed's month with ConnectWise and
// Autotask: every status, in ConnectWise's rows; Alpine Dental, mapped in both PSAs, matches
// in both; its namesake is a customer of its own; with a tolerance of 2 Cedar Ridge's two
// over matches.
func TestAccBillingReconciliation_eachStatus(t *testing.T) {
	_, base := startRecon(t)
	cfg := func(tolerance any) string {
		return base.Data("sophos_billing_reconciliation", "connectwise", reconciliation("connectwise", testharness.Attrs{"tolerance": tolerance})).
			Data("sophos_billing_reconciliation", "autotask", reconciliation("autotask", nil)).String()
	}
	cwRows := func(cedar []string) knownvalue.Check {
		return rowsAre(append(append([]wantRow{}, reconNoPSARows...), reconCWRows(cedar)...)...)
	}
	atRows := rowsAre(append(append([]wantRow{}, reconNoPSARows...),
		wantRow{customer: seedCustomerSummit, product: seedATIXA, sophos: 22, contract: "active", problems: noLine},
		wantRow{customer: seedCustomerAlpine, product: seedATIXA, sophos: 42, psa: 42, contract: "active"},
		wantRow{customer: seedCustomerAlpine, product: seedATEmail, sophos: 38, psa: 38, contract: "active"},
	)...)
	status := func(address, s string, rows int64, m knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(address, tfjsonpath.New("totals_by_status").AtMapKey(s), knownvalue.ObjectExact(map[string]knownvalue.Check{
			"rows": knownvalue.Int64Exact(rows), "money_at_stake": m}))
	}
	customer := func(id string, rows, problems int64) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(reconCW, tfjsonpath.New("totals_by_customer").AtMapKey(id), knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"rows": knownvalue.Int64Exact(rows), "problems": knownvalue.Int64Exact(problems)}))
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				Config: cfg(nil),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(reconCW, tfjsonpath.New("rows"), cwRows(over)),
					statecheck.ExpectKnownValue(reconAT, tfjsonpath.New("rows"), atRows),
					// Bayside 5 x 6.25 and the other Alpine 3 x 4.50 short; Meridian 0.65 under Sophos's 1.65 on 12.
					status(reconCW, "psa_short", 2, money(31.25+13.5, 0)),
					status(reconCW, "price_below_cost", 1, money(0, (1.65-1.00)*12)),
					status(reconCW, "matches", 3, money(0, 0)),
					status(reconAT, "matches", 2, money(0, 0)),
					customer(seedCustomerAlpine, 2, 0),
					customer(reconCustomerAlpineTwin, 1, 1),
					statecheck.ExpectKnownValue(reconCW, tfjsonpath.New("rows").AtSliceIndex(4), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"customer_name": knownvalue.StringExact("Alpine Dental Group"), "contract_name": knownvalue.StringExact("Alpine Dental - Managed Security"),
						"company_id": knownvalue.Int64Exact(251), "contract_id": knownvalue.Int64Exact(501), "psa_lines": knownvalue.Int64Exact(1),
						"sophos_products": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("Sophos_Email_Advanced")}),
						"product_codes":   knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("CEMA1CSAA")}),
						"psa_unit_price":  knownvalue.Float64Exact(2.10), "sophos_unit_price": knownvalue.Float64Exact(1.30),
					})),
					// Meridian: 0.65 x 12, to a millionth (in binary 7.799999999999996).
					statecheck.ExpectKnownValue(reconCW, tfjsonpath.New("rows").AtSliceIndex(12).AtMapKey("money_at_stake").AtMapKey("price"), knownvalue.Float64Exact(7.8)),
					// Autotask's units of the month without a price of their own: the contract service's.
					statecheck.ExpectKnownValue(reconAT, tfjsonpath.New("rows").AtSliceIndex(4).AtMapKey("psa_unit_price"), knownvalue.Float64Exact(2.00)),
				},
			},
			{
				Config: cfg(2.0),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(reconCW, tfjsonpath.New("rows"), cwRows(matches)),
					status(reconCW, "psa_over", 0, money(0, 0)),
				},
			},
		},
	})
}

// TestAccBillingReconciliation_examples applies the data source's documentation examples
// on reconSeed's usage billed every month (the examples reconcile the current one).
func TestAccBillingReconciliation_examples(t *testing.T) {
	_, base := startReconWith(t, reconSeedIn(nil))
	dir := "data-sources/sophos_billing_reconciliation/"
	cfg := base.Raw(exampleText(t, dir+"data-source.tf")).Raw(exampleText(t, dir+"from-configuration.tf")).String()
	problem := func(status string, sophos, psa float64) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{"status": knownvalue.StringExact(status),
			"sophos_bills": knownvalue.Float64Exact(sophos), "psa_holds": knownvalue.Float64Exact(psa)})
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config:           cfg,
			ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("billing_problems", knownvalue.MapPartial(map[string]knownvalue.Check{
					seedCustomerBayside + "/103":     problem("psa_short", 25, 20),
					reconCustomerAlpineTwin + "/102": problem("psa_short", 10, 7),
					seedCustomerCedarRidge + "/102":  problem("psa_over", 18, 20),
					"no customer/XGS1XSPMSP":         problem("no_psa_line", 3, 0),
				})),
				statecheck.ExpectKnownOutputValue("money_at_stake_by_status", knownvalue.MapPartial(map[string]knownvalue.Check{
					"psa_short": cents(31.25 + 13.5),
				})),
				statecheck.ExpectKnownOutputValue("alpine_dental_statuses", knownvalue.MapExact(map[string]knownvalue.Check{
					"102": knownvalue.StringExact("matches"), "106": knownvalue.StringExact("matches"),
				})),
			},
		}},
	})
}

// TestAccBillingReconciliation_cleanMonth: a month in which Autotask holds exactly what
// Sophos bills (Alpine Dental, the only customer with usage in July) has matching rows only,
// every other status at 0 and no money at stake.
func TestAccBillingReconciliation_cleanMonth(t *testing.T) {
	_, base := startReconWith(t, cleanJulySeed())
	totals := map[string]knownvalue.Check{}
	for _, status := range rules.ReconcileStatuses() {
		rows := int64(0)
		if status == rules.StatusMatches {
			rows = 2
		}
		totals[string(status)] = knownvalue.ObjectExact(map[string]knownvalue.Check{"rows": knownvalue.Int64Exact(rows), "money_at_stake": money(0, 0)})
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config: base.Data("sophos_billing_reconciliation", "autotask", reconciliation("autotask", testharness.Attrs{"month": 7})).String(),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(reconAT, tfjsonpath.New("rows"), rowsAre(
					wantRow{customer: seedCustomerAlpine, product: seedATIXA, sophos: 44, psa: 44, contract: "active"},
					wantRow{customer: seedCustomerAlpine, product: seedATEmail, sophos: 39, psa: 39, contract: "active"},
				)),
				statecheck.ExpectKnownValue(reconAT, tfjsonpath.New("totals_by_status"), knownvalue.MapExact(totals)),
				statecheck.ExpectKnownValue(reconAT, tfjsonpath.New("totals_by_customer"), knownvalue.MapExact(map[string]knownvalue.Check{
					seedCustomerAlpine: knownvalue.ObjectExact(map[string]knownvalue.Check{"rows": knownvalue.Int64Exact(2),
						"problems": knownvalue.Int64Exact(0), "money_at_stake": money(0, 0)}),
				})),
			},
		}},
	})
}

// cleanJulySeed is the reconciliation seed with a July in which Autotask holds exactly what
// Sophos bills Alpine Dental, the only customer with usage then.
func cleanJulySeed() *emulator.Seed {
	s := reconSeed()
	p := &s.Partners[0]
	july := []string{"2025-07"}
	p.BillingUsage.Lines = append(p.BillingUsage.Lines,
		emulator.SeedBillingLine{CustomerID: seedCustomerAlpine, ProductCode: "CIXA1CSAA", Quantity: 44, Months: july},
		emulator.SeedBillingLine{CustomerID: seedCustomerAlpine, ProductCode: "CEMA1CSAA", Quantity: 39, Months: july})
	alpine := reconAlpineContract(s)
	alpine.Services[0].Units = append(alpine.Services[0].Units, emulator.SeedUnits{Units: 44, StartDate: "2025-07-01", EndDate: "2025-07-31", Price: ptr(4.40)})
	alpine.Services[1].Units = append(alpine.Services[1].Units, emulator.SeedUnits{Units: 39, StartDate: "2025-07-01", EndDate: "2025-07-31", Price: ptr(2.00)})
	return s
}
