package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPSAProductMapping_adoptAfterLostAnswer: every answer to the create is lost after
// the mapping was written; the next apply takes it into state without a write and the plan
// after it is empty. A terraform stopped mid-apply leaves the same (written here out of
// band, exactly as configured), and is adopted the same way; mapped otherwise, the error
// gives the import block.
func TestAccPSAProductMapping_adoptAfterLostAnswer(t *testing.T) {
	e := testharness.Emulator(t)
	const address = "sophos_psa_product_mapping.ixa"
	config := oneRetryProvider(e).Resource("sophos_psa_product_mapping", "ixa", productMapping("connectwise", "Sophos_Intercept_X_Advanced", seedCWIXA)).String()
	killed := oneRetryProvider(e).Resource("sophos_psa_product_mapping", "ep", productMapping("connectwise", "Sophos_Endpoint_Protection", seedCWEndpoint)).String()
	adopted := acc.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
		PostApplyPostRefresh: emptyPlanAfterApply,
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckProductMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				PreConfig:   func() { lostAnswers(e, "PUT", "/partner/v1/psa/connectwise/product-mappings/") },
				Config:      config,
				ExpectError: errorPhrases("Unable to create PSA product mapping", `Sophos product "Sophos_Intercept_X_Advanced"`, "may have reached Sophos Central before its answer was lost"),
			},
			{
				PreConfig: func() {
					e.ClearInjected()
					e.ResetCounters()
				},
				Config:           config,
				ConfigPlanChecks: adopted,
				ConfigStateChecks: []statecheck.StateCheck{
					noAPIWrites(e),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("psa_product_name"), knownvalue.StringExact("Sophos Intercept X Advanced")),
				},
			},
			{
				PreConfig: func() {
					if err := e.Admin().SetProductMapping(api.PsaConnectwise, "Sophos_Endpoint_Protection", seedCWEndpoint, true); err != nil {
						t.Fatal(err)
					}
					e.ResetCounters()
				},
				Config: killed,
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("sophos_psa_product_mapping.ep", plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				// Only the destroy of the first mapping writes.
				ConfigStateChecks: []statecheck.StateCheck{apiStateCheck(func(context.Context) error {
					if n := e.Counters()["PUT /partner/v1/psa/{psa}/product-mappings/{sophosProduct}"]; n != 0 {
						t.Errorf("want no mapping written, got %d PUTs", n)
					}
					return nil
				})},
			},
			{Config: testharness.ProviderBlock(e)},
			{
				PreConfig: func() {
					if err := e.Admin().SetProductMapping(api.PsaConnectwise, "Sophos_Intercept_X_Advanced", seedCWIXAXDR, true); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ExpectError: errorPhrases("Already mapped outside Terraform", `to PSA product 103 ("SOPHOS-CIX-ADV-XDR"), sync on, not to PSA product 102, sync on`,
					"an earlier apply of this configuration that did not finish", "import {", "to = sophos_psa_product_mapping.<NAME>",
					`id = "connectwise/Sophos_Intercept_X_Advanced"`),
			},
		},
	})
}

// TestPSAProductMappingModifyPlan_adoptWarning: planning a mapping the Sophos product already
// has warns on sophos_product that apply takes it into state; with psa_product_id not known
// yet, that apply does if it turns out the same.
func TestPSAProductMappingModifyPlan_adoptWarning(t *testing.T) {
	e := testharness.Emulator(t)
	if err := e.Admin().SetProductMapping(api.PsaConnectwise, "Sophos_Intercept_X_Advanced", seedCWIXA, true); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		productID types.Int64
		want      string
	}{
		{"same", types.Int64Value(seedCWIXA), `to PSA product 102 ("SOPHOS-CIX-ADV"), sync on, exactly as this configuration asks. Apply takes this mapping into state without writing it`},
		{"unknown", types.Int64Unknown(), "If that is what this configuration asks for once psa_product_id and sync_enabled are known, apply takes the mapping into state"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := psaProductMappingModel{ID: types.StringNull(), PSA: types.StringValue("connectwise"), productMappingFields: productMappingFields{
				SophosProduct: types.StringValue("Sophos_Intercept_X_Advanced"), SophosProductName: types.StringNull(),
				PSAProductID: tc.productID, PSAProductName: types.StringNull(), SyncEnabled: types.BoolValue(true),
			}}
			planned, _ := testharness.PlanResource(serve(t, e), testharness.Plan[psaProductMappingModel]{
				Resource: &psaProductMappingResource{}, TypeName: "sophos_psa_product_mapping", Config: m,
			})
			diags := testharness.Diagnostics(planned.Diagnostics)
			if diags.HasError() {
				t.Fatalf("want no error, got %v", diags)
			}
			for _, w := range diags.Warnings() {
				if w.Summary() == adoptSummary && strings.Contains(w.Detail(), tc.want) {
					return
				}
			}
			t.Fatalf("want the adopt warning saying %q, got %v", tc.want, diags.Warnings())
		})
	}
}
