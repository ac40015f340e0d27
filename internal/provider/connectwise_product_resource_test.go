package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// cwProductConfig is the provider block plus one ConnectWise product resource of typeName
// with body; connectwise_product gets `provider = sophos`, as users must write it.
func cwProductConfig(e *emulator.Emulator, typeName, name, body string) string {
	provider := ""
	if typeName == connectWiseProductTypeName {
		provider = "  provider = sophos\n"
	}
	return testProviderConfig(e) + fmt.Sprintf("\nresource %q %q {\n%s%s}\n", typeName, name, provider, body)
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

func TestAccConnectWiseProduct_lifecycle(t *testing.T) {
	for _, typeName := range []string{connectWiseProductTypeName, sophosConnectWiseProductTypeName} {
		t.Run(typeName, func(t *testing.T) {
			testAccConnectWiseProductLifecycle(t, typeName)
		})
	}
}

func testAccConnectWiseProductLifecycle(t *testing.T, typeName string) {
	e := newTestEmulator(t)
	admin := e.Admin()
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

	minimal := `
  identifier  = "TF-IXA"
  description = "Intercept X Advanced (Terraform)"
  subcategory = "Endpoint Security"
  type        = "Software License"
`
	full := `
  identifier               = "TF-IXA"
  description              = "Intercept X Advanced, per device"
  customer_description     = "Sophos Intercept X Advanced endpoint protection, billed per device per month"
  subcategory              = "Endpoint Security"
  type                     = "Software License"
  product_class            = "Service"
  unit_of_measure          = "Device"
  price                    = 4.5
  cost                     = 2.9
  taxable                  = true
  manufacturer_part_number = "CIXA1CSAA"
  vendor_sku               = "SOPHOS-CIXA"
  integration_xref         = "Sophos_Intercept_X_Advanced"
  notes                    = "Managed by Terraform"
`
	moved := `
  identifier      = "TF-IXA"
  description     = "Intercept X Advanced, per device"
  subcategory     = "Managed Security"
  type            = "Service"
  unit_of_measure = "Device"
  price           = 4.5
  cost            = 2.9
`

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []resource.TestStep{
			// Create with defaults: everything but the id is known at plan time.
			{
				Config: cwProductConfig(e, typeName, "test", minimal),
				ConfigPlanChecks: resource.ConfigPlanChecks{
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
				Check: captureID,
			},
			// Update every attribute in place: same id.
			{
				Config: cwProductConfig(e, typeName, "test", full),
				ConfigPlanChecks: resource.ConfigPlanChecks{
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
				Config: cwProductConfig(e, typeName, "test", moved),
				ConfigPlanChecks: resource.ConfigPlanChecks{
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
				ImportStateKind:        resource.ImportBlockWithID,
				ImportStateConfigExact: true,
				Config:                 cwProductConfig(e, typeName, "test", moved) + cwProductImportBlock(typeName, "test"),
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
				Config: cwProductConfig(e, typeName, "test", moved),
				ConfigPlanChecks: resource.ConfigPlanChecks{
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
				Config: cwProductConfig(e, typeName, "test", moved),
				ConfigPlanChecks: resource.ConfigPlanChecks{
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

// TestAccConnectWiseProduct_identifierInUse: an identifier another product has (ignoring
// case, inactive products included) fails the plan on identifier, naming that product and
// how to import it; the product's own identifier in another case does not. One taken
// between plan and apply is caught by the final plan Terraform makes during apply, before
// anything is written.
func TestAccConnectWiseProduct_identifierInUse(t *testing.T) {
	e := newTestEmulator(t)
	const address = "connectwise_product.p"
	product := func(identifier string) string {
		return cwProductConfig(e, connectWiseProductTypeName, "p", fmt.Sprintf(`
  identifier  = %q
  description = "Identifier test"
  subcategory = "Endpoint Security"
  type        = "Software License"
`, identifier))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config:   product("SOPHOS-CIX-EP"),
				PlanOnly: true,
				ExpectError: errorPhrases("ConnectWise product identifier in use", `ConnectWise product 101 already uses identifier "SOPHOS-CIX-EP"`,
					"terraform import connectwise_product.<name> 101", `id = "101"`),
			},
			{
				Config:      product("sophos-ep-legacy"),
				PlanOnly:    true,
				ExpectError: errorPhrases("ConnectWise product identifier in use", `ConnectWise product 110 already uses identifier "SOPHOS-EP-LEGACY"`),
			},
			{
				Config:           product("TF-OWN"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			// Its own identifier in another case is no conflict.
			{
				Config: product("tf-own"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
			},
			{
				Config:      product("SOPHOS-CIX-ADV"),
				PlanOnly:    true,
				ExpectError: errorPhrases("ConnectWise product identifier in use", `ConnectWise product 102 already uses identifier "SOPHOS-CIX-ADV"`),
			},
			// Taken in the console between plan and apply: the apply stops before writing.
			{
				Config: product("TF-RACED"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						changeOutOfBand(func(context.Context) error {
							_, err := e.Admin().AddProduct(api.PsaConnectwise, emulator.SeedProduct{
								Identifier: "TF-RACED", Description: "Added in the console", Subcategory: "Endpoint Security", Type: "Software License",
							})
							return err
						}),
					},
				},
				ExpectError: errorPhrases("ConnectWise product identifier in use", `already uses identifier "TF-RACED"`, "terraform import connectwise_product.<name>"),
			},
		},
	})
}

// TestAccConnectWiseProduct_importErrors: a malformed import ID and an id ConnectWise does
// not have each fail the import with what to do instead.
func TestAccConnectWiseProduct_importErrors(t *testing.T) {
	e := newTestEmulator(t)
	config := cwProductConfig(e, sophosConnectWiseProductTypeName, "p", `
  identifier  = "TF-IMPORT"
  description = "Import errors"
  subcategory = "Managed Services"
  type        = "Service"
`)
	importFails := func(id string, want *regexp.Regexp) resource.TestStep {
		return resource.TestStep{Config: config, ResourceName: "sophos_connectwise_product.p", ImportState: true, ImportStateId: id, ExpectError: want}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			importFails("SOPHOS-CIX-EP", errorPhrases("Invalid import ID", `The import ID "SOPHOS-CIX-EP" is not the product's numeric ConnectWise id`,
				"terraform import sophos_connectwise_product.example 1234")),
			importFails("999999", errorPhrases("Unable to import ConnectWise product", "ConnectWise PSA has no product 999999, so there is nothing to import",
				"sophos_psa_products")),
		},
	})
}

// TestConnectWiseProductConflictAdvice: a 409 from a write (the identifier was taken after
// the final plan) names the product that has the identifier, excluding the product itself.
func TestConnectWiseProductConflictAdvice(t *testing.T) {
	ctx := context.Background()
	e := newTestEmulator(t)
	r := &connectWiseProductResource{typeName: sophosConnectWiseProductTypeName}
	r.client = newTestClient(t, e)
	r.snapshot = newAPISnapshot(r.client)
	conflict := &client.APIError{StatusCode: http.StatusConflict, Code: "Conflict"}

	got := r.conflictAdvice(ctx, conflict, "sophos-cix-ep", "")
	for _, want := range []string{`ConnectWise product 101 already uses identifier "SOPHOS-CIX-EP"`, "terraform import sophos_connectwise_product.<name> 101"} {
		if !strings.Contains(got, want) {
			t.Errorf("advice does not contain %q:\n%s", want, got)
		}
	}
	if got := r.conflictAdvice(ctx, conflict, "SOPHOS-CIX-EP", "101"); !strings.Contains(got, "Another ConnectWise product already uses identifier") {
		t.Errorf("the product's own identifier must not be reported as another product's, got:\n%s", got)
	}
	if got := r.conflictAdvice(ctx, &client.APIError{StatusCode: http.StatusBadRequest}, "SOPHOS-CIX-EP", ""); got != "" {
		t.Errorf("only a 409 gets conflict advice, got %q", got)
	}
}

// TestAccConnectWiseProduct_resetAfterCommit: the connection drops after the API created
// the product; the client retries with the same Idempotency-Key and exactly one product
// exists.
func TestAccConnectWiseProduct_resetAfterCommit(t *testing.T) {
	e := newTestEmulator(t)
	c := newTestClient(t, e)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.InjectNext(emulator.InjectedFault{Kind: emulator.FaultResetAfterCommit, Method: "POST", PathPrefix: "/partner/v1/psa/connectwise/products"})
			},
			Config: cwProductConfig(e, sophosConnectWiseProductTypeName, "once", `
  identifier  = "TF-ONCE"
  description = "Created exactly once"
  subcategory = "Managed Services"
  type        = "Service"
`),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("sophos_connectwise_product.once", plancheck.ResourceActionCreate)},
				PostApplyPostRefresh: emptyPlanAfterApply,
			},
			Check: func(s *terraform.State) error {
				if n := e.Counters()["POST /partner/v1/psa/{psa}/products"]; n < 2 {
					return fmt.Errorf("want the create to be sent again after the dropped connection, got %d POST(s)", n)
				}
				want := productIDByIdentifier(context.Background(), t, c, "TF-ONCE")
				got, err := stateID(s, "sophos_connectwise_product.once")
				if err != nil {
					return err
				}
				if got != strconv.FormatInt(want, 10) {
					return fmt.Errorf("state has product %s, the API has product %d", got, want)
				}
				return nil
			},
		}},
	})
}

// TestAccConnectWiseProduct_changedBetweenPlanAndApply: someone edits the product after the
// plan; the apply refuses to overwrite it (If-Match) with the documented advice, and the
// next plan shows the change.
func TestAccConnectWiseProduct_changedBetweenPlanAndApply(t *testing.T) {
	e := newTestEmulator(t)
	c := newTestClient(t, e)
	address := "sophos_connectwise_product.race"
	body := func(price string) string {
		return `
  identifier  = "TF-RACE"
  description = "Edited concurrently"
  subcategory = "Managed Services"
  type        = "Service"
  price       = ` + price + "\n"
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config:           cwProductConfig(e, sophosConnectWiseProductTypeName, "race", body("10")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				Config: cwProductConfig(e, sophosConnectWiseProductTypeName, "race", body("12")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						changeOutOfBand(func(ctx context.Context) error {
							id := productIDByIdentifier(ctx, t, c, "TF-RACE")
							return e.Admin().RenameProduct(api.PsaConnectwise, id, "TF-RACE", "Renamed in the console")
						}),
					},
				},
				ExpectError: errorPattern(`Unable to update ConnectWise product.*HTTP 412.*changed outside Terraform since it was last read.*Run .terraform plan. again`),
			},
			// The next plan shows the console's change and applying it wins.
			{
				Config: cwProductConfig(e, sophosConnectWiseProductTypeName, "race", body("12")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("description"), knownvalue.StringExact("Edited concurrently")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("price"), knownvalue.Float64Exact(12)),
				},
			},
		},
	})
}

// TestAccConnectWiseProduct_moved: a moved block switches between the two type names
// without touching the product.
func TestAccConnectWiseProduct_moved(t *testing.T) {
	e := newTestEmulator(t)
	body := `
  identifier  = "TF-MOVED"
  description = "Moved between names"
  subcategory = "Managed Services"
  type        = "Service"
`
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config:            cwProductConfig(e, connectWiseProductTypeName, "a", body),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue("connectwise_product.a", tfjsonpath.New("id"))},
			},
			{
				Config: cwProductConfig(e, sophosConnectWiseProductTypeName, "a", body) + `
moved {
  from = connectwise_product.a
  to   = sophos_connectwise_product.a
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("sophos_connectwise_product.a", plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue("sophos_connectwise_product.a", tfjsonpath.New("id"))},
			},
			{
				Config: cwProductConfig(e, connectWiseProductTypeName, "a", body) + `
moved {
  from = sophos_connectwise_product.a
  to   = connectwise_product.a
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("connectwise_product.a", plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue("connectwise_product.a", tfjsonpath.New("id"))},
			},
		},
	})
}

// TestAccConnectWiseProduct_referenceData: names that are not in the ConnectWise reference
// data fail at plan time with the valid names.
func TestAccConnectWiseProduct_referenceData(t *testing.T) {
	e := newTestEmulator(t)
	product := func(extra string) string {
		return cwProductConfig(e, sophosConnectWiseProductTypeName, "ref", `
  identifier  = "TF-REF"
  description = "Reference data"
  type        = "Service"
`+extra)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      product(`  subcategory = "Antivirus"` + "\n"),
				PlanOnly:    true,
				ExpectError: errorPattern(`Invalid ConnectWise product subcategory.*"Antivirus" is not a ConnectWise product subcategory.*"Endpoint Security"`),
			},
			{
				Config:      product("  subcategory = \"Managed Services\"\n  unit_of_measure = \"each\"\n"),
				PlanOnly:    true,
				ExpectError: errorPattern(`Invalid ConnectWise product unit_of_measure.*did you mean "Each"`),
			},
		},
	})
}

// TestAccConnectWiseProduct_deleteWhileMapped: a product someone mapped in the console
// cannot be destroyed; the error names the mapping and what to do.
func TestAccConnectWiseProduct_deleteWhileMapped(t *testing.T) {
	e := newTestEmulator(t)
	c := newTestClient(t, e)
	product := testProviderConfig(e) + `
resource "sophos_connectwise_product" "p" {
  identifier  = "NW-MAPPED"
  description = "Mapped in the console"
  subcategory = "Managed Security"
  type        = "Service"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []resource.TestStep{
			{
				Config:           product,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				PreConfig: func() {
					id := productIDByIdentifier(context.Background(), t, c, "NW-MAPPED")
					if _, _, err := c.PutProductMapping(context.Background(), api.PsaConnectwise, "Sophos_MTR_Standard", api.ProductMappingInput{PsaProductId: id}, ""); err != nil {
						t.Fatalf("mapping out of band: %v", err)
					}
				},
				Config:      testProviderConfig(e),
				ExpectError: errorPattern(`Unable to delete ConnectWise product.*is still mapped from "Sophos_MTR_Standard".*sophos_psa_product_mapping`),
			},
			{
				PreConfig: func() {
					if err := e.Admin().DeleteProductMapping(api.PsaConnectwise, "Sophos_MTR_Standard"); err != nil {
						t.Fatalf("unmapping out of band: %v", err)
					}
				},
				Config:           testProviderConfig(e),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
		},
	})
}
