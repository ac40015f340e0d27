package provider

import (
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPSAProductMapping_invalidPSAProduct: inactive products, products of the other PSA
// and missing products are refused with a message saying which, at plan time when the id
// is known and at apply time when it is not.
func TestAccPSAProductMapping_invalidPSAProduct(t *testing.T) {
	e := testharness.Emulator(t)
	mapping := func(psa string, id any) testharness.Configuration {
		return testharness.Config(e).Resource("sophos_psa_product_mapping", "bad", productMapping(psa, "Sophos_Intercept_X", id))
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckProductMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:      mapping("connectwise", seedCWInactive).String(),
				PlanOnly:    true,
				ExpectError: errorPattern(`PSA product inactive.*ConnectWise PSA product 110.*is inactive`),
			},
			{
				Config:      mapping("connectwise", seedATMDRComplete).String(),
				PlanOnly:    true,
				ExpectError: errorPattern(`Product 29680003.*is a product of Autotask PSA, not of ConnectWise PSA.*Map it in Autotask PSA`),
			},
			{
				Config:      mapping("autotask", seedCWIXA).String(),
				PlanOnly:    true,
				ExpectError: errorPattern(`Product 102.*is a product of ConnectWise PSA, not of Autotask PSA`),
			},
			{
				Config:      mapping("connectwise", 99999).String(),
				PlanOnly:    true,
				ExpectError: errorPattern(`ConnectWise PSA has no product with id 99999`),
			},
			// The id is only known at apply time: the check runs when Terraform plans again
			// during apply.
			{
				Config: mapping("connectwise", testharness.Expr("terraform_data.product.output")).
					Resource("terraform_data", "product", testharness.Attrs{"input": seedCWInactive}).
					String(),
				ExpectError: errorPattern(`ConnectWise PSA product 110.*is inactive`),
			},
		},
	})
}
