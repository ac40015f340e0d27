package provider

import (
	"regexp"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// seedBillingLines is the number of lines in every month of the default seed's report.
const seedBillingLines = 24

// TestAccBillingUsageDataSource reads the billing report: a given month, one customer's
// lines, the current month by default, an empty month, a month with thousands of lines
// (paged), and refuses a bad month or customer at plan.
func TestAccBillingUsageDataSource(t *testing.T) {
	e := testharness.Emulator(t)
	const june, alpine, now, empty = "data.sophos_billing_usage.june", "data.sophos_billing_usage.alpine", "data.sophos_billing_usage.now", "data.sophos_billing_usage.empty"
	cfg := testharness.ProviderBlock(e) + `
data "sophos_billing_usage" "june" {
  year  = 2025
  month = 6
}

data "sophos_billing_usage" "alpine" {
  year        = 2025
  month       = 6
  customer_id = "` + seedCustomerAlpine + `"
}

data "sophos_billing_usage" "now" {}

data "sophos_billing_usage" "empty" {
  year  = 2019
  month = 1
}
`
	line := func(i int, attr string) tfjsonpath.Path {
		return tfjsonpath.New("lines").AtSliceIndex(i).AtMapKey(attr)
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				Config:      testharness.ProviderBlock(e) + "data \"sophos_billing_usage\" \"x\" {\n  year  = 2025\n  month = 13\n}\n",
				PlanOnly:    true,
				ExpectError: errorPattern(`month value must be between 1 and 12, got: 13`),
			},
			// A year alone is not a report: the plan fails rather than read one month of it.
			{
				Config:      testharness.ProviderBlock(e) + "data \"sophos_billing_usage\" \"x\" {\n  year = 2025\n}\n",
				PlanOnly:    true,
				ExpectError: errorPattern(`Attribute "month" must be specified when "year" is specified`),
			},
			{
				Config:      testharness.ProviderBlock(e) + "data \"sophos_billing_usage\" \"x\" {\n  customer_id = \"Alpine\"\n}\n",
				PlanOnly:    true,
				ExpectError: errorPattern(`must be a UUID`),
			},
			{
				Config:           cfg,
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(june, tfjsonpath.New("lines"), knownvalue.ListSizeExact(seedBillingLines)),
					statecheck.ExpectKnownValue(june, tfjsonpath.New("found"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(june, line(0, "product_code"), knownvalue.StringExact("CIXA1CSAA")),
					statecheck.ExpectKnownValue(june, line(0, "billable_quantity"), knownvalue.Float64Exact(42)),
					statecheck.ExpectKnownValue(june, line(0, "net_price"), knownvalue.Float64Exact(121.8)),
					statecheck.ExpectKnownValue(june, line(0, "account_id"), knownvalue.StringExact(seedCustomerAlpine)),
					statecheck.ExpectKnownValue(june, line(0, "assigned_account_identifier"), knownvalue.StringExact("Alpine Dental Group")),
					statecheck.ExpectKnownValue(june, line(0, "billing_start_date"), knownvalue.StringExact("2025-06-01")),
					statecheck.ExpectKnownValue(june, line(0, "distributor_account_name"), knownvalue.StringExact("Westcoast Ltd")),
					statecheck.ExpectKnownValue(june, line(0, "contact_street"), knownvalue.Null()),
					// The stand-alone firewall: no customer, a serial number.
					statecheck.ExpectKnownValue(june, line(seedBillingLines-1, "account_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(june, line(seedBillingLines-1, "account_number_or_serial_number"), knownvalue.StringExact("X2101CTQ9JKR7A4")),
					statecheck.ExpectKnownValue(alpine, tfjsonpath.New("lines"), knownvalue.ListSizeExact(3)),
					statecheck.ExpectKnownValue(now, tfjsonpath.New("lines"), knownvalue.ListSizeExact(seedBillingLines)),
					statecheck.ExpectKnownValue(now, tfjsonpath.New("year"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(now, tfjsonpath.New("month"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(empty, tfjsonpath.New("lines"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(empty, tfjsonpath.New("found"), knownvalue.Bool(true)),
				},
			},
			// Thousands of lines: 100 on the first page, then 1000 a page.
			{
				PreConfig: func() {
					if _, err := e.Admin().SynthesizeUsage(2500); err != nil {
						t.Fatal(err)
					}
				},
				Config: testharness.ProviderBlock(e) + "data \"sophos_billing_usage\" \"june\" {\n  year  = 2025\n  month = 6\n}\n",
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(june, tfjsonpath.New("lines"), knownvalue.ListSizeExact(seedBillingLines+2500)),
					statecheck.ExpectKnownValue(june, tfjsonpath.New("lines").AtSliceIndex(seedBillingLines+2499).AtMapKey("product_code"), knownvalue.NotNull()),
				},
			},
		},
	})
}

// TestAccSophosProductsAndIntegrationsDataSources: the roll-up of billing codes and the
// state of every PSA.
func TestAccSophosProductsAndIntegrationsDataSources(t *testing.T) {
	e := testharness.Emulator(t)
	if err := e.Admin().SetIntegrationStatus(api.PsaConnectwise, api.IntegrationStatusError); err != nil {
		t.Fatal(err)
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config: testharness.ProviderBlock(e) + `
data "sophos_products" "all" {}

data "sophos_psa_integrations" "all" {}

output "ixa_codes" {
  value = one([for p in data.sophos_products.all.products : p.billing_product_codes if p.identifier == "Sophos_Intercept_X_Advanced"])
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.sophos_products.all", tfjsonpath.New("products"), knownvalue.ListSizeExact(27)),
				statecheck.ExpectKnownOutputValue("ixa_codes", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("CIXA1CSAA")})),
				statecheck.ExpectKnownValue("data.sophos_psa_integrations.all", tfjsonpath.New("integrations"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"psa": knownvalue.StringExact("connectwise"), "status": knownvalue.StringExact("error"),
						"status_error":        knownvalue.StringRegexp(regexp.MustCompile("refused the stored API credentials")),
						"usage_sync_schedule": knownvalue.StringExact("withInvoice"),
					}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"psa": knownvalue.StringExact("autotask"), "status": knownvalue.StringExact("connected"),
						"status_error": knownvalue.Null(), "usage_sync_schedule": knownvalue.StringExact("daily"),
					}),
				})),
			},
		}},
	})
}

// TestAccPSAUsageSyncHistoryDataSource runs two usage syncs and reads the history: every
// run, newest first, with each customer's result and the lines it sent; one customer's;
// only the last run.
func TestAccPSAUsageSyncHistoryDataSource(t *testing.T) {
	e := testharness.Emulator(t)
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, false)
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerNorthgate, seedATCompanyNorthgate, seedATContractNorthgateDup, true, false)
	if err := e.Admin().SetProductMapping(api.PsaAutotask, "Sophos_Intercept_X_Advanced", 29680001, true); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := e.Admin().SyncUsage(api.PsaAutotask); err != nil {
			t.Fatal(err)
		}
	}
	const all, one, last = "data.sophos_psa_usage_sync_history.all", "data.sophos_psa_usage_sync_history.alpine", "data.sophos_psa_usage_sync_history.last"
	result := func(i int) tfjsonpath.Path {
		return tfjsonpath.New("runs").AtSliceIndex(0).AtMapKey("results").AtSliceIndex(i)
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config: testharness.ProviderBlock(e) + `
data "sophos_psa_usage_sync_history" "all" {
  psa = "autotask"
}

data "sophos_psa_usage_sync_history" "alpine" {
  psa         = "autotask"
  customer_id = "` + seedCustomerAlpine + `"
}

data "sophos_psa_usage_sync_history" "last" {
  psa      = "autotask"
  max_runs = 1
}
`,
			ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(all, tfjsonpath.New("runs"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("runs").AtSliceIndex(0).AtMapKey("status"), knownvalue.StringExact("partial")),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("runs").AtSliceIndex(0).AtMapKey("trigger"), knownvalue.StringExact("schedule")),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("runs").AtSliceIndex(0).AtMapKey("customers_failed"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(all, result(0).AtMapKey("customer_name"), knownvalue.StringExact("Alpine Dental Group")),
				statecheck.ExpectKnownValue(all, result(0).AtMapKey("lines"), knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
					"sophos_product": knownvalue.StringExact("Sophos_Intercept_X_Advanced"), "psa_product_id": knownvalue.Int64Exact(29680001),
					"psa_product_identifier": knownvalue.StringExact("SOPHOS-IX-ADV"), "quantity": knownvalue.Float64Exact(42),
				})})),
				statecheck.ExpectKnownValue(all, result(1).AtMapKey("status"), knownvalue.StringExact("failed")),
				statecheck.ExpectKnownValue(all, result(1).AtMapKey("error"), knownvalue.StringRegexp(regexp.MustCompile("not unique"))),
				statecheck.ExpectKnownValue(one, tfjsonpath.New("runs").AtSliceIndex(1).AtMapKey("results"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue(last, tfjsonpath.New("runs"), knownvalue.ListSizeExact(1)),
				statecheck.CompareValuePairs(last, tfjsonpath.New("runs").AtSliceIndex(0).AtMapKey("id"), all, tfjsonpath.New("runs").AtSliceIndex(0).AtMapKey("id"), compare.ValuesSame()),
			},
		}},
	})
}
