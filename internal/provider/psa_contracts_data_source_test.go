package provider

import (
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

func TestAccPSAContractsDataSource(t *testing.T) {
	e := testharness.Emulator(t)
	contractID := func(id int64) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(id)})
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				Config:      testharness.Config(e).Data("sophos_psa_contracts", "x", testharness.Attrs{"psa": "autotask", "company_id": 0}).String(),
				PlanOnly:    true,
				ExpectError: errorPattern(`Attribute company_id value must be at least 1, got: 0`),
			},
			{
				Config: testharness.Config(e).
					Data("sophos_psa_companies", "cedar_ridge", testharness.Attrs{"psa": "autotask", "name": "Cedar Ridge Veterinary Clinic"}).
					Data("sophos_psa_contracts", "cedar_ridge", testharness.Attrs{"psa": "autotask", "company_id": testharness.Expr("data.sophos_psa_companies.cedar_ridge.companies[0].id")}).
					Data("sophos_psa_contracts", "cedar_ridge_current", testharness.Attrs{"psa": "autotask", "company_id": testharness.Expr("data.sophos_psa_companies.cedar_ridge.companies[0].id"), "include_expired": false}).
					Data("sophos_psa_contracts", "duplicates", testharness.Attrs{"psa": "autotask", "name": "managed security services"}).
					// The cancelled agreement 512 of Northgate is never listed.
					Data("sophos_psa_contracts", "northgate", testharness.Attrs{"psa": "connectwise", "company_id": 260}).
					String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.sophos_psa_contracts.cedar_ridge", tfjsonpath.New("contracts"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id":           knownvalue.Int64Exact(29684004),
							"name":         knownvalue.StringExact("Cedar Ridge - Sophos MSP Flex"),
							"company_id":   knownvalue.Int64Exact(29682004),
							"company_name": knownvalue.StringExact("Cedar Ridge Veterinary Clinic"),
							"status":       knownvalue.StringExact("active"),
							"start_date":   knownvalue.StringExact("2024-01-01"),
							"end_date":     knownvalue.Null(),
							"name_unique":  knownvalue.Bool(true),
							"type":         knownvalue.StringExact("Recurring Service"),
						}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id":           knownvalue.Int64Exact(29684003),
							"name":         knownvalue.StringExact("Cedar Ridge - Sophos MSP Flex 2023"),
							"company_id":   knownvalue.Int64Exact(29682004),
							"company_name": knownvalue.StringExact("Cedar Ridge Veterinary Clinic"),
							"status":       knownvalue.StringExact("expired"),
							"start_date":   knownvalue.StringExact("2023-01-01"),
							"end_date":     knownvalue.StringExact("2023-12-31"),
							"name_unique":  knownvalue.Bool(true),
							"type":         knownvalue.StringExact("Recurring Service"),
						}),
					})),
					statecheck.ExpectKnownValue("data.sophos_psa_contracts.cedar_ridge_current", tfjsonpath.New("contracts"), knownvalue.ListExact([]knownvalue.Check{
						contractID(29684004),
					})),
					statecheck.ExpectKnownValue("data.sophos_psa_contracts.duplicates", tfjsonpath.New("contracts"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id": knownvalue.Int64Exact(29684010), "company_name": knownvalue.StringExact("Northgate Property Management"), "name_unique": knownvalue.Bool(false),
						}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id": knownvalue.Int64Exact(29684011), "company_name": knownvalue.StringExact("Riverside Credit Union"), "name_unique": knownvalue.Bool(false),
						}),
					})),
					statecheck.ExpectKnownValue("data.sophos_psa_contracts.northgate", tfjsonpath.New("contracts"), knownvalue.ListExact([]knownvalue.Check{
						contractID(511),
					})),
				},
			},
		},
	})
}
