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

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// Ownership of a customer mapping: only what this configuration made (within the retries of
// its own write) or what the user imports is in state. See provider_ownership.go.

// TestAccPSACustomerMapping_lostAnswerRetried: the first answer to the create is lost after
// the mapping was written; the client repeats the write with the same Idempotency-Key, the
// API answers it with the first answer, and the apply succeeds with one mapping.
func TestAccPSACustomerMapping_lostAnswerRetried(t *testing.T) {
	e := testharness.Emulator(t)
	const address = "sophos_psa_customer_mapping.m"
	config := oneRetryProvider(e).Resource("sophos_psa_customer_mapping", "m",
		customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, nil)).String()
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{{
			PreConfig: func() {
				e.InjectNext(emulator.InjectedFault{Kind: emulator.FaultResetAfterCommit, Method: "PUT",
					PathPrefix: "/partner/v1/psa/autotask/customer-mappings/", Count: 1})
			},
			Config:           config,
			ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Alpine Dental - Sophos MSP Flex")),
			},
		}},
	})
}

// TestAccPSACustomerMapping_lostAnswersImported: every answer to the create is lost after the
// mapping was written, so the apply fails and state does not have it. The next plan does not
// take it over: it fails, saying who wrote it (this configuration's own API client) and with
// the import block. With the import block the apply takes it into state without a write.
func TestAccPSACustomerMapping_lostAnswersImported(t *testing.T) {
	e := testharness.Emulator(t)
	c := testharness.Client(t, e, testharness.FastRetries)
	const address = "sophos_psa_customer_mapping.m"
	attrs := customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, nil)
	config := oneRetryProvider(e).Resource("sophos_psa_customer_mapping", "m", attrs)
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				PreConfig: func() { lostAnswers(e, "PUT", "/partner/v1/psa/autotask/customer-mappings/") },
				Config:    config.String(),
				ExpectError: errorPhrases("Unable to create PSA customer mapping", seedCustomerAlpine, "may have reached Sophos Central before its answer was lost",
					"not in this state, with the import block"),
			},
			{
				PreConfig: func() {
					e.ClearInjected()
					if m, _, err := c.GetCustomerMapping(context.Background(), api.PsaAutotask, seedCustomerAlpine); err != nil || !m.Mapped {
						t.Fatalf("want the lost create committed, got %+v, %v", m, err)
					}
				},
				Config: config.String(),
				ExpectError: errorPhrases("PSA customer mapping not in this state", `Customer "Alpine Dental Group" (`+seedCustomerAlpine+`) is already mapped in Autotask PSA`,
					"last written by an API client with this provider's client_id (", "this state does not have it",
					"An apply of this configuration with this state stopped after writing it", "terraform plan -json | jq",
					"Another state of this configuration manages it", "do not import it here",
					"import {", "to = sophos_psa_customer_mapping.<NAME>", fmt.Sprintf("id = %q", "autotask/"+seedCustomerAlpine), "}"),
			},
			{
				PreConfig: e.ResetCounters,
				Config:    config.Block("import", testharness.Attrs{"to": testharness.Expr(address), "id": "autotask/" + seedCustomerAlpine}).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{noAPIWrites(e)},
			},
		},
	})
}

// TestAccPSACustomerMapping_consoleMappingNotTaken: the customer is mapped in the console
// exactly as configured. The plan does not take it over (it cannot tell who made it for this
// configuration): it fails naming the console as its writer, with the import block.
func TestAccPSACustomerMapping_consoleMappingNotTaken(t *testing.T) {
	e := testharness.Emulator(t)
	attrs := customerMapping("autotask", seedCustomerBayside, seedATCompanyBayside, seedATContractBayside, true, true)
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			PreConfig: func() {
				setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerBayside, seedATCompanyBayside, seedATContractBayside, true, true)
			},
			Config: testharness.Config(e).Resource("sophos_psa_customer_mapping", "m", attrs).String(),
			ExpectError: errorPhrases("PSA customer mapping not in this state", "Bayside", "usage sync on, ticket sync on",
				"last written by someone in the Sophos Central Partner console", "import {"),
		}},
	})
}

// TestPSACustomerMappingModifyPlan_notInStateExplainedOnce: a plan that finds several
// customers mapped outside this state explains what to do in the first error only; each
// error has its own import block.
func TestPSACustomerMappingModifyPlan_notInStateExplainedOnce(t *testing.T) {
	e := testharness.Emulator(t)
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, false)
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerBayside, seedATCompanyBayside, seedATContractBayside, true, false)
	s := serve(t, e)
	var details []string
	for _, m := range []psaCustomerMappingModel{
		newMapping(api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine),
		newMapping(api.PsaAutotask, seedCustomerBayside, seedATCompanyBayside, seedATContractBayside),
	} {
		planned, _ := testharness.PlanResource(s, testharness.Plan[psaCustomerMappingModel]{Resource: &psaCustomerMappingResource{}, TypeName: customerMappingTypeName, Config: m})
		errs := testharness.Diagnostics(planned.Diagnostics).Errors()
		if len(errs) != 1 || errs[0].Summary() != "PSA customer mapping"+notInStateSuffix {
			t.Fatalf("want one not-in-state error, got %v", errs)
		}
		details = append(details, errs[0].Detail())
	}
	if !strings.Contains(details[0], importRecipe) || strings.Contains(details[1], importRecipe) {
		t.Errorf("want the recipe in the first error only:\n%s\n---\n%s", details[0], details[1])
	}
	for i, id := range []string{seedCustomerAlpine, seedCustomerBayside} {
		if !strings.Contains(details[i], fmt.Sprintf("id = %q", "autotask/"+id)) {
			t.Errorf("error %d lacks its import block:\n%s", i, details[i])
		}
	}
}
