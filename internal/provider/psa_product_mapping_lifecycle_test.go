package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

func TestAccPSAProductMapping_lifecycle(t *testing.T) {
	e := testharness.Emulator(t)
	admin := e.Admin()
	const address = "sophos_psa_product_mapping.ixa"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	config := func(productID int64, sync any) string {
		return testharness.Config(e).
			Resource("sophos_psa_product_mapping", "ixa", productMapping("connectwise", "Sophos_Intercept_X_Advanced", productID).With(testharness.Attrs{"sync_enabled": sync})).
			String()
	}

	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckProductMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			// Create: the plan already knows the id and the Sophos product's name.
			{
				Config: config(seedCWIXA, nil),
				ConfigPlanChecks: acc.ConfigPlanChecks{
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
				Config: config(seedCWIXAXDR, false),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Sophos Intercept X Advanced with XDR")),
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
				Config: config(seedCWIXAXDR, true),
				ConfigPlanChecks: acc.ConfigPlanChecks{
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
				ImportStateKind: acc.ImportBlockWithID,
			},
			// Drift: someone switched usage sync off in the console; the plan switches it on.
			{
				PreConfig: func() {
					if err := admin.SetProductMappingSync(api.PsaConnectwise, "Sophos_Intercept_X_Advanced", false); err != nil {
						t.Fatalf("switching sync off out of band: %v", err)
					}
				},
				Config: config(seedCWIXAXDR, true),
				ConfigPlanChecks: acc.ConfigPlanChecks{
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
				Config: config(seedCWIXAXDR, true),
				ConfigPlanChecks: acc.ConfigPlanChecks{
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
				Config: config(seedCWIXAXDR, true),
				ConfigPlanChecks: acc.ConfigPlanChecks{
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
	e := testharness.Emulator(t)
	const address = "sophos_psa_product_mapping.mdr"
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckProductMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config: testharness.Config(e).
					Resource("sophos_psa_product_mapping", "mdr", productMapping("autotask", "Sophos_MDR_Complete", seedATMDRComplete).With(testharness.Attrs{"sync_enabled": false})).
					String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
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

// TestAccPSAProductMapping_withNewProduct creates a ConnectWise product and maps a Sophos
// product to it in one apply, then removes both in one apply (mapping first).
func TestAccPSAProductMapping_withNewProduct(t *testing.T) {
	e := testharness.Emulator(t)
	config := func(description string) string {
		return cwProductConfig(e, connectWiseProductTypeName, "xdr", testharness.Attrs{
			"identifier":  "NW-XDR",
			"description": description,
			"subcategory": "Managed Security",
			"type":        "Service",
			"price":       7.5,
		}).
			Resource("sophos_psa_product_mapping", "xdr", productMapping("connectwise", "Sophos_Intercept_X_Advanced_XDR", testharness.Expr("connectwise_product.xdr.id"))).
			String()
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: acc.ComposeTestCheckFunc(
			testAccCheckProductMappingsDestroyed(t, e),
			testAccCheckConnectWiseProductsDestroyed(t, e),
		),
		Steps: []acc.TestStep{
			{
				Config: config("Northwind XDR"),
				ConfigPlanChecks: acc.ConfigPlanChecks{
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
			// Renaming the product in Terraform updates it in place; the mapping's plan shows
			// the new name (nothing of the mapping is written for it).
			{
				Config: config("Northwind XDR (per device)"),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("connectwise_product.xdr", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("sophos_psa_product_mapping.xdr", plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue("sophos_psa_product_mapping.xdr", tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Northwind XDR (per device)")),
					},
					PostApplyPostRefresh: quietAfterApply,
				},
			},
			// The next plan is empty, with the new name.
			{
				Config: config("Northwind XDR (per device)"),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("sophos_psa_product_mapping.xdr", tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Northwind XDR (per device)")),
				},
			},
			// Removing both from the configuration unmaps first, then deletes the product.
			{
				Config: testharness.ProviderBlock(e),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("connectwise_product.xdr", plancheck.ResourceActionDestroy),
						plancheck.ExpectResourceAction("sophos_psa_product_mapping.xdr", plancheck.ResourceActionDestroy),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				Check: func(*terraform.State) error {
					c := testharness.Client(t, e, testharness.FastRetries)
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
