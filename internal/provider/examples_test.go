package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccProductExamples applies the documentation examples of the product side against
// the emulator, so the docs show configurations that work. The second step applies the
// sophos_connectwise_product example on top of the first, so its moved block is exercised:
// the product keeps its id and is not replaced.
func TestAccProductExamples(t *testing.T) {
	e := newTestEmulator(t)
	sameProduct := statecheck.CompareValue(compare.ValuesSame())
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				Config:           exampleConfig(t, e, "resources/connectwise_product/resource.tf"),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					sameProduct.AddStateValue("connectwise_product.managed_xdr", tfjsonpath.New("id")),
					statecheck.ExpectKnownValue("connectwise_product.managed_xdr", tfjsonpath.New("category"), knownvalue.StringExact("Services")),
					statecheck.ExpectKnownValue("sophos_psa_product_mapping.xdr", tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Northwind Managed XDR (per device)")),
				},
			},
			{
				Config: exampleConfig(t, e, "resources/sophos_connectwise_product/resource.tf"),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("sophos_connectwise_product.managed_xdr", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("sophos_psa_product_mapping.xdr", plancheck.ResourceActionDestroy),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameProduct.AddStateValue("sophos_connectwise_product.managed_xdr", tfjsonpath.New("id")),
				},
			},
			{
				Config:           exampleConfig(t, e, "resources/sophos_psa_product_mapping/resource.tf"),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("sophos_psa_product_mapping.intercept_x_advanced", tfjsonpath.New("psa_product_id"), knownvalue.Int64Exact(102)),
					statecheck.ExpectKnownValue("sophos_psa_product_mapping.mdr_complete", tfjsonpath.New("sync_enabled"), knownvalue.Bool(false)),
				},
			},
			{
				Config:           exampleConfig(t, e, "data-sources/sophos_customers/data-source.tf"),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("usage_customer_names", knownvalue.ListSizeExact(13)),
				},
			},
			{
				Config:           exampleConfig(t, e, "data-sources/sophos_psa_products/data-source.tf"),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("intercept_products", knownvalue.MapPartial(map[string]knownvalue.Check{
						"SOPHOS-CIX-ADV": knownvalue.Int64Exact(102),
					})),
				},
			},
			{
				Config:           exampleConfig(t, e, "data-sources/sophos_psa_product_mappings/data-source.tf"),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("unmapped_sophos_products", knownvalue.ListSizeExact(25)),
				},
			},
		},
	})
}
