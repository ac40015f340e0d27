package provider

import (
	"regexp"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPSACustomerMappingsDataSource maps three customers, runs a usage-sync pass in which
// one of them fails (its Autotask contract name is not unique), and reads the customer list
// with the console's filters.
func TestAccPSACustomerMappingsDataSource(t *testing.T) {
	e := testharness.Emulator(t)
	mappings := testharness.Config(e).
		Resource("sophos_psa_customer_mapping", "alpine", customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, nil)).
		Resource("sophos_psa_customer_mapping", "northgate", customerMapping("autotask", seedCustomerNorthgate, seedATCompanyNorthgate, seedATContractNorthgateDup, true, true)).
		Resource("sophos_psa_customer_mapping", "greenfield", customerMapping("autotask", seedCustomerGreenfield, seedATCompanyGreenfield, 0, nil, true))
	rfc3339 := knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:      mappings.Data("sophos_psa_customer_mappings", "x", testharness.Attrs{"psa": "autotask", "sync_status": "pending"}).String(),
				PlanOnly:    true,
				ExpectError: errorPattern(`Attribute sync_status value must be one of.*got: "pending"`),
			},
			{
				Config:           mappings.String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				PreConfig: func() {
					results, err := e.Admin().RunUsageSync(api.PsaAutotask)
					if err != nil {
						t.Fatalf("running a usage sync: %v", err)
					}
					if len(results) != 2 {
						t.Fatalf("want 2 customers synced, got %d: %+v", len(results), results)
					}
				},
				Config: mappings.
					Data("sophos_psa_customer_mappings", "failed", testharness.Attrs{"psa": "autotask", "sync_status": "failed"}).
					Data("sophos_psa_customer_mappings", "successful", testharness.Attrs{"psa": "autotask", "sync_status": "successful"}).
					Data("sophos_psa_customer_mappings", "no_usage_sync", testharness.Attrs{"psa": "autotask", "usage_sync_available": false}).
					Data("sophos_psa_customer_mappings", "all", testharness.Attrs{"psa": "autotask"}).
					Data("sophos_psa_customer_mappings", "connectwise", testharness.Attrs{"psa": "connectwise", "usage_sync_available": true}).
					String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.sophos_psa_customer_mappings.failed", tfjsonpath.New("mappings"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"customer_id":          knownvalue.StringExact(seedCustomerNorthgate),
							"customer_name":        knownvalue.StringExact("Northgate Property Management"),
							"billing_type":         knownvalue.StringExact("usage"),
							"usage_sync_available": knownvalue.Bool(true),
							"mapped":               knownvalue.Bool(true),
							"company_id":           knownvalue.Int64Exact(seedATCompanyNorthgate),
							"company_name":         knownvalue.StringExact("Northgate Property Management"),
							"company_exists":       knownvalue.Bool(true),
							"contract_id":          knownvalue.Int64Exact(seedATContractNorthgateDup),
							"contract_name":        knownvalue.StringExact("Managed Security Services"),
							"contract_status":      knownvalue.StringExact("active"),
							"usage_sync_enabled":   knownvalue.Bool(true),
							"ticket_sync_enabled":  knownvalue.Bool(true),
							"last_sync_status":     knownvalue.StringExact("failed"),
							"last_sync_at":         rfc3339,
							"last_sync_error":      knownvalue.StringRegexp(regexp.MustCompile(`"Managed Security Services".*is not unique.*29684011`)),
						}),
					})),
					statecheck.ExpectKnownValue("data.sophos_psa_customer_mappings.successful", tfjsonpath.New("mappings"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"customer_id":      knownvalue.StringExact(seedCustomerAlpine),
							"contract_name":    knownvalue.StringExact("Alpine Dental - Sophos MSP Flex"),
							"last_sync_status": knownvalue.StringExact("successful"),
							"last_sync_at":     rfc3339,
							"last_sync_error":  knownvalue.Null(),
						}),
					})),
					// Term and trial customers; the term customer is mapped for ticket sync only.
					statecheck.ExpectKnownValue("data.sophos_psa_customer_mappings.no_usage_sync", tfjsonpath.New("mappings"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"customer_name":        knownvalue.StringExact("Greenfield Manufacturing"),
							"billing_type":         knownvalue.StringExact("term"),
							"usage_sync_available": knownvalue.Bool(false),
							"mapped":               knownvalue.Bool(true),
							"contract_id":          knownvalue.Null(),
							"contract_status":      knownvalue.Null(),
							"usage_sync_enabled":   knownvalue.Bool(false),
							"ticket_sync_enabled":  knownvalue.Bool(true),
							"last_sync_status":     knownvalue.Null(),
						}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"customer_name": knownvalue.StringExact("Ironclad Insurance Brokers"),
							"billing_type":  knownvalue.StringExact("term"),
							"mapped":        knownvalue.Bool(false),
							"company_id":    knownvalue.Null(),
						}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"customer_name": knownvalue.StringExact("Quartz Analytics Ltd"),
							"billing_type":  knownvalue.StringExact("trial"),
							"mapped":        knownvalue.Bool(false),
						}),
					})),
					statecheck.ExpectKnownValue("data.sophos_psa_customer_mappings.all", tfjsonpath.New("mappings"), knownvalue.ListSizeExact(16)),
					statecheck.ExpectKnownValue("data.sophos_psa_customer_mappings.connectwise", tfjsonpath.New("mappings"), knownvalue.ListSizeExact(13)),
				},
			},
		},
	})
}
