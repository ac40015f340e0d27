package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// guardProduct is a product the guard tests create.
var guardProduct = testharness.Attrs{
	"identifier":  "TF-GUARD",
	"description": "Guarded by lastUpdated",
	"subcategory": "Managed Security",
	"type":        "Service",
	"price":       5.0,
}

// TestAccConnectWiseProduct_changedSincePlan: a product edited in ConnectWise between plan
// and apply stops the apply with "changed since Terraform last read it", in both
// modes: through the integration its ETag answers 412; through ConnectWise, which has no
// ETag, the item's _info.lastUpdated read at refresh no longer matches, and the error names
// who changed it and which attributes.
func TestAccConnectWiseProduct_changedSincePlan(t *testing.T) {
	for _, mode := range cwModes {
		t.Run(mode.name, func(t *testing.T) {
			m := newCWModeTest(t, mode)
			address := sophosConnectWiseProductTypeName + ".g"
			want := "changed since Terraform last read it"
			if m.direct {
				want += `.*last updated at .* by Admin.*Nothing was written.*Changed since then: description`
			}
			acc.ParallelTest(t, acc.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, m.e),
				Steps: []acc.TestStep{
					{
						Config:           cwProductIn(m.config(), sophosConnectWiseProductTypeName, "g", guardProduct).String(),
						ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
					},
					{
						Config: cwProductIn(m.config(), sophosConnectWiseProductTypeName, "g", guardProduct.With(testharness.Attrs{"price": 6.0})).String(),
						ConfigPlanChecks: acc.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
							changeOutOfBand(func(context.Context) error {
								id := productIDByIdentifier(context.Background(), t, testharness.Client(t, m.e, testharness.FastRetries), "TF-GUARD")
								return m.e.Admin().RenameProduct(api.PsaConnectwise, id, "", "Renamed in ConnectWise")
							}),
						}},
						ExpectError: errorPattern("Unable to update ConnectWise product.*" + want),
					},
					// The next plan shows the change and applies over it.
					{
						Config:           cwProductIn(m.config(), sophosConnectWiseProductTypeName, "g", guardProduct.With(testharness.Attrs{"price": 6.0})).String(),
						ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
					},
				},
			})
		})
	}
}

// TestAccConnectWiseProduct_identifierOfAnotherItem: through ConnectWise's own API a product
// whose identifier an item this configuration did not make already has (ignoring case, as
// Sophos's own sync makes one per Sophos product) fails the plan with the import block, and
// so does one made in ConnectWise between plan and apply, at the plan Terraform makes again
// during the apply, before anything is written: never a second item.
func TestAccConnectWiseProduct_identifierOfAnotherItem(t *testing.T) {
	m := newCWModeTest(t, cwModes[1])
	c := cwClient(t, m.e, m.ca)
	var raced int
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				Config: cwProductIn(m.config(), sophosConnectWiseProductTypeName, "dup", testharness.Attrs{
					"identifier": "sophos-cix-ep", "description": "Sophos Central Endpoint Protection", "subcategory": "Endpoint Security", "type": "Software License",
				}).String(),
				ExpectError: errorPattern(`ConnectWise product not in this state.*ConnectWise product 101 already has identifier "SOPHOS-CIX-EP".*` +
					regexp.QuoteMeta(`to = sophos_connectwise_product.<NAME>`) + `.*id = "101"`),
			},
			{
				Config: cwProductIn(m.config(), sophosConnectWiseProductTypeName, "race", guardProduct.With(testharness.Attrs{"identifier": "TF-RACE"})).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{changeOutOfBand(func(ctx context.Context) error {
					item, err := c.CreateCatalogItem(ctx, cw.CatalogItem{Identifier: "tf-race", Description: "Made by hand", CustomerDescription: "Made by hand",
						Subcategory: &cw.Reference{ID: 21}, Type: &cw.Reference{ID: 2}})
					if err == nil {
						raced = item.ID
					}
					return err
				})}},
				ExpectError: errorPattern(`ConnectWise product not in this state.*ConnectWise product [0-9]+ already has identifier "tf-race".*` +
					regexp.QuoteMeta(`to = sophos_connectwise_product.<NAME>`) + `.*id = "[0-9]+"`),
			},
		},
	})
	if raced == 0 {
		t.Fatal("the item of the race was not made")
	}
	if items, err := c.ListCatalogItems(context.Background(), cwListByIdentifier("tf-race")); err != nil || len(items) != 1 {
		t.Errorf("items with identifier tf-race: %v, %v; want exactly the one made by hand", items, err)
	}
}

// TestAccConnectWiseProduct_destroyInUse: destroying a product that agreement additions bill
// never fails because it is in use, in either mode: ConnectWise (or Sophos, relaying it)
// refuses the deletion, so the product is retired instead (made inactive) and stays in
// ConnectWise.
func TestAccConnectWiseProduct_destroyInUse(t *testing.T) {
	for _, mode := range cwModes {
		t.Run(mode.name, func(t *testing.T) {
			m := newCWModeTest(t, mode)
			bundle := testharness.Attrs{
				"identifier": "NW-MANAGED-SECURITY", "description": "Northwind Managed Security Bundle (per seat)",
				"customer_description": "Endpoint, email and phishing protection managed by Northwind IT, billed per user per month",
				"subcategory":          "Managed Security", "type": "Service", "unit_of_measure": "User", "price": 24.0, "cost": 9.8,
				"product_class": "Service", "notes": "Bundle used for customers on the 2024 price list",
			}
			acc.ParallelTest(t, acc.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					p, _, err := testharness.Client(t, m.e, testharness.FastRetries).GetPSAProduct(context.Background(), api.PsaConnectwise, 108)
					switch {
					case err != nil:
						return fmt.Errorf("product 108 after destroy: %w", err)
					case !p.InactiveFlag:
						return fmt.Errorf("product 108 is in use and still active after destroy: %+v", p)
					}
					return nil
				},
				Steps: []acc.TestStep{{
					Config: cwProductIn(m.config(), sophosConnectWiseProductTypeName, "bundle", bundle).
						Block("import", testharness.Attrs{"to": testharness.Expr("sophos_connectwise_product.bundle"), "id": "108"}).String(),
					ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				}},
			})
		})
	}
}

// TestAccConnectWiseProduct_retiredWarning: the destroy that retires a product in use says
// so, as a warning on the run (the engine shows it; plugin-testing would not).
func TestAccConnectWiseProduct_retiredWarning(t *testing.T) {
	t.Parallel()
	engine := newCLIEngine(t, "1.5.0")
	m := newCWModeTest(t, cwModes[1])
	engine.Write("main.tf", cwProductIn(m.config(), sophosConnectWiseProductTypeName, "backup", testharness.Attrs{
		"identifier": "BACKUP-M365", "description": "Cloud Backup for Microsoft 365", "subcategory": "Backup and Recovery",
		"type": "Service", "unit_of_measure": "User", "price": 3.0, "cost": 1.2, "product_class": "Service",
	}).Block("import", testharness.Attrs{"to": testharness.Expr("sophos_connectwise_product.backup"), "id": "112"}).String())
	engine.MustRun("init", "-input=false", "-no-color")
	engine.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	out := strings.Join(strings.Fields(engine.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")), " ")
	for _, want := range []string{"Warning: ConnectWise product retired, not deleted",
		`ConnectWise product "BACKUP-M365" (id 112) is used by agreement additions or invoices, so ConnectWise keeps it`,
		"made it inactive (inactiveFlag)", "Destroy complete! Resources: 1 destroyed."} {
		if !strings.Contains(out, want) {
			t.Errorf("the destroy output lacks %q:\n%s", want, out)
		}
	}
}

// cwListByIdentifier selects catalog items by identifier.
func cwListByIdentifier(identifier string) cwListOptions {
	return cwListOptions{Conditions: cwField("identifier").Eq(cwText(identifier))}
}

// TestAccConnectWiseProduct_mappedDirect: through ConnectWise's own API, which knows nothing
// of Sophos's mappings, a product Sophos products are mapped to is not deleted: a mapping made
// in the console stops the destroy with the mapping named (ConnectWise would have deleted the
// product under it); a mapping of the same configuration that names the product by a literal
// id is removed first, then the product.
func TestAccConnectWiseProduct_mappedDirect(t *testing.T) {
	m := newCWModeTest(t, cwModes[1])
	c := testharness.Client(t, m.e, testharness.FastRetries)
	id, err := m.e.Admin().AddProduct(api.PsaConnectwise, emulator.SeedProduct{
		Identifier: "NW-LITERAL", Description: "Literal id", Subcategory: "Managed Security", Type: "Service"})
	if err != nil {
		t.Fatal(err)
	}
	product := cwProductIn(m.config(), sophosConnectWiseProductTypeName, "literal", testharness.Attrs{
		"identifier": "NW-LITERAL", "description": "Literal id", "subcategory": "Managed Security", "type": "Service",
	}).Block("import", testharness.Attrs{"to": testharness.Expr("sophos_connectwise_product.literal"), "id": fmt.Sprint(id)})
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckExamplesDestroyed(t, m.e),
		Steps: []acc.TestStep{
			{
				Config:           product.String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				PreConfig: func() {
					if _, _, err := c.PutProductMapping(context.Background(), api.PsaConnectwise, "Sophos_MTR_Standard", api.ProductMappingInput{PsaProductId: id}, ""); err != nil {
						t.Fatalf("mapping out of band: %v", err)
					}
				},
				Config:      m.config().String(),
				ExpectError: errorPattern(`Unable to delete ConnectWise product.*is still mapped from "Sophos_MTR_Standard".*sophos_psa_product_mapping`),
			},
			{
				PreConfig: func() {
					if err := m.e.Admin().DeleteProductMapping(api.PsaConnectwise, "Sophos_MTR_Standard"); err != nil {
						t.Fatal(err)
					}
				},
				Config: product.Resource("sophos_psa_product_mapping", "ixa", productMapping("connectwise", "Sophos_Intercept_X_Advanced", id)).String(),
				Check:  m.wentThrough,
			},
		},
	})
}
