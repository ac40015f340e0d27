package provider

import (
	"regexp"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	"github.com/hashicorp/terraform-plugin-testing/config"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// TestAccBillingExamples applies the documentation examples of the PSA connection, the
// schedule and the billing data sources against the emulator.
func TestAccBillingExamples(t *testing.T) {
	e := testharness.Emulator(t)
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, false)
	if _, err := e.Admin().SyncUsage(api.PsaAutotask); err != nil {
		t.Fatal(err)
	}
	example := func(path string) string { return exampleConfig(t, e, path) }
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             acc.ComposeAggregateTestCheckFunc(testAccCheckIntegrationsDisconnected(t, e), testAccCheckSchedulesReset(t, e)),
		Steps: []acc.TestStep{
			{
				Config:           example("data-sources/sophos_billing_usage/data-source.tf"),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("june_by_product", knownvalue.MapPartial(map[string]knownvalue.Check{"CIXA1CSAA": knownvalue.Float64Exact(140)})),
					statecheck.ExpectKnownOutputValue("alpine_lines", knownvalue.ListSizeExact(3)),
				},
			},
			{
				Config: example("data-sources/sophos_products/data-source.tf"),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("product_of_billing_code",
					knownvalue.MapPartial(map[string]knownvalue.Check{"CIXA1CSAA": knownvalue.StringExact("Sophos_Intercept_X_Advanced")}))},
			},
			{
				Config: example("data-sources/sophos_psa_integrations/data-source.tf"),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("integration_status",
					knownvalue.MapExact(map[string]knownvalue.Check{"autotask": knownvalue.StringExact("connected"), "connectwise": knownvalue.StringExact("connected")}))},
			},
			{
				// A second run, with Intercept X mapped: it writes Alpine's units of the month.
				PreConfig: func() {
					if err := e.Admin().SetProductMapping(api.PsaAutotask, "Sophos_Intercept_X_Advanced", 29680001, true); err != nil {
						t.Fatal(err)
					}
					if _, err := e.Admin().SyncUsage(api.PsaAutotask); err != nil {
						t.Fatal(err)
					}
				},
				Config: example("data-sources/sophos_psa_usage_sync_history/data-source.tf"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("failures_by_run", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"failed": knownvalue.MapExact(map[string]knownvalue.Check{})}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"failed": knownvalue.MapExact(map[string]knownvalue.Check{})}),
					})),
					statecheck.ExpectKnownOutputValue("last_run_psa_lines", knownvalue.MapExact(map[string]knownvalue.Check{
						seedCustomerAlpine: knownvalue.ListExact([]knownvalue.Check{knownvalue.StringRegexp(regexp.MustCompile(
							`^created: 42 units of service 29680001 on contract 29684001 \(contract service \d+, units \d+\)$`))}),
					})),
				},
			},
			{
				Config:           example("resources/sophos_psa_usage_sync_schedule/resource.tf"),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("sophos_psa_usage_sync_schedule.connectwise", tfjsonpath.New("day_of_month"), knownvalue.Int64Exact(5)),
				},
			},
			{
				PreConfig: func() {
					if err := e.Admin().DeleteCustomerMapping(api.PsaAutotask, seedCustomerAlpine); err != nil {
						t.Fatal(err)
					}
					if err := e.Admin().DeleteProductMapping(api.PsaAutotask, "Sophos_Intercept_X_Advanced"); err != nil {
						t.Fatal(err)
					}
					disconnectOutOfBand(t, e, api.PsaAutotask)
				},
				Config:           example("resources/sophos_psa_integration/resource.tf"),
				ConfigVariables:  config.Variables{"autotask_secret": config.StringVariable(seedATSecret)},
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("autotask_status", knownvalue.StringExact("connected")),
					statecheck.ExpectKnownValue("sophos_psa_usage_sync_schedule.autotask", tfjsonpath.New("schedule"), knownvalue.StringExact("daily")),
					expectNoSecret(seedATSecret),
				},
			},
		},
	})
}
