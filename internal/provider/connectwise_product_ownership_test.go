package provider

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

const createProductRoute = "POST /partner/v1/psa/{psa}/products"

// adoptedProduct is a ConnectWise product's arguments for the ownership tests.
func adoptedProduct(identifier string) testharness.Attrs {
	return testharness.Attrs{
		"identifier":  identifier,
		"description": "Made by an earlier apply",
		"subcategory": "Managed Services",
		"type":        "Service",
	}
}

// TestAccConnectWiseProduct_lostAnswerRetried: the first answer to the create is lost after
// the product was created; the client repeats the create with the same Idempotency-Key and
// the API answers it with that product, so the apply succeeds with one product.
func TestAccConnectWiseProduct_lostAnswerRetried(t *testing.T) {
	e := testharness.Emulator(t)
	c := testharness.Client(t, e, testharness.FastRetries)
	const address = "sophos_connectwise_product.p"
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []acc.TestStep{{
			PreConfig: func() {
				e.InjectNext(emulator.InjectedFault{Kind: emulator.FaultResetAfterCommit, Method: "POST", PathPrefix: "/partner/v1/psa/connectwise/products", Count: 1})
			},
			Config:           oneRetryProvider(e).Resource(sophosConnectWiseProductTypeName, "p", adoptedProduct("TF-RETRIED")).String(),
			ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			Check: func(s *terraform.State) error {
				want := productIDByIdentifier(context.Background(), t, c, "TF-RETRIED") // exactly one product has it
				got, err := stateID(s, address)
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

// TestAccConnectWiseProduct_lostAnswersImported: every answer to the create is lost after the
// product was created. The next plan does not create a second product nor take this one
// over, whatever its content: it fails with the import block, and importing it takes it
// into state without a write. (The Idempotency-Key is the call's own, so the API never
// answers a later create with the lost one's product; a second workspace asking for the same
// product is refused the same way.)
func TestAccConnectWiseProduct_lostAnswersImported(t *testing.T) {
	e := testharness.Emulator(t)
	c := testharness.Client(t, e, testharness.FastRetries)
	const address = "sophos_connectwise_product.p"
	config := oneRetryProvider(e).Resource(sophosConnectWiseProductTypeName, "p", adoptedProduct("TF-LOST"))
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				PreConfig:   func() { lostAnswers(e, "POST", "/partner/v1/psa/connectwise/products") },
				Config:      config.String(),
				ExpectError: errorPhrases("Unable to create ConnectWise product", `"TF-LOST"`, "may have reached Sophos Central before its answer was lost"),
			},
			{
				PreConfig: func() {
					e.ClearInjected()
					productIDByIdentifier(context.Background(), t, c, "TF-LOST") // the lost create committed
					e.ResetCounters()
				},
				Config: config.String(),
				ExpectError: errorPhrases("ConnectWise product not in this state", `already has identifier "TF-LOST"`,
					"last written by an API client with this provider's client_id", "import {", "to = sophos_connectwise_product.<NAME>"),
			},
			{
				PreConfig: func() {
					if n := e.Counters()[createProductRoute]; n != 0 {
						t.Errorf("want no create sent by the plan, got %d", n)
					}
				},
				// The id as the docs find it: the products data source by identifier.
				Config: config.Data("sophos_psa_products", "lost", testharness.Attrs{"psa": "connectwise", "identifier": "TF-LOST"}).
					Block("import", testharness.Attrs{"to": testharness.Expr(address), "id": testharness.Expr("tostring(one(data.sophos_psa_products.lost.products).id)")}).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{noAPIWrites(e)},
			},
		},
	})
}

// TestAccConnectWiseProduct_identicalProductMadeElsewhere: a product with the configured
// identifier and exactly the configured content that no apply of this configuration made
// (someone added it in the console) fails the plan, with the import block.
func TestAccConnectWiseProduct_identicalProductMadeElsewhere(t *testing.T) {
	e := testharness.Emulator(t)
	attrs := adoptedProduct("TF-ELSEWHERE")
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			PreConfig: func() {
				_, err := e.Admin().AddProduct(api.PsaConnectwise, emulator.SeedProduct{
					Identifier: "TF-ELSEWHERE", Description: "Made by an earlier apply", CustomerDescription: "Made by an earlier apply",
					Subcategory: "Managed Services", Type: "Service", UnitOfMeasure: api.DefaultUnitOfMeasure, ProductClass: string(api.DefaultProductClass),
				})
				if err != nil {
					t.Fatal(err)
				}
			},
			Config: cwProductConfig(e, sophosConnectWiseProductTypeName, "p", attrs).String(),
			ExpectError: errorPattern(`ConnectWise product not in this state.*already has identifier "TF-ELSEWHERE".*` +
				`import \{ to = sophos_connectwise_product.<NAME> id = "\d+" \}`),
		}},
	})
}
