package provider

import (
	"context"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPSAProductMapping_importErrors: a malformed import ID and a product that is not
// mapped each fail the import with what to do instead.
func TestAccPSAProductMapping_importErrors(t *testing.T) {
	e := testharness.Emulator(t)
	config := testharness.Config(e).Resource("sophos_psa_product_mapping", "m", productMapping("connectwise", "Sophos_Intercept_X", seedCWIXA)).String()
	importFails := func(id string, want *regexp.Regexp) resource.TestStep {
		return resource.TestStep{Config: config, ResourceName: "sophos_psa_product_mapping.m", ImportState: true, ImportStateId: id, ExpectError: want}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			importFails("connectwise:Sophos_Intercept_X", errorPhrases("Invalid import ID", `The import ID "connectwise:Sophos_Intercept_X" is not <psa>/<sophos_product>`,
				"terraform import sophos_psa_product_mapping.example connectwise/Sophos_Intercept_X_Advanced")),
			importFails("connectwise/Intercept X", errorPhrases("Invalid import ID", `"connectwise/Intercept X"`)),
			importFails("connectwise/Sophos_Intercept_X", errorPhrases("Unable to import PSA product mapping",
				`Sophos product "Sophos_Intercept_X" is not mapped in ConnectWise PSA, so there is nothing to import`)),
		},
	})
}

// TestAccPSAProductMapping_alreadyMapped: a product someone mapped in the console otherwise
// than configured is not taken over by create; the error gives the import block, and
// importing it works.
func TestAccPSAProductMapping_alreadyMapped(t *testing.T) {
	e := testharness.Emulator(t)
	c := testharness.Client(t, e, testharness.FastRetries)
	config := testharness.Config(e).Resource("sophos_psa_product_mapping", "ep", productMapping("connectwise", "Sophos_Endpoint_Protection", seedCWEndpoint))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckProductMappingsDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					sync := false
					if _, _, err := c.PutProductMapping(context.Background(), api.PsaConnectwise, "Sophos_Endpoint_Protection",
						api.ProductMappingInput{PsaProductId: seedCWEndpoint, SyncEnabled: &sync}, ""); err != nil {
						t.Fatalf("mapping out of band: %v", err)
					}
				},
				Config: config.String(),
				ExpectError: errorPhrases("Already mapped outside Terraform", `"Sophos_Endpoint_Protection" is already mapped in ConnectWise PSA to PSA product 101`,
					"sync off, not to PSA product 101, sync on as this configuration asks", "import {",
					"to = sophos_psa_product_mapping.<NAME>", `id = "connectwise/Sophos_Endpoint_Protection"`),
			},
			{
				Config: config.
					Block("import", testharness.Attrs{"to": testharness.Expr("sophos_psa_product_mapping.ep"), "id": "connectwise/Sophos_Endpoint_Protection"}).
					String(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("sophos_psa_product_mapping.ep", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("sophos_psa_product_mapping.ep", tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Sophos Central Endpoint Protection")),
				},
			},
		},
	})
}
