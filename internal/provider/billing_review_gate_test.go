package provider

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccBillingReviewGuide_gateOnTheChange: the review as the CI gate of a pull request.
// On its own it judges what Sophos Central holds: Cedar Ridge has usage and is not mapped,
// so its check fails. Called as a module beside the mappings, with the pull request's
// mappings passed in as the guide shows, it judges the state after the change: the pull
// request that maps Cedar Ridge (and its product) passes the gate it would otherwise fail,
// and the preview already shows what the next sync sends.
func TestAccBillingReviewGuide_gateOnTheChange(t *testing.T) {
	engine := newCLIEngine(t, "1.5.0")
	e, err := emulator.Start(context.Background(), emulator.Options{Seed: reviewSeed()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, false)
	for product, id := range map[string]int64{"Sophos_Intercept_X_Advanced": 29680001, "Sophos_Email_Advanced": 29680005} {
		if err := e.Admin().SetProductMapping(api.PsaAutotask, product, id, true); err != nil {
			t.Fatal(err)
		}
	}
	review, err := os.ReadFile(filepath.Join("..", "..", "examples", reviewGuide))
	if err != nil {
		t.Fatal(err)
	}
	checks := func(name string) map[string]string {
		engine.MustRun("plan", "-input=false", "-no-color", "-out="+name)
		var plan struct {
			Checks []struct {
				Address struct {
					Kind, Name string
				}
				Status string
			}
			PlannedValues struct {
				Outputs map[string]struct{ Value json.RawMessage }
			} `json:"planned_values"`
		}
		if err := json.Unmarshal([]byte(engine.Stdout("show", "-json", name)), &plan); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{"preview": string(plan.PlannedValues.Outputs["next_sync_preview"].Value)}
		for _, c := range plan.Checks {
			if c.Address.Kind == "check" {
				got[c.Address.Name] = c.Status
			}
		}
		return got
	}

	// On its own, after the last apply: Cedar Ridge is not synced.
	engine.Write("review.tf", string(review))
	engine.Write("provider.tf", testharness.ProviderBlock(e))
	engine.Write("versions.tf", testharness.RequiredProviders)
	engine.MustRun("init", "-input=false", "-no-color")
	if got := checks("alone.tfplan"); got["usage_customers_are_synced"] != "fail" {
		t.Fatalf("the review on its own: want usage_customers_are_synced to fail, got %v", got)
	}

	// Beside the pull request's mappings, as a module that is passed them.
	engine.Write("review.tf", "")
	if err := os.MkdirAll(filepath.Join(engine.Dir(), "billing-review"), 0o750); err != nil {
		t.Fatal(err)
	}
	engine.Write("billing-review/review.tf", string(review))
	engine.Write("billing-review/versions.tf", testharness.RequiredProviders)
	engine.Write("main.tf", testharness.NewConfig().
		Resource("sophos_psa_customer_mapping", "cedar_ridge", customerMapping("connectwise", seedCustomerCedarRidge, seedCWCompanyCedarRidge, seedCWAgreementCedarRidge, true, nil)).
		Resource("sophos_psa_product_mapping", "ixa", productMapping("connectwise", "Sophos_Intercept_X_Advanced", int64(seedCWIXA))).
		Raw(`module "billing_review" {
  source                    = "./billing-review"
  planned_customer_mappings = [sophos_psa_customer_mapping.cedar_ridge]
  planned_product_mappings  = [sophos_psa_product_mapping.ixa]
}

output "next_sync_preview" {
  value = module.billing_review.next_sync_preview
}
`).String())
	engine.MustRun("init", "-input=false", "-no-color")
	got := checks("change.tfplan")
	for _, name := range []string{"usage_has_a_product_mapping", "usage_customers_are_synced", "last_syncs_succeeded", "integrations_are_connected"} {
		if got[name] != "pass" {
			t.Errorf("check %s of the change that maps Cedar Ridge: %s, want pass (all: %v)", name, got[name], got)
		}
	}
	if !strings.Contains(got["preview"], `"connectwise/`+seedCustomerCedarRidge+`"`) || !strings.Contains(got["preview"], "Cedar Ridge Vet - Managed Security") {
		t.Errorf("the preview of the change lacks Cedar Ridge's ConnectWise lines: %s", got["preview"])
	}
}
