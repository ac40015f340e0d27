package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccCustomersDataSource(t *testing.T) {
	e := newTestEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testProviderConfig(e) + `
data "sophos_customers" "all" {}

data "sophos_customers" "by_name" {
  name = "Cedar Ridge Veterinary Clinic"
}

data "sophos_customers" "search" {
  search = "MANAGEMENT"
}

data "sophos_customers" "search_show_as" {
  search = "ridge vet"
}

data "sophos_customers" "term" {
  billing_type = "term"
}

data "sophos_customers" "none" {
  name = "No Such Customer"
}

data "sophos_customers" "combined" {
  search       = "a"
  billing_type = "trial"
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.sophos_customers.all", tfjsonpath.New("customers"), knownvalue.ListSizeExact(16)),
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
	e := newTestEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testProviderConfig(e) + `
data "sophos_customers" "bad" {
  billing_type = "monthly"
}
`,
				PlanOnly:    true,
				ExpectError: errorPattern(`billing_type.*value must be one of.*"usage"`),
			},
		},
	})
}
