package provider

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccConnectWiseProduct_resetAfterCommit: the connection drops after the API created
// the product; the client retries with the same Idempotency-Key and exactly one product
// exists.
func TestAccConnectWiseProduct_resetAfterCommit(t *testing.T) {
	e := testharness.Emulator(t)
	c := testharness.Client(t, e, testharness.FastRetries)
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []acc.TestStep{{
			PreConfig: func() {
				e.InjectNext(emulator.InjectedFault{Kind: emulator.FaultResetAfterCommit, Method: "POST", PathPrefix: "/partner/v1/psa/connectwise/products"})
			},
			Config: cwProductConfig(e, sophosConnectWiseProductTypeName, "once", testharness.Attrs{
				"identifier":  "TF-ONCE",
				"description": "Created exactly once",
				"subcategory": "Managed Services",
				"type":        "Service",
			}).String(),
			ConfigPlanChecks: acc.ConfigPlanChecks{
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
	e := testharness.Emulator(t)
	c := testharness.Client(t, e, testharness.FastRetries)
	address := "sophos_connectwise_product.race"
	body := func(price int) testharness.Attrs {
		return testharness.Attrs{
			"identifier":  "TF-RACE",
			"description": "Edited concurrently",
			"subcategory": "Managed Services",
			"type":        "Service",
			"price":       price,
		}
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:           cwProductConfig(e, sophosConnectWiseProductTypeName, "race", body(10)).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				Config: cwProductConfig(e, sophosConnectWiseProductTypeName, "race", body(12)).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						changeOutOfBand(func(ctx context.Context) error {
							id := productIDByIdentifier(ctx, t, c, "TF-RACE")
							return e.Admin().RenameProduct(api.PsaConnectwise, id, "TF-RACE", "Renamed in the console")
						}),
					},
				},
				ExpectError: errorPattern(`Unable to update ConnectWise product.*HTTP 412.*changed since Terraform last read it: someone in the Sophos Central Partner console.*wrote it.*Run terraform plan again`),
			},
			// The next plan shows the console's change and applying it wins.
			{
				Config: cwProductConfig(e, sophosConnectWiseProductTypeName, "race", body(12)).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
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
