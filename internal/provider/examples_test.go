package provider

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// The documentation examples (examples/) are applied against the emulator, so the docs show
// configurations that work. Data-source examples run first, on the seed as it is; the
// resource examples run last, so CheckDestroy sees what they created.

// testAccCheckExamplesDestroyed is the CheckDestroy of the example tests: whatever resource
// an example left in state is gone from the API.
func testAccCheckExamplesDestroyed(t *testing.T, e *emulator.Emulator) func(*terraform.State) error {
	return acc.ComposeAggregateTestCheckFunc(
		testAccCheckConnectWiseProductsDestroyed(t, e),
		testAccCheckProductMappingsDestroyed(t, e),
		testAccCheckCustomerMappingsDestroyed(t, e),
	)
}

// TestAccProductExamples applies the examples of the product side. The
// sophos_connectwise_product example is applied on top of the connectwise_product one, so
// its moved block is exercised: the product keeps its id and is not replaced.
func TestAccProductExamples(t *testing.T) {
	e := testharness.Emulator(t)
	sameProduct := statecheck.CompareValue(compare.ValuesSame())
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckExamplesDestroyed(t, e),
		Steps: []acc.TestStep{
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
		},
	})
}

// exampleConfig is the documentation example at path (below examples/) with a provider
// block for e, so tests apply exactly what the docs show.
func exampleConfig(t *testing.T, e *emulator.Emulator, path string) string {
	t.Helper()
	text := exampleText(t, path)
	c := testharness.Config(e)
	if strings.Contains(text, "provider::sophos::") && !strings.Contains(text, "required_providers") {
		c = c.Raw(testharness.RequiredProviders) // beside the example, as its versions.tf is
	}
	return c.Raw(text).String()
}

// exampleText is the documentation example at path (below examples/) as it is.
func exampleText(t *testing.T, path string) string {
	t.Helper()
	b, err := fs.ReadFile(os.DirFS(filepath.Join("..", "..", "examples")), path)
	if err != nil {
		t.Fatalf("reading example %s: %v", path, err)
	}
	return string(b)
}

// TestAccCustomerExamples applies the examples of the customer side.
func TestAccCustomerExamples(t *testing.T) {
	e := testharness.Emulator(t)
	example := func(path string) string { return exampleConfig(t, e, path) }
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckExamplesDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:           example("data-sources/sophos_psa_companies/data-source.tf"),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("alpine_company_id", knownvalue.Int64Exact(seedATCompanyAlpine)),
				},
			},
			{
				Config:           example("data-sources/sophos_psa_contracts/data-source.tf"),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("cedar_ridge_contracts", knownvalue.MapExact(map[string]knownvalue.Check{
						"29684004": knownvalue.StringExact("Cedar Ridge - Sophos MSP Flex (active)"),
						"29684003": knownvalue.StringExact("Cedar Ridge - Sophos MSP Flex 2023 (expired)"),
					})),
				},
			},
			{
				Config:           example("data-sources/sophos_psa_customer_mappings/data-source.tf"),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("unmapped_usage_customers", knownvalue.ListSizeExact(13)),
				},
			},
			{
				Config:           example("resources/sophos_psa_customer_mapping/resource.tf"),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("sophos_psa_customer_mapping.alpine", tfjsonpath.New("contract_name"), knownvalue.StringExact("Alpine Dental - Sophos MSP Flex")),
					statecheck.ExpectKnownValue("sophos_psa_customer_mapping.greenfield", tfjsonpath.New("company_name"), knownvalue.StringExact("Greenfield Manufacturing")),
				},
			},
		},
	})
}
