package provider

import (
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPSAProductMapping_nameInPlan: the plan shows the PSA product's name a new mapping
// or a changed psa_product_id points at, so a reviewer reads a name, not a number.
func TestAccPSAProductMapping_nameInPlan(t *testing.T) {
	e := testharness.Emulator(t)
	const address = "sophos_psa_product_mapping.ixa"
	config := func(productID int64) string {
		return testharness.Config(e).Resource("sophos_psa_product_mapping", "ixa", productMapping("connectwise", "Sophos_Intercept_X_Advanced", productID)).String()
	}
	name := func(want string) plancheck.PlanCheck {
		return plancheck.ExpectKnownValue(address, tfjsonpath.New("psa_product_name"), knownvalue.StringExact(want))
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckProductMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config: config(seedCWIXA),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{name("Sophos Intercept X Advanced")},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
			},
			{
				Config: config(seedCWIXAXDR),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate), name("Sophos Intercept X Advanced with XDR")},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
			},
		},
	})
}
