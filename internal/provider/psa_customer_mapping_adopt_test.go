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
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPSACustomerMapping_adoptAfterLostAnswer: every answer to the create is lost after
// the mapping was written, so the apply fails and state does not have it. The next apply
// takes the mapping into state without a write, and the plan after it is empty. A mapping
// that differs from the configuration is not taken over: the error gives the import block.
func TestAccPSACustomerMapping_adoptAfterLostAnswer(t *testing.T) {
	e := testharness.Emulator(t)
	c := testharness.Client(t, e, testharness.FastRetries)
	const address = "sophos_psa_customer_mapping.m"
	config := oneRetryProvider(e).Resource("sophos_psa_customer_mapping", "m",
		customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, nil)).String()
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				PreConfig:   func() { lostAnswers(e, "PUT", "/partner/v1/psa/autotask/customer-mappings/") },
				Config:      config,
				ExpectError: errorPhrases("Unable to create PSA customer mapping", seedCustomerAlpine, "may have reached Sophos Central before its answer was lost"),
			},
			{
				PreConfig: func() {
					e.ClearInjected()
					if m, _, err := c.GetCustomerMapping(context.Background(), api.PsaAutotask, seedCustomerAlpine); err != nil || !m.Mapped {
						t.Fatalf("want the lost create committed, got %+v, %v", m, err)
					}
					e.ResetCounters()
				},
				Config: config,
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					noAPIWrites(e),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("customer_name"), knownvalue.StringExact("Alpine Dental Group")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Alpine Dental - Sophos MSP Flex")),
				},
			},
			// Mapped otherwise than configured (ticket sync on): not taken over.
			{Config: testharness.ProviderBlock(e)},
			{
				PreConfig: func() {
					setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, true)
				},
				Config: config,
				ExpectError: errorPhrases("Already mapped outside Terraform", "usage sync on, ticket sync on, not to company 29682002",
					"or an earlier apply of this configuration that did not finish (its answer was lost, or terraform was stopped) made it",
					"import {", "to = sophos_psa_customer_mapping.<NAME>", fmt.Sprintf("id = %q", "autotask/"+seedCustomerAlpine), "}"),
			},
		},
	})
}

// TestAccPSACustomerMapping_adoptAfterKilledApply: a terraform stopped after the write and
// before state was saved leaves the mapping without state; so does someone mapping the
// customer in the console exactly as configured. The plan warns that apply takes it into
// state, and the apply writes nothing.
func TestAccPSACustomerMapping_adoptAfterKilledApply(t *testing.T) {
	e := testharness.Emulator(t)
	const address = "sophos_psa_customer_mapping.m"
	attrs := customerMapping("autotask", seedCustomerBayside, seedATCompanyBayside, seedATContractBayside, true, true)
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{{
			PreConfig: func() {
				setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerBayside, seedATCompanyBayside, seedATContractBayside, true, true)
				e.ResetCounters()
			},
			Config: testharness.Config(e).Resource("sophos_psa_customer_mapping", "m", attrs).String(),
			ConfigPlanChecks: acc.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
				PostApplyPostRefresh: emptyPlanAfterApply,
			},
			ConfigStateChecks: []statecheck.StateCheck{noAPIWrites(e)},
		}},
	})
}

// TestPSACustomerMappingModifyPlan_adoptWarning: planning a mapping the customer already
// has warns on customer_id that apply takes it into state without a write, and why.
func TestPSACustomerMappingModifyPlan_adoptWarning(t *testing.T) {
	e := testharness.Emulator(t)
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, false)
	ws := planNewCustomerMapping(t, serve(t, e), newMapping(api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine))
	want := []string{"Existing object will be taken into state: ", `Customer "Alpine Dental Group" (` + seedCustomerAlpine + `) is already mapped in Autotask PSA`,
		`contract 29684001 ("Alpine Dental - Sophos MSP Flex"), usage sync on, ticket sync off, exactly as this configuration asks`,
		"Apply takes this mapping into state without writing it: an earlier apply of this configuration that did not finish",
		"or someone made the same mapping in Sophos Central Partner"}
	for _, w := range ws {
		if strings.HasPrefix(w, want[0]) {
			for _, phrase := range want[1:] {
				if !strings.Contains(w, phrase) {
					t.Errorf("warning does not say %q:\n%s", phrase, w)
				}
			}
			return
		}
	}
	t.Fatalf("want the adopt warning, got %v", ws)
}
