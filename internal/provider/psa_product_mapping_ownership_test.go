package provider

import (
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPSAProductMapping_lostAnswersImported: every answer to the create is lost after the
// mapping was written; the next plan does not take it over but fails with the import block,
// naming this configuration's API client as its writer, and the import takes it into state
// without a write. A mapping made in the console exactly as configured is not taken either:
// the plan names the console. With psa_product_id not known at plan, the mapping that
// exists fails the plan all the same.
func TestAccPSAProductMapping_lostAnswersImported(t *testing.T) {
	e := testharness.Emulator(t)
	const address = "sophos_psa_product_mapping.ixa"
	config := oneRetryProvider(e).Resource("sophos_psa_product_mapping", "ixa", productMapping("connectwise", "Sophos_Intercept_X_Advanced", seedCWIXA))
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckProductMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				PreConfig:   func() { lostAnswers(e, "PUT", "/partner/v1/psa/connectwise/product-mappings/") },
				Config:      config.String(),
				ExpectError: errorPhrases("Unable to create PSA product mapping", `Sophos product "Sophos_Intercept_X_Advanced"`, "may have reached Sophos Central before its answer was lost"),
			},
			{
				PreConfig: e.ClearInjected,
				Config:    config.String(),
				ExpectError: errorPhrases("PSA product mapping not in this state", `Sophos product "Sophos_Intercept_X_Advanced" is already mapped in ConnectWise PSA to PSA product 102`,
					"last written by an API client with this provider's client_id", "import {", "to = sophos_psa_product_mapping.<NAME>",
					`id = "connectwise/Sophos_Intercept_X_Advanced"`),
			},
			{
				PreConfig: e.ResetCounters,
				Config:    config.Block("import", testharness.Attrs{"to": testharness.Expr(address), "id": "connectwise/Sophos_Intercept_X_Advanced"}).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{noAPIWrites(e)},
			},
			{
				PreConfig: func() {
					if err := e.Admin().SetProductMapping(api.PsaConnectwise, "Sophos_Endpoint_Protection", seedCWEndpoint, true); err != nil {
						t.Fatal(err)
					}
				},
				Config: config.Resource("sophos_psa_product_mapping", "ep", productMapping("connectwise", "Sophos_Endpoint_Protection", seedCWEndpoint)).String(),
				ExpectError: errorPhrases("PSA product mapping not in this state", `"Sophos_Endpoint_Protection" is already mapped`,
					"last written by someone in the Sophos Central Partner console", `id = "connectwise/Sophos_Endpoint_Protection"`),
			},
			{
				Config: config.Resource(sophosConnectWiseProductTypeName, "p", adoptedProduct("TF-LATER")).
					Resource("sophos_psa_product_mapping", "ep", productMapping("connectwise", "Sophos_Endpoint_Protection", testharness.Expr(sophosConnectWiseProductTypeName+".p.id"))).String(),
				ExpectError: errorPhrases("PSA product mapping not in this state", `"Sophos_Endpoint_Protection" is already mapped`),
			},
		},
	})
}
