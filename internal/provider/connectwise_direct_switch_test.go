package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccConnectWiseDirect_switchingModes: adding the connectwise block to a configuration
// applied through the integration plans nothing (same state, same ids), the product can then
// be changed through ConnectWise, and removing the block again plans nothing either; the
// product mapping that bills it stays on the Sophos side throughout.
func TestAccConnectWiseDirect_switchingModes(t *testing.T) {
	integration := newCWModeTest(t, cwModes[0])
	direct := integration
	direct.cwMode = cwModes[1]
	product := testharness.Attrs{"identifier": "TF-SWITCH", "description": "Switched between modes", "subcategory": "Network Security",
		"category": "Services", "type": "Service", "unit_of_measure": "Device", "price": 3.0}
	config := func(m cwModeTest, p testharness.Attrs) string {
		return cwProductIn(m.config(), sophosConnectWiseProductTypeName, "p", p).
			Resource("sophos_psa_product_mapping", "m", productMapping("connectwise", "Sophos_ZTNA", testharness.Expr("sophos_connectwise_product.p.id"))).
			Data("sophos_psa_products", "p", testharness.Attrs{"psa": "connectwise", "identifier": "TF-SWITCH"}).
			String()
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	noChanges := acc.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}, PostApplyPostRefresh: emptyPlanAfterApply}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, integration.e),
		Steps: []acc.TestStep{
			{
				Config:            config(integration, product),
				ConfigPlanChecks:  acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue("sophos_connectwise_product.p", tfjsonpath.New("id"))},
			},
			{
				PreConfig:        integration.e.ResetCounters,
				Config:           config(direct, product),
				ConfigPlanChecks: noChanges,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("sophos_connectwise_product.p", tfjsonpath.New("id")),
					statecheck.ExpectKnownValue("sophos_psa_product_mapping.m", tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Switched between modes")),
				},
				Check: direct.wentThrough,
			},
			{
				Config: config(direct, product.With(testharness.Attrs{"price": 3.5, "description": "Changed through ConnectWise"})),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("sophos_connectwise_product.p", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("sophos_connectwise_product.p", tfjsonpath.New("id")),
					statecheck.ExpectKnownValue("sophos_psa_product_mapping.m", tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Changed through ConnectWise")),
				},
			},
			{
				Config:            config(integration, product.With(testharness.Attrs{"price": 3.5, "description": "Changed through ConnectWise"})),
				ConfigPlanChecks:  noChanges,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue("sophos_connectwise_product.p", tfjsonpath.New("id"))},
			},
		},
	})
}

// TestAccConnectWiseGuideExample applies the example of the guide "Connecting the provider to
// ConnectWise" as written, its Sophos credential from the environment and its ConnectWise
// arguments from variables, against the emulator's ConnectWise room.
func TestAccConnectWiseGuideExample(t *testing.T) {
	clearPSAEnv(t) // not parallel: it sets the environment
	m := newCWModeTest(t, cwModes[1])
	c := m.e.Credentials()
	t.Setenv(envClientID, c.ClientID)
	t.Setenv(envClientSecret, c.ClientSecret)
	t.Setenv(envAuthURL, m.e.URL())
	t.Setenv(envAPIURL, m.e.URL())
	t.Setenv(envPartnerID, "")
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", "connectwise", "provider.tf"))
	if err != nil {
		t.Fatal(err)
	}
	// Its terraform block names the Registry's address; the test serves the provider itself.
	_, example, _ := strings.Cut(string(b), "\n}\n")
	member := m.e.ConnectWiseMember()
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []acc.TestStep{{
			Config: example,
			ConfigVariables: config.Variables{
				"connectwise_site": config.StringVariable(m.e.TLSURL()), "connectwise_company_id": config.StringVariable(member.CompanyID),
				"connectwise_public_key": config.StringVariable(member.PublicKey), "connectwise_private_key": config.StringVariable(member.PrivateKey),
				"connectwise_client_id": config.StringVariable(member.ClientID), "connectwise_ca_certificate_file": config.StringVariable(m.ca),
			},
			ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("cedar_ridge_agreements", knownvalue.MapExact(map[string]knownvalue.Check{
					"503": knownvalue.StringExact("Cedar Ridge Vet - Security 2023 (expired)"),
					"504": knownvalue.StringExact("Cedar Ridge Vet - Managed Security (active)"),
				})),
			},
			Check: m.wentThrough,
		}},
	})
}
