package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// The onboarding guide (templates/guides/onboarding.md.tmpl): an MSP whose console is set up
// brings it under Terraform without a single API write, with `import` blocks repeated over
// a data source (Terraform 1.7+) or with `terraform query -generate-config-out` (1.14+).

// mapInConsole sets up what the onboarding examples find: three Autotask customers (one with
// usage sync to a contract, one term-billed with tickets only, one with an expired
// contract), and on ConnectWise one customer, one product mapping and its product.
func mapInConsole(t *testing.T, e *emulator.Emulator) {
	t.Helper()
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, true)
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerGreenfield, seedATCompanyGreenfield, 0, false, true)
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerTidewater, seedATCompanyTidewater, seedATContractTidewaterExpired, true, false)
	setCustomerMappingOutOfBand(t, e, api.PsaConnectwise, seedCustomerCedarRidge, seedCWCompanyCedarRidge, seedCWAgreementCedarRidge, true, false)
	if err := e.Admin().SetProductMapping(api.PsaConnectwise, "Sophos_Intercept_X_Advanced", seedCWIXA, true); err != nil {
		t.Fatalf("mapping the product in the console: %v", err)
	}
}

// TestAccOnboarding_importForEach applies the guide's import-for-each.tf: every customer
// mapped to Autotask is imported, the apply makes no API write, and the next plan is empty.
// It needs nothing newer than Terraform 1.7, so it runs on every engine CI has. It drives
// the engine itself: terraform-plugin-testing cannot read state with for_each string keys.
func TestAccOnboarding_importForEach(t *testing.T) {
	t.Parallel()
	engine := newCLIEngine(t, "1.7.0")
	e := testharness.Emulator(t)
	mapInConsole(t, e)
	engine.Write("main.tf", exampleConfig(t, e, "guides/onboarding/import-for-each.tf"))
	engine.MustRun("init", "-input=false", "-no-color")

	e.ResetCounters()
	out := engine.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Resources: 3 imported, 0 added, 0 changed, 0 destroyed") {
		t.Errorf("want the 3 mapped customers imported and nothing else:\n%s", out)
	}
	if n := writesTo(e); n != 0 {
		t.Errorf("the apply made %d API writes, want none (%v)", n, e.Counters())
	}
	if out, code := engine.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Errorf("the plan after the import is not empty (exit %d):\n%s", code, out)
	}
	state := engine.MustRun("state", "show", "-no-color", fmt.Sprintf("sophos_psa_customer_mapping.autotask[%q]", seedCustomerTidewater))
	if !strings.Contains(state, fmt.Sprint(seedATContractTidewaterExpired)) {
		t.Errorf("Tidewater's state does not hold its expired contract:\n%s", state)
	}

	engine.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	c := testharness.Client(t, e, testharness.FastRetries)
	for _, id := range []string{seedCustomerAlpine, seedCustomerGreenfield, seedCustomerTidewater} {
		if err := checkCustomerUnmapped(c, api.PsaAutotask, id); err != nil {
			t.Errorf("after destroy: %v", err)
		}
	}
}

// TestAccOnboarding_query lists what the guide's onboarding.tfquery.hcl lists, with the
// identities that its import blocks would name (Terraform 1.14+).
func TestAccOnboarding_query(t *testing.T) {
	e := testharness.Emulator(t)
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{testharness.EngineHas(testharness.FeatureQuery)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				PreConfig: func() { mapInConsole(t, e) },
				Config:    testharness.ProviderBlock(e),
			},
			{
				// The query step keeps the previous step's configuration (its provider block) and
				// adds this one as a .tfquery.hcl file: a second provider block would be a
				// duplicate.
				Query:  true,
				Config: exampleFile(t, "guides/onboarding/onboarding.tfquery.hcl"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("sophos_psa_customer_mapping.connectwise", 1),
					querycheck.ExpectIdentity("sophos_psa_customer_mapping.connectwise", map[string]knownvalue.Check{
						"psa": knownvalue.StringExact("connectwise"), "customer_id": knownvalue.StringExact(seedCustomerCedarRidge),
					}),
					querycheck.ExpectLength("sophos_psa_product_mapping.connectwise", 1),
					querycheck.ExpectIdentity("sophos_psa_product_mapping.connectwise", map[string]knownvalue.Check{
						"psa": knownvalue.StringExact("connectwise"), "sophos_product": knownvalue.StringExact("Sophos_Intercept_X_Advanced"),
					}),
					querycheck.ExpectLength("sophos_connectwise_product.mapped", 1),
					querycheck.ExpectIdentity("sophos_connectwise_product.mapped", map[string]knownvalue.Check{
						"id": knownvalue.Int64Exact(seedCWIXA),
					}),
				},
			},
		},
	})
}

// TestAccOnboarding_generateConfig runs the guide's flow with the engine itself: terraform
// query -generate-config-out writes resource and import blocks for what the console has,
// the apply imports them with no API write, and the next plan has no changes (Terraform
// 1.14+; terraform-plugin-testing has no step for -generate-config-out).
func TestAccOnboarding_generateConfig(t *testing.T) {
	t.Parallel()
	engine := newCLIEngine(t, "1.14.0", testharness.FeatureQuery)
	e := testharness.Emulator(t)
	mapInConsole(t, e)
	// The generated mapping names its product by a literal id, so the destroy deletes both at
	// once; the proxy makes the product's delete land first every time (it must still work).
	proxy := startProductFirstProxy(t, e)
	engine.Write("main.tf", providerBlockVia(e, proxy.url))
	engine.Write("onboarding.tfquery.hcl", exampleFile(t, "guides/onboarding/onboarding.tfquery.hcl"))
	engine.MustRun("init", "-input=false", "-no-color")
	engine.MustRun("query", "-generate-config-out=generated.tf", "-no-color")

	generated := engine.Read("generated.tf")
	for _, want := range []string{`resource "sophos_psa_customer_mapping"`, `resource "sophos_psa_product_mapping"`, `resource "sophos_connectwise_product"`, "identity", seedCustomerCedarRidge} {
		if !strings.Contains(generated, want) {
			t.Errorf("generated.tf does not contain %q:\n%s", want, generated)
		}
	}
	if n := strings.Count(generated, "import {"); n != 3 {
		t.Errorf("generated.tf has %d import blocks, want 3:\n%s", n, generated)
	}

	e.ResetCounters()
	out := engine.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "3 imported") {
		t.Errorf("apply did not import the 3 objects:\n%s", out)
	}
	if n := writesTo(e); n != 0 {
		t.Errorf("the apply made %d API writes, want none (%v)", n, e.Counters())
	}
	if out, code := engine.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Errorf("the plan after the import is not empty (exit %d):\n%s", code, out)
	}
	engine.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	if proxy.refused.Load() == 0 {
		t.Error("the product's delete was never refused: the destroy did not exercise the order it is for")
	}
	c := testharness.Client(t, e, testharness.FastRetries)
	if err := checkCustomerUnmapped(c, api.PsaConnectwise, seedCustomerCedarRidge); err != nil {
		t.Errorf("after destroy: %v", err)
	}
	// The seed's agreement additions bill the product, so ConnectWise keeps it: the destroy
	// retires it (inactive) instead of deleting it.
	if p, _, err := c.GetPSAProduct(context.Background(), api.PsaConnectwise, seedCWIXA); err != nil || !p.InactiveFlag {
		t.Errorf("after destroy, product %d: %+v, %v; want it kept, retired (inactive), as additions bill it", seedCWIXA, p, err)
	}
}

// TestAccCLIHarness proves the harness of TestAccOnboarding_generateConfig on any engine:
// the served provider answers init, apply and a plan with no changes.
func TestAccCLIHarness(t *testing.T) {
	t.Parallel()
	engine := newCLIEngine(t, "1.0.0")
	e := testharness.Emulator(t)
	engine.Write("main.tf", testharness.ProviderBlock(e)+exampleFile(t, "data-sources/sophos_psa_products/data-source.tf"))
	engine.MustRun("init", "-input=false", "-no-color")
	engine.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if out, code := engine.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Errorf("plan after apply (exit %d):\n%s", code, out)
	}
}
