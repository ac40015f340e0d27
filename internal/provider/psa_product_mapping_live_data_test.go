package provider

import (
	"fmt"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPSAProductMapping_retiredPSAProduct: the PSA product a Sophos product is mapped to
// is made inactive in the PSA. The unchanged mapping still plans (with a warning); switching
// its sync off, to stop billing, applies (the API used to refuse it with 400 after the plan
// had passed); switching it on again fails at plan.
func TestAccPSAProductMapping_retiredPSAProduct(t *testing.T) {
	e := testharness.Emulator(t)
	const address = "sophos_psa_product_mapping.m"
	mapping := func(sync bool) string {
		return testharness.ProviderBlock(e) + fmt.Sprintf(`
resource "sophos_psa_product_mapping" "m" {
  psa            = "connectwise"
  sophos_product = "Sophos_Intercept_X_Advanced"
  psa_product_id = %d
  sync_enabled   = %t
}
`, seedCWIXA, sync)
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				Config:           mapping(true),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				PreConfig: func() {
					if err := e.Admin().SetProductInactive(api.PsaConnectwise, seedCWIXA, true); err != nil {
						t.Fatal(err)
					}
				},
				Config:   mapping(true),
				PlanOnly: true,
			},
			{
				Config: mapping(false),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("sync_enabled"), knownvalue.Bool(false)),
				},
			},
			{
				Config:      mapping(true),
				PlanOnly:    true,
				ExpectError: errorPhrases("PSA product inactive", "ConnectWise PSA product 102", "is inactive", "to stop billing it, set sync off"),
			},
		},
	})
}
