package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// mappingConfig is the provider block plus one product mapping with body.
func mappingConfig(e *emulator.Emulator, name, body string) string {
	return testProviderConfig(e) + fmt.Sprintf("\nresource \"sophos_psa_product_mapping\" %q {\n%s}\n", name, body)
}

func TestAccPSAProductMapping_lifecycle(t *testing.T) {
	e := newTestEmulator(t)
	admin := e.Admin()
	const address = "sophos_psa_product_mapping.ixa"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	body := func(productID int, sync string) string {
		b := fmt.Sprintf("  psa            = \"connectwise\"\n  sophos_product = \"Sophos_Intercept_X_Advanced\"\n  psa_product_id = %d\n", productID)
		if sync != "" {
			b += "  sync_enabled   = " + sync + "\n"
		}
		return b
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckProductMappingsDestroyed(t, e),
		Steps: []resource.TestStep{
			// Create: the plan already knows the id and the Sophos product's name.
			{
				Config: mappingConfig(e, "ixa", body(seedCWIXA, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact("connectwise/Sophos_Intercept_X_Advanced")),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("sophos_product_name"), knownvalue.StringExact("Sophos Central Intercept X Advanced")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("psa_product_id"), knownvalue.Int64Exact(seedCWIXA)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Sophos Intercept X Advanced")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("sync_enabled"), knownvalue.Bool(true)),
				},
			},
			// Map to another product and switch sync off, in place.
			{
				Config: mappingConfig(e, "ixa", body(seedCWIXAXDR, "false")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(address, tfjsonpath.New("psa_product_name")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("psa_product_id"), knownvalue.Int64Exact(seedCWIXAXDR)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Sophos Intercept X Advanced with XDR")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("sync_enabled"), knownvalue.Bool(false)),
				},
			},
			// Only the switch changes: the PSA product's name stays known in the plan.
			{
				Config: mappingConfig(e, "ixa", body(seedCWIXAXDR, "true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Sophos Intercept X Advanced with XDR")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("sync_enabled"), knownvalue.Bool(true)),
				},
			},
			// Import with the import command, then with an import block.
			{
				ResourceName:      address,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:    address,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			// Drift: someone switched usage sync off in the console; the plan switches it on.
			{
				PreConfig: func() {
					if err := admin.SetProductMappingSync(api.PsaConnectwise, "Sophos_Intercept_X_Advanced", false); err != nil {
						t.Fatalf("switching sync off out of band: %v", err)
					}
				},
				Config: mappingConfig(e, "ixa", body(seedCWIXAXDR, "true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("sync_enabled"), knownvalue.Bool(true)),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("sync_enabled"), knownvalue.Bool(true)),
				},
			},
			// Renaming the mapped PSA product in ConnectWise changes nothing: the mapping is
			// by id, sync stays on, only the displayed name follows.
			{
				PreConfig: func() {
					if err := admin.RenameProduct(api.PsaConnectwise, seedCWIXAXDR, "SOPHOS-XDR-2025", "Intercept X Advanced with XDR (2025 price list)"); err != nil {
						t.Fatalf("renaming product %d out of band: %v", seedCWIXAXDR, err)
					}
				},
				Config: mappingConfig(e, "ixa", body(seedCWIXAXDR, "true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("psa_product_id"), knownvalue.Int64Exact(seedCWIXAXDR)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Intercept X Advanced with XDR (2025 price list)")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("sync_enabled"), knownvalue.Bool(true)),
				},
			},
			// Drift: someone removed the mapping in the console; the plan maps it again.
			{
				PreConfig: func() {
					if err := admin.DeleteProductMapping(api.PsaConnectwise, "Sophos_Intercept_X_Advanced"); err != nil {
						t.Fatalf("unmapping out of band: %v", err)
					}
				},
				Config: mappingConfig(e, "ixa", body(seedCWIXAXDR, "true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("sync_enabled"), knownvalue.Bool(true)),
				},
			},
		},
	})
}

// TestAccPSAProductMapping_autotask maps a Sophos product in Autotask, whose products are
// read-only.
func TestAccPSAProductMapping_autotask(t *testing.T) {
	e := newTestEmulator(t)
	const address = "sophos_psa_product_mapping.mdr"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckProductMappingsDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config: mappingConfig(e, "mdr", fmt.Sprintf(`
  psa            = "autotask"
  sophos_product = "Sophos_MDR_Complete"
  psa_product_id = %d
  sync_enabled   = false
`, seedATMDRComplete)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact("autotask/Sophos_MDR_Complete")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Sophos MDR Complete")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("sync_enabled"), knownvalue.Bool(false)),
				},
			},
			{
				ResourceName:      address,
				ImportState:       true,
				ImportStateId:     "autotask/Sophos_MDR_Complete",
				ImportStateVerify: true,
			},
		},
	})
}

// TestAccPSAProductMapping_importErrors: a malformed import ID and a product that is not
// mapped each fail the import with what to do instead.
func TestAccPSAProductMapping_importErrors(t *testing.T) {
	e := newTestEmulator(t)
	config := mappingConfig(e, "m", fmt.Sprintf("  psa            = \"connectwise\"\n  sophos_product = \"Sophos_Intercept_X\"\n  psa_product_id = %d\n", seedCWIXA))
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

// TestAccPSAProductMapping_alreadyMapped: a product someone mapped in the console is not
// taken over by create; the error says how to import it, and importing it works.
func TestAccPSAProductMapping_alreadyMapped(t *testing.T) {
	e := newTestEmulator(t)
	c := newTestClient(t, e)
	body := fmt.Sprintf(`
  psa            = "connectwise"
  sophos_product = "Sophos_Endpoint_Protection"
  psa_product_id = %d
`, seedCWEndpoint)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckProductMappingsDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					sync := true
					if _, _, err := c.PutProductMapping(context.Background(), api.PsaConnectwise, "Sophos_Endpoint_Protection",
						api.ProductMappingInput{PsaProductId: seedCWEndpoint, SyncEnabled: &sync}, ""); err != nil {
						t.Fatalf("mapping out of band: %v", err)
					}
				},
				Config:      mappingConfig(e, "ep", body),
				ExpectError: errorPattern(`already mapped.*PSA product 101.*terraform import sophos_psa_product_mapping.<name> connectwise/Sophos_Endpoint_Protection`),
			},
			{
				Config: mappingConfig(e, "ep", body) + `
import {
  to = sophos_psa_product_mapping.ep
  id = "connectwise/Sophos_Endpoint_Protection"
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("sophos_psa_product_mapping.ep", plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("sophos_psa_product_mapping.ep", tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Sophos Central Endpoint Protection")),
				},
			},
		},
	})
}

// TestAccPSAProductMapping_invalidPSAProduct: inactive products, products of the other PSA
// and missing products are refused with a message saying which, at plan time when the id
// is known and at apply time when it is not.
func TestAccPSAProductMapping_invalidPSAProduct(t *testing.T) {
	e := newTestEmulator(t)
	mapping := func(psa string, id string) string {
		return mappingConfig(e, "bad", fmt.Sprintf(`
  psa            = %q
  sophos_product = "Sophos_Intercept_X"
  psa_product_id = %s
`, psa, id))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckProductMappingsDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config:      mapping("connectwise", fmt.Sprint(seedCWInactive)),
				PlanOnly:    true,
				ExpectError: errorPattern(`PSA product inactive.*ConnectWise PSA product 110.*is inactive`),
			},
			{
				Config:      mapping("connectwise", fmt.Sprint(seedATMDRComplete)),
				PlanOnly:    true,
				ExpectError: errorPattern(`Product 29680003.*is a product of Autotask PSA, not of ConnectWise PSA.*Map it in Autotask PSA`),
			},
			{
				Config:      mapping("autotask", fmt.Sprint(seedCWIXA)),
				PlanOnly:    true,
				ExpectError: errorPattern(`Product 102.*is a product of ConnectWise PSA, not of Autotask PSA`),
			},
			{
				Config:      mapping("connectwise", "99999"),
				PlanOnly:    true,
				ExpectError: errorPattern(`ConnectWise PSA has no product with id 99999`),
			},
			// The id is only known at apply time: the check runs when Terraform plans again
			// during apply.
			{
				Config: `
resource "terraform_data" "product" {
  input = ` + fmt.Sprint(seedCWInactive) + `
}
` + mapping("connectwise", "terraform_data.product.output"),
				ExpectError: errorPattern(`ConnectWise PSA product 110.*is inactive`),
			},
		},
	})
}

// TestAccPSAProductMapping_withNewProduct creates a ConnectWise product and maps a Sophos
// product to it in one apply, then removes both in one apply (mapping first).
func TestAccPSAProductMapping_withNewProduct(t *testing.T) {
	e := newTestEmulator(t)
	config := testProviderConfig(e) + `
resource "connectwise_product" "xdr" {
  provider    = sophos
  identifier  = "NW-XDR"
  description = "Northwind XDR"
  subcategory = "Managed Security"
  type        = "Service"
  price       = 7.5
}

resource "sophos_psa_product_mapping" "xdr" {
  psa            = "connectwise"
  sophos_product = "Sophos_Intercept_X_Advanced_XDR"
  psa_product_id = connectwise_product.xdr.id
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeTestCheckFunc(
			testAccCheckProductMappingsDestroyed(t, e),
			testAccCheckConnectWiseProductsDestroyed(t, e),
		),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("connectwise_product.xdr", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("sophos_psa_product_mapping.xdr", plancheck.ResourceActionCreate),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs("connectwise_product.xdr", tfjsonpath.New("id"), "sophos_psa_product_mapping.xdr", tfjsonpath.New("psa_product_id"), sameText{}),
					statecheck.ExpectKnownValue("sophos_psa_product_mapping.xdr", tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Northwind XDR")),
				},
			},
			// Renaming the product in Terraform updates it in place; the mapping only
			// refreshes the name.
			{
				Config: regexp.MustCompile(`"Northwind XDR"`).ReplaceAllString(config, `"Northwind XDR (per device)"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("connectwise_product.xdr", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("sophos_psa_product_mapping.xdr", plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
			},
			// The mapping shows the new name from the next refresh on, without a change.
			{
				Config: regexp.MustCompile(`"Northwind XDR"`).ReplaceAllString(config, `"Northwind XDR (per device)"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("sophos_psa_product_mapping.xdr", tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Northwind XDR (per device)")),
				},
			},
			// Removing both from the configuration unmaps first, then deletes the product.
			{
				Config: testProviderConfig(e),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("connectwise_product.xdr", plancheck.ResourceActionDestroy),
						plancheck.ExpectResourceAction("sophos_psa_product_mapping.xdr", plancheck.ResourceActionDestroy),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				Check: func(*terraform.State) error {
					c := newTestClient(t, e)
					m, _, err := c.GetProductMapping(context.Background(), api.PsaConnectwise, "Sophos_Intercept_X_Advanced_XDR")
					if err != nil {
						return err
					}
					if m.Mapped || m.SyncEnabled {
						return fmt.Errorf("want the product unmapped with sync off, got mapped=%t syncEnabled=%t", m.Mapped, m.SyncEnabled)
					}
					ps, err := c.ListPSAProducts(context.Background(), api.PsaConnectwise, client.ProductQuery{Identifier: "NW-XDR", IncludeInactive: true})
					if err != nil {
						return err
					}
					if len(ps) != 0 {
						return fmt.Errorf("want product NW-XDR deleted, it still exists with id %d", ps[0].Id)
					}
					return nil
				},
			},
		},
	})
}

// TestAccPSAProductMapping_changedBetweenPlanAndApply: a mapping edited in the console
// after the plan is not overwritten.
func TestAccPSAProductMapping_changedBetweenPlanAndApply(t *testing.T) {
	e := newTestEmulator(t)
	body := func(id int) string {
		return fmt.Sprintf("  psa            = \"connectwise\"\n  sophos_product = \"Sophos_Mobile_Advanced\"\n  psa_product_id = %d\n", id)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckProductMappingsDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config:           mappingConfig(e, "mobile", body(107)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				Config: mappingConfig(e, "mobile", body(109)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("sophos_psa_product_mapping.mobile", plancheck.ResourceActionUpdate),
						changeOutOfBand(func(context.Context) error {
							return e.Admin().SetProductMappingSync(api.PsaConnectwise, "Sophos_Mobile_Advanced", false)
						}),
					},
				},
				ExpectError: errorPattern(`Unable to update PSA product mapping.*HTTP 412.*changed outside Terraform since it was last read`),
			},
			// The next plan shows the console's change; applying it wins.
			{
				Config: mappingConfig(e, "mobile", body(109)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
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
	e := newTestEmulator(t)
	const address = "sophos_psa_product_mapping.ix"
	body := func(sync bool) string {
		return fmt.Sprintf("  psa            = \"connectwise\"\n  sophos_product = \"Sophos_Intercept_X\"\n  psa_product_id = %d\n  sync_enabled   = %t\n", seedCWIXA, sync)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckProductMappingsDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config:           mappingConfig(e, "ix", body(true)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				Config: mappingConfig(e, "ix", body(false)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
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
				Config: mappingConfig(e, "ix", body(false)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
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
