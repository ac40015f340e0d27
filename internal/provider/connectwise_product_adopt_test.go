package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

const createProductRoute = "POST /partner/v1/psa/{psa}/products"

// adoptedProduct is a ConnectWise product's arguments for the adopt tests.
func adoptedProduct(identifier string) testharness.Attrs {
	return testharness.Attrs{
		"identifier":  identifier,
		"description": "Adopted after a lost answer",
		"subcategory": "Managed Services",
		"type":        "Service",
	}
}

// TestAccConnectWiseProduct_adoptAfterLostAnswer: every answer to the create is lost after
// the product was created, so the apply fails. The next apply sends the same create, which
// the API answers as a repeat (the Idempotency-Key comes from the request): the product is
// taken into state, no second product with the identifier exists, and the plan after it is
// empty. Destroyed and asked for again within the API's 24 hours, the repeat names a deleted
// product, and a new one is created.
func TestAccConnectWiseProduct_adoptAfterLostAnswer(t *testing.T) {
	e := testharness.Emulator(t)
	c := testharness.Client(t, e, testharness.FastRetries)
	const address = "sophos_connectwise_product.p"
	config := oneRetryProvider(e).Resource(sophosConnectWiseProductTypeName, "p", adoptedProduct("TF-LOST")).String()
	var first int64
	sameProductInState := func(s *terraform.State) (int64, error) {
		want := productIDByIdentifier(context.Background(), t, c, "TF-LOST") // exactly one product has it
		got, err := stateID(s, address)
		if err != nil {
			return 0, err
		}
		if got != strconv.FormatInt(want, 10) {
			return 0, fmt.Errorf("state has product %s, the API has product %d", got, want)
		}
		return want, nil
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				PreConfig:   func() { lostAnswers(e, "POST", "/partner/v1/psa/connectwise/products") },
				Config:      config,
				ExpectError: errorPhrases("Unable to create ConnectWise product", `"TF-LOST"`, "may have reached Sophos Central before its answer was lost", "apply takes"),
			},
			{
				PreConfig: func() {
					e.ClearInjected()
					first = productIDByIdentifier(context.Background(), t, c, "TF-LOST") // the lost create committed
					e.ResetCounters()
				},
				Config: config,
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				Check: func(s *terraform.State) error {
					id, err := sameProductInState(s)
					if err == nil && id != first {
						err = fmt.Errorf("state has product %d, want the one the lost create made, %d", id, first)
					}
					if n := e.Counters()[createProductRoute]; err == nil && n != 1 {
						err = fmt.Errorf("want the create sent once (and answered as a repeat), got %d POSTs", n)
					}
					return err
				},
			},
			{Config: testharness.ProviderBlock(e)},
			{
				Config:           config,
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				Check: func(s *terraform.State) error {
					id, err := sameProductInState(s)
					if err == nil && id == first {
						err = fmt.Errorf("want a new product, state has the deleted one, %d", id)
					}
					return err
				},
			},
		},
	})
}

// TestAccConnectWiseProduct_identicalProductMadeElsewhere: a product with the configured
// identifier and exactly the configured content that no create of this configuration made
// (someone added it in the console) does not fail the plan, but the apply refuses to take it
// over, saying so, with the import block.
func TestAccConnectWiseProduct_identicalProductMadeElsewhere(t *testing.T) {
	e := testharness.Emulator(t)
	attrs := adoptedProduct("TF-ELSEWHERE")
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []acc.TestStep{{
			PreConfig: func() {
				_, err := e.Admin().AddProduct(api.PsaConnectwise, emulator.SeedProduct{
					Identifier: "TF-ELSEWHERE", Description: "Adopted after a lost answer", CustomerDescription: "Adopted after a lost answer",
					Subcategory: "Managed Services", Type: "Service", UnitOfMeasure: api.DefaultUnitOfMeasure, ProductClass: string(api.DefaultProductClass),
				})
				if err != nil {
					t.Fatal(err)
				}
			},
			Config: cwProductConfig(e, sophosConnectWiseProductTypeName, "p", attrs).String(),
			ExpectError: errorPattern(`Unable to create ConnectWise product.*HTTP 409.*already uses identifier "TF-ELSEWHERE".*` +
				`Sophos Central did not answer this create as the repeat of an earlier one.*does not take it over.*` +
				`import \{ to = sophos_connectwise_product.<NAME> id = "\d+" \}`),
		}},
	})
}

// TestConnectWiseProductModifyPlan_adoptWarning: a new product whose identifier another
// product has, with exactly the planned content, only warns at plan: apply takes it into
// state if an earlier apply of this configuration created it.
func TestConnectWiseProductModifyPlan_adoptWarning(t *testing.T) {
	e := testharness.Emulator(t)
	if _, err := e.Admin().AddProduct(api.PsaConnectwise, emulator.SeedProduct{
		Identifier: "TF-WARN", Description: "Warned", CustomerDescription: "Warned", Subcategory: "Managed Services", Type: "Service",
		UnitOfMeasure: api.DefaultUnitOfMeasure, ProductClass: string(api.DefaultProductClass),
	}); err != nil {
		t.Fatal(err)
	}
	m := connectWiseProductModel{ID: types.StringNull(), psaProductFields: psaProductFields{
		Identifier: types.StringValue("TF-WARN"), Description: types.StringValue("Warned"), CustomerDescription: types.StringNull(),
		Category: types.StringNull(), Subcategory: types.StringValue("Managed Services"), Type: types.StringValue("Service"),
		ProductClass: types.StringValue(string(api.DefaultProductClass)), UnitOfMeasure: types.StringValue(api.DefaultUnitOfMeasure),
		Price: types.Float64Value(0), Cost: types.Float64Value(0), Taxable: types.BoolValue(false), Inactive: types.BoolValue(false),
		ManufacturerPartNumber: types.StringNull(), VendorSKU: types.StringNull(), IntegrationXRef: types.StringNull(), Notes: types.StringNull(),
	}}
	planned, _ := testharness.PlanResource(serve(t, e), testharness.Plan[connectWiseProductModel]{
		Resource: &connectWiseProductResource{typeName: sophosConnectWiseProductTypeName}, TypeName: sophosConnectWiseProductTypeName, Config: m,
	})
	diags := testharness.Diagnostics(planned.Diagnostics)
	if diags.HasError() {
		t.Fatalf("want no error, got %v", diags)
	}
	want := `already has identifier "TF-WARN" and exactly the content this configuration asks for. If an earlier apply of ` +
		"this configuration that did not finish (its answer was lost, or terraform was stopped) created it, apply takes it into state"
	for _, w := range diags.Warnings() {
		if w.Summary() == adoptSummary && strings.Contains(w.Detail(), want) {
			return
		}
	}
	t.Fatalf("want the adopt warning saying %q, got %v", want, diags.Warnings())
}

// TestAccConnectWiseProduct_changedAfterLostCreate: the create's answer was lost, and between
// the next plan (which says the product will be taken into state) and its apply someone
// changes the product in the console. The product no longer matches the configuration, so
// the apply (whose final plan checks again) refuses to take it over, names it and gives the
// import block; the product is left as the console has it.
func TestAccConnectWiseProduct_changedAfterLostCreate(t *testing.T) {
	e := testharness.Emulator(t)
	c := testharness.Client(t, e, testharness.FastRetries)
	config := oneRetryProvider(e).Resource(sophosConnectWiseProductTypeName, "p", adoptedProduct("TF-CHANGED")).String()
	var id int64
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				PreConfig:   func() { lostAnswers(e, "POST", "/partner/v1/psa/connectwise/products") },
				Config:      config,
				ExpectError: errorPhrases("Unable to create ConnectWise product", `"TF-CHANGED"`),
			},
			{
				PreConfig: func() {
					e.ClearInjected()
					id = productIDByIdentifier(context.Background(), t, c, "TF-CHANGED")
				},
				Config: config,
				ConfigPlanChecks: acc.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{changeOutOfBand(func(context.Context) error {
					return e.Admin().SetProductPrice(api.PsaConnectwise, id, 99, 10)
				})}},
				ExpectError: errorPhrases("ConnectWise product identifier in use", `already uses identifier "TF-CHANGED"`,
					"import {", "to = sophos_connectwise_product.<NAME>", `id = "`),
			},
		},
	})
	p, _, err := c.GetPSAProduct(context.Background(), api.PsaConnectwise, id)
	if err != nil || p.Price != 99 {
		t.Errorf("want the product left as the console changed it (price 99), got %+v, %v", p, err)
	}
}
