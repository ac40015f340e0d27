package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	tfjson "github.com/hashicorp/terraform-json"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// The billing review of the guide (examples/guides/billing-review/review.tf) is planned
// against the emulator: its check blocks fail on a partner whose billing would miss usage,
// and pass once everything with usage is mapped and synced; the preview output shows what
// the next sync sends.

const reviewGuide = "guides/billing-review/review.tf"

// checkWant is the expected result of a check block: "pass" or "fail" with fragments of
// its message.
type checkWant struct {
	status    tfjson.CheckStatus
	fragments []string
}

// expectChecks is a plan check on the results of the plan's check blocks.
type expectChecks map[string]checkWant

func (c expectChecks) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	got := map[string]tfjson.CheckResultStatic{}
	for _, r := range req.Plan.Checks {
		if r.Address.Kind == tfjson.CheckKindCheckBlock {
			got[r.Address.Name] = r
		}
	}
	var problems []string
	for name, want := range c {
		r, ok := got[name]
		if !ok {
			problems = append(problems, fmt.Sprintf("check %q is not in the plan", name))
			continue
		}
		var messages []string
		for _, in := range r.Instances {
			for _, p := range in.Problems {
				messages = append(messages, p.Message)
			}
		}
		msg := strings.Join(messages, "\n")
		if r.Status != want.status {
			problems = append(problems, fmt.Sprintf("check %q is %s, want %s: %s", name, r.Status, want.status, msg))
		}
		for _, f := range want.fragments {
			if !strings.Contains(msg, f) {
				problems = append(problems, fmt.Sprintf("check %q: message %q lacks %q", name, msg, f))
			}
		}
	}
	if len(problems) > 0 {
		resp.Error = fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
}

// TestAccBillingReviewGuide_failing plans the review on the default seed's partner, whose
// billing misses usage in every way the review looks for.
func TestAccBillingReviewGuide_failing(t *testing.T) {
	e := testharness.Emulator(t)
	adm := e.Admin()
	// Alpine is synced, but Email Advanced and Phish Threat are not mapped; Lakeview's
	// contract is inactive, so its sync fails; ConnectWise's credentials are refused.
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, false)
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, "7c62543e-dd0a-4b1b-9e5a-e262232ca62b", 29682009, 29684008, true, false)
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerBayside, seedATCompanyBayside, seedATContractBayside, false, true)
	if err := adm.SetProductMapping(api.PsaAutotask, "Sophos_Intercept_X_Advanced", 29680001, true); err != nil {
		t.Fatal(err)
	}
	if err := adm.SetProductMapping(api.PsaAutotask, "Sophos_MDR_Complete", seedATMDRComplete, false); err != nil {
		t.Fatal(err)
	}
	if _, err := adm.SyncUsage(api.PsaAutotask); err != nil {
		t.Fatal(err)
	}
	if err := adm.RemovePSAAPIUser(api.PsaConnectwise, seedCWPublic); err != nil {
		t.Fatal(err)
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config: exampleConfig(t, e, reviewGuide),
			ConfigPlanChecks: acc.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{expectChecks{
				"usage_has_a_product_mapping": {tfjson.CheckStatusFail, []string{
					"Sophos_Email_Advanced: not mapped to a product of autotask",
					"XGS1XSPMSP (Sophos Firewall Xstream Protection (MSP Flex)): the PSA integration has no product for it",
				}},
				"usage_customers_are_synced": {tfjson.CheckStatusFail, []string{"Bayside Legal LLP (" + seedCustomerBayside + "): usage sync is off",
					"Harborline Logistics (" + seedCustomerHarborline + "): not mapped"}},
				"last_syncs_succeeded":       {tfjson.CheckStatusFail, []string{"Lakeview Family Medicine (7c62543e-dd0a-4b1b-9e5a-e262232ca62b, autotask): ", "inactive"}},
				"integrations_are_connected": {tfjson.CheckStatusFail, []string{"ConnectWise PSA: ConnectWise answered 401 Unauthorized"}},
			}}},
			ConfigStateChecks: []statecheck.StateCheck{
				// Alpine's Intercept X Advanced is the one line the next sync sends; Lakeview's
				// contract is inactive, so nothing goes there (the check above says why).
				statecheck.ExpectKnownOutputValue("next_sync_preview", knownvalue.MapExact(map[string]knownvalue.Check{
					"autotask/" + seedCustomerAlpine: knownvalue.ObjectExact(map[string]knownvalue.Check{
						"customer":    knownvalue.StringExact("Alpine Dental Group"),
						"psa_company": knownvalue.StringExact("Alpine Dental Group"),
						"contract":    knownvalue.StringExact("Alpine Dental - Sophos MSP Flex"),
						"lines": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
							"psa_product": knownvalue.StringExact("Sophos Intercept X Advanced"), "quantity": knownvalue.Float64Exact(42), "price": knownvalue.Null(),
						})}),
					}),
				})),
			},
		}},
	})
}

// reviewSeed is the default seed with the usage of two customers only.
func reviewSeed() *emulator.Seed {
	s := emulator.DefaultSeed()
	s.Partners[0].BillingUsage.Lines = []emulator.SeedBillingLine{
		{CustomerID: seedCustomerAlpine, ProductCode: "CIXA1CSAA", Quantity: 42},
		{CustomerID: seedCustomerAlpine, ProductCode: "CIXA1CSAA", Quantity: 3},
		{CustomerID: seedCustomerAlpine, ProductCode: "CEMA1CSAA", Quantity: 38},
		{CustomerID: seedCustomerCedarRidge, ProductCode: "CIXA1CSAA", Quantity: 18},
	}
	return s
}

// TestAccBillingReviewGuide_passing plans the review for an MSP that bills through both
// PSAs: Alpine's usage goes to Autotask, Cedar Ridge's to ConnectWise. Every connected PSA is
// reviewed together, so neither customer is reported as unsynced because the other PSA
// does not map it, and the preview, keyed by PSA and customer id, shows both (ConnectWise
// with prices).
func TestAccBillingReviewGuide_passing(t *testing.T) {
	e, err := emulator.Start(context.Background(), emulator.Options{Seed: reviewSeed()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	adm := e.Admin()
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, false)
	setCustomerMappingOutOfBand(t, e, api.PsaConnectwise, seedCustomerCedarRidge, seedCWCompanyCedarRidge, seedCWAgreementCedarRidge, true, false)
	for _, m := range []struct {
		psa     api.Psa
		product string
		id      int64
	}{
		{api.PsaAutotask, "Sophos_Intercept_X_Advanced", 29680001}, {api.PsaAutotask, "Sophos_Email_Advanced", 29680005},
		{api.PsaConnectwise, "Sophos_Intercept_X_Advanced", seedCWIXA}, {api.PsaConnectwise, "Sophos_Email_Advanced", 106},
	} {
		if err := adm.SetProductMapping(m.psa, m.product, m.id, true); err != nil {
			t.Fatal(err)
		}
	}
	for _, psa := range api.PSAs() {
		if _, err := adm.SyncUsage(psa); err != nil {
			t.Fatal(err)
		}
	}
	line := func(product string, quantity float64, price knownvalue.Check) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{"psa_product": knownvalue.StringExact(product), "quantity": knownvalue.Float64Exact(quantity), "price": price})
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config: exampleConfig(t, e, reviewGuide),
			ConfigPlanChecks: acc.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{expectChecks{
				"usage_has_a_product_mapping": {status: tfjson.CheckStatusPass}, "usage_customers_are_synced": {status: tfjson.CheckStatusPass},
				"last_syncs_succeeded": {status: tfjson.CheckStatusPass}, "integrations_are_connected": {status: tfjson.CheckStatusPass},
			}}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("next_sync_preview", knownvalue.MapExact(map[string]knownvalue.Check{
					"autotask/" + seedCustomerAlpine: knownvalue.ObjectExact(map[string]knownvalue.Check{
						"customer": knownvalue.StringExact("Alpine Dental Group"), "psa_company": knownvalue.StringExact("Alpine Dental Group"),
						"contract": knownvalue.StringExact("Alpine Dental - Sophos MSP Flex"),
						"lines": knownvalue.SetExact([]knownvalue.Check{
							line("Sophos Intercept X Advanced", 45, knownvalue.Null()), line("Sophos Central Email Advanced", 38, knownvalue.Null()),
						}),
					}),
					"connectwise/" + seedCustomerCedarRidge: knownvalue.ObjectExact(map[string]knownvalue.Check{
						"customer": knownvalue.StringExact("Cedar Ridge Veterinary Clinic"), "psa_company": knownvalue.StringExact("Cedar Ridge Veterinary Clinic"),
						"contract": knownvalue.StringExact("Cedar Ridge Vet - Managed Security"),
						"lines":    knownvalue.ListExact([]knownvalue.Check{line("Sophos Intercept X Advanced", 18, knownvalue.Float64Exact(4.5))}),
					}),
				})),
			},
		}},
	})
}
