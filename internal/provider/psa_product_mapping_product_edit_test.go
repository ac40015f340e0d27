package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// When Terraform itself edits a ConnectWise product, the mappings that reference it follow
// in the same apply: the next plan is empty and reports nothing "changed outside of
// Terraform".

// putProductMappingRoute is the emulator's counter of product-mapping writes.
const putProductMappingRoute = "PUT /partner/v1/psa/{psa}/product-mappings/{sophosProduct}"

// noResourceDrift is a plan check that fails when the plan reports a resource as changed
// outside of Terraform (the plan JSON's resource_drift), which ExpectEmptyPlan does not see.
type noResourceDrift struct{}

func (noResourceDrift) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	var drifted []string
	for _, rc := range req.Plan.ResourceDrift {
		drifted = append(drifted, fmt.Sprintf("%s (%v -> %v)", rc.Address, rc.Change.Before, rc.Change.After))
	}
	if len(drifted) > 0 {
		resp.Error = fmt.Errorf("the plan reports changes outside of Terraform: %s", strings.Join(drifted, "; "))
	}
}

// quietAfterApply is the PostApplyPostRefresh check of these steps: no change and no drift.
var quietAfterApply = []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), noResourceDrift{}}

func TestAccPSAProductMapping_followsProductEditedByTerraform(t *testing.T) {
	e := testharness.Emulator(t)
	const (
		product = sophosConnectWiseProductTypeName + ".xdr"
		mapping = "sophos_psa_product_mapping.xdr"
	)
	config := func(description string, sync bool) string {
		return testharness.Config(e).
			Resource(sophosConnectWiseProductTypeName, "xdr", testharness.Attrs{
				"identifier": "TF-XDR", "description": description, "subcategory": "Managed Security", "type": "Service",
			}).
			Resource("sophos_psa_product_mapping", "xdr", productMapping("connectwise", "Sophos_Intercept_X_Advanced",
				testharness.Expr(product+".id")).With(testharness.Attrs{"sync_enabled": sync})).
			String()
	}
	name := func(want string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(mapping, tfjsonpath.New("psa_product_name"), knownvalue.StringExact(want))
	}

	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckProductMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:            config("Managed XDR", true),
				ConfigPlanChecks:  acc.ConfigPlanChecks{PostApplyPostRefresh: quietAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{name("Managed XDR")},
			},
			// The product's description is the mapping's psa_product_name: the plan says so
			// (a known value), the apply writes only the product, the next plan is quiet.
			{
				Config: config("Managed XDR, per device", true),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(product, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(mapping, tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Managed XDR, per device")),
					},
					PostApplyPostRefresh: quietAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					name("Managed XDR, per device"),
					// Nothing of the mapping changed, so nothing of it is written: the one PUT is the create's.
					apiStateCheck(func(context.Context) error {
						if n := e.Counters()[putProductMappingRoute]; n != 1 {
							return fmt.Errorf("want the create's 1 %s, got %d", putProductMappingRoute, n)
						}
						return nil
					}),
				},
			},
			// The product and its mapping edited in one apply.
			{
				Config: config("Managed XDR (2026)", false),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(product, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(mapping, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(mapping, tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Managed XDR (2026)")),
					},
					PostApplyPostRefresh: quietAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					name("Managed XDR (2026)"),
					statecheck.ExpectKnownValue(mapping, tfjsonpath.New("sync_enabled"), knownvalue.Bool(false)),
				},
			},
		},
	})
}

// With a literal psa_product_id Terraform does not order the mapping after the product, so
// the mapping may or may not plan the new name; either way the apply succeeds (the plan
// Terraform makes again during the apply agrees with the first) and the next plan is empty.
func TestAccPSAProductMapping_literalIDOfProductEditedByTerraform(t *testing.T) {
	e := testharness.Emulator(t)
	const product = sophosConnectWiseProductTypeName + ".mdr"
	productOnly := func(description string) testharness.Configuration {
		return testharness.Config(e).
			Block("import", testharness.Attrs{"to": testharness.Expr(product), "id": "104"}).
			Resource(sophosConnectWiseProductTypeName, "mdr", testharness.Attrs{
				"identifier": "SOPHOS-MDR-COMPLETE", "description": description,
				"customer_description": "24/7 managed detection and response by Sophos, per protected device",
				"subcategory":          "Managed Security", "type": "Service", "unit_of_measure": "Device",
				"price": 11.0, "cost": 7.4, "product_class": "Service",
			})
	}
	config := func(description string) string {
		return productOnly(description).
			Resource("sophos_psa_product_mapping", "mdr", productMapping("connectwise", "Sophos_MDR_Complete", 104)).
			String()
	}
	steps := []acc.TestStep{{
		Config:           config("Sophos MDR Complete"),
		ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
	}}
	for _, d := range []string{"MDR Complete, per device", "MDR Complete (2026)", "MDR Complete"} {
		steps = append(steps, acc.TestStep{
			Config:           config(d),
			ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
		})
	}
	// Unordered, the destroy could delete the product before its mapping: unmap first.
	steps = append(steps, acc.TestStep{Config: productOnly("MDR Complete").String()})
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}
