package provider

import (
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

func TestAccCustomersDataSource(t *testing.T) {
	e := testharness.Emulator(t)
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				Config: testharness.Config(e).
					Data("sophos_customers", "all", nil).
					Data("sophos_customers", "by_name", testharness.Attrs{"name": "Cedar Ridge Veterinary Clinic"}).
					Data("sophos_customers", "search", testharness.Attrs{"search": "MANAGEMENT"}).
					Data("sophos_customers", "search_show_as", testharness.Attrs{"search": "ridge vet"}).
					Data("sophos_customers", "term", testharness.Attrs{"billing_type": "term"}).
					Data("sophos_customers", "none", testharness.Attrs{"name": "No Such Customer"}).
					Data("sophos_customers", "by_name_any_case", testharness.Attrs{"name": "cedar RIDGE veterinary clinic "}).
					Data("sophos_customers", "combined", testharness.Attrs{"search": "a", "billing_type": "trial"}).
					String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.sophos_customers.all", tfjsonpath.New("customers"), knownvalue.ListSizeExact(16)),
					// Names compare ignoring case, as the company and contract lookups do.
					statecheck.ExpectKnownValue("data.sophos_customers.by_name_any_case", tfjsonpath.New("customers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("b193824d-1a22-4a84-b075-ca0459d1606f")}),
					})),
					statecheck.ExpectKnownValue("data.sophos_customers.by_name", tfjsonpath.New("customers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id":           knownvalue.StringExact("b193824d-1a22-4a84-b075-ca0459d1606f"),
							"name":         knownvalue.StringExact("Cedar Ridge Veterinary Clinic"),
							"show_as":      knownvalue.StringExact("Cedar Ridge Vet"),
							"billing_type": knownvalue.StringExact("usage"),
							"data_region":  knownvalue.StringExact("us01"),
							"status":       knownvalue.StringExact("active"),
						}),
					})),
					statecheck.ExpectKnownValue("data.sophos_customers.search", tfjsonpath.New("customers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("Northgate Property Management")}),
					})),
					statecheck.ExpectKnownValue("data.sophos_customers.search_show_as", tfjsonpath.New("customers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("Cedar Ridge Veterinary Clinic")}),
					})),
					statecheck.ExpectKnownValue("data.sophos_customers.term", tfjsonpath.New("customers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("Greenfield Manufacturing"), "billing_type": knownvalue.StringExact("term")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("Ironclad Insurance Brokers"), "billing_type": knownvalue.StringExact("term")}),
					})),
					statecheck.ExpectKnownValue("data.sophos_customers.none", tfjsonpath.New("customers"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue("data.sophos_customers.combined", tfjsonpath.New("customers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("Quartz Analytics Ltd")}),
					})),
				},
			},
		},
	})
}

func TestAccCustomersDataSource_invalidBillingType(t *testing.T) {
	e := testharness.Emulator(t)
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				Config: testharness.Config(e).
					Data("sophos_customers", "bad", testharness.Attrs{"billing_type": "monthly"}).
					String(),
				PlanOnly:    true,
				ExpectError: errorPattern(`billing_type.*value must be one of.*"usage"`),
			},
		},
	})
}

// TestAccCustomersDataSource_byShowAs: a customer is found by the name the console shows
// (show_as), compared as name is; show_as and name together must both match.
func TestAccCustomersDataSource_byShowAs(t *testing.T) {
	e := testharness.Emulator(t)
	cedar := knownvalue.ListExact([]knownvalue.Check{
		knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(seedCustomerCedarRidge)}),
	})
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config: testharness.Config(e).
				Data("sophos_customers", "shown", testharness.Attrs{"show_as": " cedar ridge VET"}).
				Data("sophos_customers", "both", testharness.Attrs{"show_as": "Cedar Ridge Vet", "name": "Cedar Ridge Veterinary Clinic"}).
				Data("sophos_customers", "name_is_not_show_as", testharness.Attrs{"show_as": "Cedar Ridge Veterinary Clinic"}).
				String(),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.sophos_customers.shown", tfjsonpath.New("customers"), cedar),
				statecheck.ExpectKnownValue("data.sophos_customers.both", tfjsonpath.New("customers"), cedar),
				statecheck.ExpectKnownValue("data.sophos_customers.name_is_not_show_as", tfjsonpath.New("customers"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
}
