package provider

import (
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPSAProductMapping_newInactiveProduct: a mapping by reference to a ConnectWise
// product the same apply creates with inactive = true fails at plan (the API would refuse
// the mapping after the product was made), and nothing is created; an active one plans.
func TestAccPSAProductMapping_newInactiveProduct(t *testing.T) {
	e := testharness.Emulator(t)
	config := func(inactive bool) string {
		return testharness.Config(e).
			Resource(sophosConnectWiseProductTypeName, "p", adoptedProduct("TF-NEW-INACTIVE").With(testharness.Attrs{"inactive": inactive})).
			Resource("sophos_psa_product_mapping", "m", productMapping("connectwise", "Sophos_Intercept_X_Advanced", testharness.Expr(sophosConnectWiseProductTypeName+".p.id"))).
			String()
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config: config(true),
				ExpectError: errorPhrases("PSA product inactive", "psa_product_id is not known at plan", `every ConnectWise product it creates is inactive ("TF-NEW-INACTIVE")`,
					"Set inactive = false on the product"),
			},
			{Config: config(false), ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply}},
		},
	})
}
