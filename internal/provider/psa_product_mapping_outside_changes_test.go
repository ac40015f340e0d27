package provider

import (
	"context"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPSAProductMapping_changedBetweenPlanAndApply: a mapping edited in the console
// after the plan is not overwritten.
func TestAccPSAProductMapping_changedBetweenPlanAndApply(t *testing.T) {
	e := testharness.Emulator(t)
	config := func(id int) string {
		return testharness.Config(e).Resource("sophos_psa_product_mapping", "mobile", productMapping("connectwise", "Sophos_Mobile_Advanced", id)).String()
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckProductMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:           config(107),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				Config: config(109),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("sophos_psa_product_mapping.mobile", plancheck.ResourceActionUpdate),
						changeOutOfBand(func(context.Context) error {
							return e.Admin().SetProductMappingSync(api.PsaConnectwise, "Sophos_Mobile_Advanced", false)
						}),
					},
				},
				ExpectError: errorPattern(`Unable to update PSA product mapping.*HTTP 412.*changed since Terraform last read it: someone in the Sophos Central Partner console`),
			},
			// The next plan shows the console's change; applying it wins.
			{
				Config: config(109),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("sophos_psa_product_mapping.mobile", plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue("sophos_psa_product_mapping.mobile", tfjsonpath.New("sync_enabled"), knownvalue.Bool(true)),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("sophos_psa_product_mapping.mobile", tfjsonpath.New("psa_product_id"), knownvalue.Int64Exact(109)),
					statecheck.ExpectKnownValue("sophos_psa_product_mapping.mobile", tfjsonpath.New("sync_enabled"), knownvalue.Bool(true)),
				},
			},
		},
	})
}

// TestAccPSAProductMapping_productRenamedDuringApply: the mapped PSA product is renamed
// between plan and apply of a change to the mapping's sync switch. The mapping is by id, so
// the apply succeeds and keeps the name the plan showed; the next refresh brings the new
// name without planning a change.
func TestAccPSAProductMapping_productRenamedDuringApply(t *testing.T) {
	e := testharness.Emulator(t)
	const address = "sophos_psa_product_mapping.ix"
	config := func(sync bool) string {
		return testharness.Config(e).
			Resource("sophos_psa_product_mapping", "ix", productMapping("connectwise", "Sophos_Intercept_X", seedCWIXA).With(testharness.Attrs{"sync_enabled": sync})).
			String()
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckProductMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:           config(true),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				Config: config(false),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Sophos Intercept X Advanced")),
						changeOutOfBand(func(context.Context) error {
							return e.Admin().RenameProduct(api.PsaConnectwise, seedCWIXA, "SOPHOS-CIX-ADV", "Intercept X Advanced (renamed)")
						}),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("sync_enabled"), knownvalue.Bool(false)),
				},
			},
			{
				Config: config(false),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Intercept X Advanced (renamed)")),
				},
			},
		},
	})
}
