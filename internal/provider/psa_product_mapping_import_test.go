package provider

import (
	"context"
	"regexp"
	"strings"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
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
	importFails := func(id string, want *regexp.Regexp) acc.TestStep {
		return acc.TestStep{Config: config, ResourceName: "sophos_psa_product_mapping.m", ImportState: true, ImportStateId: id, ExpectError: want}
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
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
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckProductMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				PreConfig: func() {
					sync := false
					if _, _, err := c.PutProductMapping(context.Background(), api.PsaConnectwise, "Sophos_Endpoint_Protection",
						api.ProductMappingInput{PsaProductId: seedCWEndpoint, SyncEnabled: &sync}, ""); err != nil {
						t.Fatalf("mapping out of band: %v", err)
					}
				},
				Config: config.String(),
				ExpectError: errorPhrases("PSA product mapping not in this state", `"Sophos_Endpoint_Protection" is already mapped in ConnectWise PSA to PSA product 101`,
					"sync off, last written by an API client with this provider's client_id", "import {",
					"to = sophos_psa_product_mapping.<NAME>", `id = "connectwise/Sophos_Endpoint_Protection"`),
			},
			{
				Config: config.
					Block("import", testharness.Attrs{"to": testharness.Expr("sophos_psa_product_mapping.ep"), "id": "connectwise/Sophos_Endpoint_Protection"}).
					String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
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

// TestAccPSAProductMapping_importMessages: an import of a Sophos product written in another
// case names the exact spelling and the import id to use; an import in the PSA that does not
// map the product, when the other one does, gives the other PSA's import id; an unknown
// product lists the valid ones (there is nothing to create either); and a plan of
// sophos_product in another case names the attribute, the value and the exact spelling.
func TestAccPSAProductMapping_importMessages(t *testing.T) {
	e := testharness.Emulator(t)
	if err := e.Admin().SetProductMapping(api.PsaConnectwise, "Sophos_Intercept_X_Advanced", seedCWIXA, true); err != nil {
		t.Fatal(err)
	}
	config := func(psa, sophosProduct string) string {
		return testharness.Config(e).Resource("sophos_psa_product_mapping", "m", productMapping(psa, sophosProduct, seedCWIXA)).String()
	}
	importFails := func(psa, sophosProduct string, want *regexp.Regexp) acc.TestStep {
		return acc.TestStep{Config: config(psa, sophosProduct), ResourceName: "sophos_psa_product_mapping.m", ImportState: true,
			ImportStateId: psa + "/" + sophosProduct, ExpectError: want}
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			importFails("connectwise", "sophos_intercept_x_advanced", errorPhrases("Unable to import PSA product mapping",
				`There is no Sophos product "sophos_intercept_x_advanced": Sophos product identifiers are case-sensitive.`,
				`Did you mean "Sophos_Intercept_X_Advanced"? It is mapped in ConnectWise PSA: import it with id`,
				`"connectwise/Sophos_Intercept_X_Advanced", and set sophos_product = "Sophos_Intercept_X_Advanced" in the resource.`)),
			importFails("autotask", "Sophos_Intercept_X_Advanced", errorPhrases("Unable to import PSA product mapping",
				`Sophos product "Sophos_Intercept_X_Advanced" is not mapped in Autotask PSA; it is mapped in ConnectWise PSA to PSA product 102 ("SOPHOS-CIX-ADV")`,
				`import it with id "connectwise/Sophos_Intercept_X_Advanced", and set psa = "connectwise" in the resource.`)),
			importFails("autotask", "sophos_intercept_x_advanced", errorPhrases(`Did you mean "Sophos_Intercept_X_Advanced"?`,
				`is not mapped in Autotask PSA; it is mapped in ConnectWise PSA`, `import it with id "connectwise/Sophos_Intercept_X_Advanced"`)),
			importFails("connectwise", "Sophos_Nope", errorPhrases(`Sophos product "Sophos_Nope" has no usage for this partner in ConnectWise PSA, so there is nothing to import.`,
				`Valid products: "Sophos_Device_Encryption"`)),
			// At plan, sophos_product in another case fails on the attribute with the exact spelling.
			{
				Config: config("connectwise", "sophos_intercept_x_advanced"),
				ExpectError: errorPhrases("Unknown Sophos product", `sophos_product = "sophos_intercept_x_advanced"`,
					`There is no Sophos product "sophos_intercept_x_advanced" in ConnectWise PSA`,
					`Did you mean "Sophos_Intercept_X_Advanced"? Set sophos_product = "Sophos_Intercept_X_Advanced".`),
			},
			{
				Config:      config("connectwise", "Sophos_intercept_X_advanced"),
				ExpectError: errorPhrases("Unknown Sophos product", `Did you mean "Sophos_Intercept_X_Advanced"?`),
			},
		},
	})
}

// TestPSAProductMappingImportState_otherPSA: the import of a product mapped only in the other
// PSA does not advise creating a mapping in this one (a second mapping would bill the
// product through both PSAs); one mapped nowhere does.
func TestPSAProductMappingImportState_otherPSA(t *testing.T) {
	e := testharness.Emulator(t)
	if err := e.Admin().SetProductMapping(api.PsaConnectwise, "Sophos_Intercept_X_Advanced", seedCWIXA, true); err != nil {
		t.Fatal(err)
	}

	detail := importErrorDetail(t, e, "sophos_psa_product_mapping", "autotask/sophos_intercept_x_advanced")
	for _, want := range []string{`Did you mean "Sophos_Intercept_X_Advanced"?`, `import it with id "connectwise/Sophos_Intercept_X_Advanced"`} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail does not contain %q:\n%s", want, detail)
		}
	}
	if strings.Contains(detail, "create") {
		t.Errorf("detail advises creating a mapping for a product mapped in the other PSA:\n%s", detail)
	}
	if detail := importErrorDetail(t, e, "sophos_psa_product_mapping", "autotask/Sophos_Endpoint_Protection"); !strings.Contains(detail, "apply the configuration to create the mapping") {
		t.Errorf("a product mapped nowhere should be created instead:\n%s", detail)
	}
}
