package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccConnectWiseProduct_lifecycle runs one lifecycle, with the same configurations, for
// both type names and both ways of reaching ConnectWise (through the integration, and
// through ConnectWise's own API, where drift made in ConnectWise is read there too).
func TestAccConnectWiseProduct_lifecycle(t *testing.T) {
	for _, mode := range cwModes {
		for _, typeName := range []string{connectWiseProductTypeName, sophosConnectWiseProductTypeName} {
			t.Run(mode.name+"/"+typeName, func(t *testing.T) {
				testAccConnectWiseProductLifecycle(t, newCWModeTest(t, mode), typeName)
			})
		}
	}
}

func testAccConnectWiseProductLifecycle(t *testing.T, m cwModeTest, typeName string) {
	e := m.e
	admin := e.Admin()
	cwProductConfig := func(_ *emulator.Emulator, typeName, _ string, attrs testharness.Attrs) testharness.Configuration {
		return cwProductIn(m.config(), typeName, "test", attrs)
	}
	address := typeName + ".test"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var id int64
	captureID := func(s *terraform.State) error {
		raw, err := stateID(s, address)
		if err != nil {
			return err
		}
		id, err = strconv.ParseInt(raw, 10, 64)
		return err
	}

	minimal := testharness.Attrs{
		"identifier":  "TF-IXA",
		"description": "Intercept X Advanced (Terraform)",
		"subcategory": "Endpoint Security",
		"type":        "Software License",
	}
	full := testharness.Attrs{
		"identifier":               "TF-IXA",
		"description":              "Intercept X Advanced, per device",
		"customer_description":     "Sophos Intercept X Advanced endpoint protection, billed per device per month",
		"subcategory":              "Endpoint Security",
		"type":                     "Software License",
		"product_class":            "Service",
		"unit_of_measure":          "Device",
		"price":                    4.5,
		"cost":                     2.9,
		"taxable":                  true,
		"manufacturer_part_number": "CIXA1CSAA",
		"vendor_sku":               "SOPHOS-CIXA",
		"integration_xref":         "Sophos_Intercept_X_Advanced",
		"notes":                    "Managed by Terraform",
	}
	moved := testharness.Attrs{
		"identifier":      "TF-IXA",
		"description":     "Intercept X Advanced, per device",
		"subcategory":     "Managed Security",
		"type":            "Service",
		"unit_of_measure": "Device",
		"price":           4.5,
		"cost":            2.9,
	}

	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []acc.TestStep{
			// Create with defaults: everything but the id is known at plan time.
			{
				Config: cwProductConfig(e, typeName, "test", minimal).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("category"), knownvalue.StringExact("Software")),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("customer_description"), knownvalue.StringExact("Intercept X Advanced (Terraform)")),
						plancheck.ExpectUnknownValue(address, tfjsonpath.New("id")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[1-9][0-9]*$`))),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("identifier"), knownvalue.StringExact("TF-IXA")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("customer_description"), knownvalue.StringExact("Intercept X Advanced (Terraform)")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("category"), knownvalue.StringExact("Software")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("product_class"), knownvalue.StringExact("NonInventory")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("unit_of_measure"), knownvalue.StringExact("Each")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("price"), knownvalue.Float64Exact(0)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("cost"), knownvalue.Float64Exact(0)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("taxable"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("inactive"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("notes"), knownvalue.Null()),
				},
				Check: acc.ComposeTestCheckFunc(captureID, m.wentThrough),
			},
			// Update every attribute in place: same id.
			{
				Config: cwProductConfig(e, typeName, "test", full).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("category"), knownvalue.StringExact("Software")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("description"), knownvalue.StringExact("Intercept X Advanced, per device")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("customer_description"), knownvalue.StringExact("Sophos Intercept X Advanced endpoint protection, billed per device per month")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("product_class"), knownvalue.StringExact("Service")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("unit_of_measure"), knownvalue.StringExact("Device")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("price"), knownvalue.Float64Exact(4.5)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("cost"), knownvalue.Float64Exact(2.9)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("taxable"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("manufacturer_part_number"), knownvalue.StringExact("CIXA1CSAA")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("vendor_sku"), knownvalue.StringExact("SOPHOS-CIXA")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("integration_xref"), knownvalue.StringExact("Sophos_Intercept_X_Advanced")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("notes"), knownvalue.StringExact("Managed by Terraform")),
				},
			},
			// Move to another subcategory: the new category is known at plan time; optional
			// texts removed from the configuration are cleared; customer_description follows
			// description again.
			{
				Config: cwProductConfig(e, typeName, "test", moved).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("category"), knownvalue.StringExact("Services")),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("customer_description"), knownvalue.StringExact("Intercept X Advanced, per device")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("category"), knownvalue.StringExact("Services")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("subcategory"), knownvalue.StringExact("Managed Security")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("product_class"), knownvalue.StringExact("NonInventory")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("notes"), knownvalue.Null()),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("manufacturer_part_number"), knownvalue.Null()),
				},
			},
			// Import by id with the import command.
			{
				ResourceName:      address,
				ImportState:       true,
				ImportStateVerify: true,
			},
			// Import by id with an import block: the plan after import is empty. The block is
			// written here, not generated, because connectwise_product's needs `provider = sophos`:
			// without it OpenTofu requires the hashicorp/connectwise provider its type name implies,
			// even though the resource block names the provider (Terraform takes the resource's).
			{
				ResourceName:           address,
				ImportState:            true,
				ImportStateKind:        acc.ImportBlockWithID,
				ImportStateConfigExact: true,
				Config:                 cwProductConfig(e, typeName, "test", moved).String() + cwProductImportBlock(typeName, "test"),
				ConfigVariables: config.Variables{
					"import_id": stepTimeString(func() string { return strconv.FormatInt(id, 10) }),
				},
			},
			// Drift: someone made the product inactive in ConnectWise; the plan reactivates it.
			{
				PreConfig: func() {
					if err := admin.SetProductInactive(api.PsaConnectwise, id, true); err != nil {
						t.Fatalf("making product %d inactive out of band: %v", id, err)
					}
				},
				Config: cwProductConfig(e, typeName, "test", moved).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("inactive"), knownvalue.Bool(false)),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("inactive"), knownvalue.Bool(false)),
				},
			},
			// Drift: someone deleted the product in ConnectWise; the plan creates it again.
			{
				PreConfig: func() {
					if err := admin.DeleteProduct(api.PsaConnectwise, id); err != nil {
						t.Fatalf("deleting product %d out of band: %v", id, err)
					}
				},
				Config: cwProductConfig(e, typeName, "test", moved).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("subcategory"), knownvalue.StringExact("Managed Security")),
				},
			},
		},
	})
}

// TestAccConnectWiseProduct_moved: a moved block switches between the two type names
// without touching the product.
func TestAccConnectWiseProduct_moved(t *testing.T) {
	e := testharness.Emulator(t)
	body := testharness.Attrs{
		"identifier":  "TF-MOVED",
		"description": "Moved between names",
		"subcategory": "Managed Services",
		"type":        "Service",
	}
	moved := func(from, to string) testharness.Attrs {
		return testharness.Attrs{"from": testharness.Expr(from), "to": testharness.Expr(to)}
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:            cwProductConfig(e, connectWiseProductTypeName, "a", body).String(),
				ConfigPlanChecks:  acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue("connectwise_product.a", tfjsonpath.New("id"))},
			},
			{
				Config: cwProductConfig(e, sophosConnectWiseProductTypeName, "a", body).
					Block("moved", moved("connectwise_product.a", "sophos_connectwise_product.a")).
					String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("sophos_connectwise_product.a", plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue("sophos_connectwise_product.a", tfjsonpath.New("id"))},
			},
			{
				Config: cwProductConfig(e, connectWiseProductTypeName, "a", body).
					Block("moved", moved("sophos_connectwise_product.a", "connectwise_product.a")).
					String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("connectwise_product.a", plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue("connectwise_product.a", tfjsonpath.New("id"))},
			},
		},
	})
}

// TestAccConnectWiseProduct_deleteWhileMapped: a product someone mapped in the console
// cannot be destroyed; the error names the mapping and what to do.
func TestAccConnectWiseProduct_deleteWhileMapped(t *testing.T) {
	e := testharness.Emulator(t)
	c := testharness.Client(t, e, testharness.FastRetries)
	product := cwProductConfig(e, sophosConnectWiseProductTypeName, "p", testharness.Attrs{
		"identifier":  "NW-MAPPED",
		"description": "Mapped in the console",
		"subcategory": "Managed Security",
		"type":        "Service",
	}).String()
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:           product,
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				PreConfig: func() {
					id := productIDByIdentifier(context.Background(), t, c, "NW-MAPPED")
					if _, _, err := c.PutProductMapping(context.Background(), api.PsaConnectwise, "Sophos_MTR_Standard", api.ProductMappingInput{PsaProductId: id}, ""); err != nil {
						t.Fatalf("mapping out of band: %v", err)
					}
				},
				Config:      testharness.ProviderBlock(e),
				ExpectError: errorPattern(`Unable to delete ConnectWise product.*is still mapped from "Sophos_MTR_Standard".*sophos_psa_product_mapping`),
			},
			{
				PreConfig: func() {
					if err := e.Admin().DeleteProductMapping(api.PsaConnectwise, "Sophos_MTR_Standard"); err != nil {
						t.Fatalf("unmapping out of band: %v", err)
					}
				},
				Config:           testharness.ProviderBlock(e),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
		},
	})
}

// cwProductImportBlock is an import block for the product name of typeName whose id is the
// variable import_id; connectwise_product's gets `provider = sophos`, which OpenTofu needs.
func cwProductImportBlock(typeName, name string) string {
	provider := ""
	if typeName == connectWiseProductTypeName {
		provider = "  provider = sophos\n"
	}
	return fmt.Sprintf(`
variable "import_id" {
  type = string
}

import {
  to = %s.%s
%s  id = var.import_id
}
`, typeName, name, provider)
}

// stepTimeString is a string configuration variable whose value is read when the step runs,
// for values (such as an id) that only an earlier step knows.
type stepTimeString func() string

func (f stepTimeString) MarshalJSON() ([]byte, error) { return json.Marshal(f()) }
