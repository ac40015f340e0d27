package provider

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccConnectWiseProduct_identifierInUse: an identifier another product has (ignoring
// case, inactive products included) fails the plan on identifier, naming that product and
// how to import it; the product's own identifier in another case does not. One taken
// between plan and apply is caught by the final plan Terraform makes during apply, before
// anything is written.
func TestAccConnectWiseProduct_identifierInUse(t *testing.T) {
	e := testharness.Emulator(t)
	const address = "connectwise_product.p"
	product := func(identifier string) string {
		return cwProductConfig(e, connectWiseProductTypeName, "p", testharness.Attrs{
			"identifier":  identifier,
			"description": "Identifier test",
			"subcategory": "Endpoint Security",
			"type":        "Software License",
		}).String()
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:   product("SOPHOS-CIX-EP"),
				PlanOnly: true,
				ExpectError: errorPhrases("ConnectWise product identifier in use", `ConnectWise product 101 already uses identifier "SOPHOS-CIX-EP"`,
					"import {", "to = connectwise_product.<NAME>", `id = "101"`),
			},
			{
				Config:      product("sophos-ep-legacy"),
				PlanOnly:    true,
				ExpectError: errorPhrases("ConnectWise product identifier in use", `ConnectWise product 110 already uses identifier "SOPHOS-EP-LEGACY"`),
			},
			{
				Config:           product("TF-OWN"),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			// Its own identifier in another case is no conflict.
			{
				Config: product("tf-own"),
				ConfigPlanChecks: acc.ConfigPlanChecks{
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
				ConfigPlanChecks: acc.ConfigPlanChecks{
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
				ExpectError: errorPhrases("ConnectWise product identifier in use", `already uses identifier "TF-RACED"`, "to = connectwise_product.<NAME>"),
			},
		},
	})
}

// TestConnectWiseProductConflictAdvice: a 409 from a write (the identifier was taken after
// the final plan) names the product that has the identifier, excluding the product itself.
func TestConnectWiseProductConflictAdvice(t *testing.T) {
	ctx := context.Background()
	e := testharness.Emulator(t)
	r := &connectWiseProductResource{typeName: sophosConnectWiseProductTypeName}
	r.client = testharness.Client(t, e, testharness.FastRetries)
	r.providerData = *newProviderData(r.client, nil)
	conflict := &client.APIError{StatusCode: http.StatusConflict, Code: "Conflict"}

	got := r.conflictAdvice(ctx, conflict, "sophos-cix-ep", "")
	for _, want := range []string{`ConnectWise product 101 already uses identifier "SOPHOS-CIX-EP"`, "to = sophos_connectwise_product.<NAME>", `id = "101"`, "Terraform cannot tell it made that product"} {
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

// TestAccConnectWiseProduct_referenceData: names that are not in the ConnectWise reference
// data fail at plan time with the valid names.
func TestAccConnectWiseProduct_referenceData(t *testing.T) {
	e := testharness.Emulator(t)
	product := func(extra testharness.Attrs) string {
		return cwProductConfig(e, sophosConnectWiseProductTypeName, "ref", testharness.Attrs{
			"identifier":  "TF-REF",
			"description": "Reference data",
			"type":        "Service",
		}.With(extra)).String()
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				Config:      product(testharness.Attrs{"subcategory": "Antivirus"}),
				PlanOnly:    true,
				ExpectError: errorPattern(`Invalid ConnectWise product subcategory.*"Antivirus" is not a ConnectWise product subcategory.*"Endpoint Security"`),
			},
			{
				Config:      product(testharness.Attrs{"subcategory": "Managed Services", "unit_of_measure": "each"}),
				PlanOnly:    true,
				ExpectError: errorPattern(`Invalid ConnectWise product unit_of_measure.*did you mean "Each"`),
			},
		},
	})
}

func TestCheckReferenceWantsConnectWiseSpelling(t *testing.T) {
	name := func(s string) *string { return &s }
	ref := &api.CatalogReference{UnitsOfMeasure: []api.Reference{{Id: new(int64), Name: name("Each")}, {Name: name("Device")}}}
	var diags diag.Diagnostics
	if ok := checkReference("unit_of_measure", rules.RefUnitOfMeasure, types.StringValue("Each"), ref, &diags); !ok || diags.HasError() {
		t.Errorf("Each is valid, got %v", diags)
	}
	if ok := checkReference("unit_of_measure", rules.RefUnitOfMeasure, types.StringValue("each"), ref, &diags); ok || !strings.Contains(diags[0].Detail(), `did you mean "Each"`) {
		t.Errorf("want a case hint, got %v", diags)
	}
}
