package provider

import (
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

func TestAccPSAProductsDataSource(t *testing.T) {
	e := testharness.Emulator(t)
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config: testharness.Config(e).
				Data("sophos_psa_products", "cw", testharness.Attrs{"psa": "connectwise"}).
				Data("sophos_psa_products", "cw_all", testharness.Attrs{"psa": "connectwise", "include_inactive": true}).
				Data("sophos_psa_products", "intercept", testharness.Attrs{"psa": "connectwise", "search": "INTERCEPT x"}).
				Data("sophos_psa_products", "by_identifier", testharness.Attrs{"psa": "connectwise", "identifier": "sophos-cix-ep"}).
				Data("sophos_psa_products", "none", testharness.Attrs{"psa": "connectwise", "search": "no such product"}).
				Data("sophos_psa_products", "autotask", testharness.Attrs{"psa": "autotask", "search": "advanced"}).
				String(),
			ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.sophos_psa_products.cw", tfjsonpath.New("products"), knownvalue.ListSizeExact(11)),
				statecheck.ExpectKnownValue("data.sophos_psa_products.cw_all", tfjsonpath.New("products"), knownvalue.ListSizeExact(12)),
				statecheck.ExpectKnownValue("data.sophos_psa_products.intercept", tfjsonpath.New("products"), knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue("data.sophos_psa_products.by_identifier", tfjsonpath.New("products"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":                       knownvalue.Int64Exact(seedCWEndpoint),
						"identifier":               knownvalue.StringExact("SOPHOS-CIX-EP"),
						"description":              knownvalue.StringExact("Sophos Central Endpoint Protection"),
						"customer_description":     knownvalue.StringExact("Sophos Central Endpoint Protection"),
						"category":                 knownvalue.StringExact("Software"),
						"subcategory":              knownvalue.StringExact("Endpoint Security"),
						"type":                     knownvalue.StringExact("Software License"),
						"product_class":            knownvalue.StringExact("NonInventory"),
						"unit_of_measure":          knownvalue.StringExact("Device"),
						"price":                    knownvalue.Float64Exact(2.75),
						"cost":                     knownvalue.Float64Exact(1.65),
						"taxable":                  knownvalue.Bool(true),
						"inactive":                 knownvalue.Bool(false),
						"manufacturer_part_number": knownvalue.StringExact("CEPB1CSAA"),
						"vendor_sku":               knownvalue.Null(),
						"integration_xref":         knownvalue.StringExact("Sophos_Endpoint_Protection"),
						"notes":                    knownvalue.Null(),
					}),
				})),
				statecheck.ExpectKnownValue("data.sophos_psa_products.none", tfjsonpath.New("products"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue("data.sophos_psa_products.autotask", tfjsonpath.New("products"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(29680001), "subcategory": knownvalue.Null()}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(29680002)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(29680004)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(29680005)}),
				})),
			},
		}},
	})
}
