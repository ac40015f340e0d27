package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPSACustomerMapping_planTimeErrors proves every rule fails at plan time, before
// anything is written, with a message naming the attribute, the value and the fix.
func TestAccPSACustomerMapping_planTimeErrors(t *testing.T) {
	e := testharness.Emulator(t)
	at := func(customerID string, companyID, contractID int64, usage any) string {
		return testharness.Config(e).Resource("sophos_psa_customer_mapping", "m", customerMapping("autotask", customerID, companyID, contractID, usage, nil)).String()
	}
	planFails := func(config string, want *regexp.Regexp) acc.TestStep {
		return acc.TestStep{Config: config, PlanOnly: true, ExpectError: want}
	}

	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			planFails(at(seedCustomerAlpine, seedATCompanyAlpine, 0, true),
				errorPhrases("Usage sync needs a contract", "Sophos syncs a customer's usage to one Autotask contract", "Set contract_id", "usage_sync_enabled = false")),
			planFails(at("29946c86-not-a-uuid", seedATCompanyAlpine, seedATContractAlpine, true),
				errorPhrases("customer_id must be a UUID", "got: 29946c86-not-a-uuid")),
			planFails(testharness.Config(e).Resource("sophos_psa_customer_mapping", "m", customerMapping("halopsa", seedCustomerAlpine, seedATCompanyAlpine, 0, nil, true)).String(),
				errorPhrases("psa", "must be one of", `"halopsa"`)),
			planFails(at(seedCustomerAlpine, 0, 0, nil),
				errorPhrases("company_id", "must be at least 1")),
			planFails(at(seedCustomerNorthgate, seedATCompanyNorthgate, seedATContractNorthgateCanceled, true),
				errorPhrases("Contract not found or cancelled", "Autotask PSA has no contract 29684012, or it was cancelled",
					"sophos_psa_contracts data source", "company_id = 29682011", "29684010")),
			planFails(at(seedCustomerAlpine, seedATCompanyAlpine, seedATContractBayside, true),
				errorPhrases("Contract belongs to another company", `Contract 29684002 ("Bayside Legal - Sophos MSP Flex") belongs to company 29682003 ("Bayside Legal LLP"), not to company 29682002`, "Set contract_id to a contract of company 29682002", "or set company_id = 29682003")),
			planFails(at(seedCustomerGreenfield, seedATCompanyGreenfield, seedATContractGreenfield, true),
				errorPhrases("Usage sync not available for this customer", `Greenfield Manufacturing" (9fec0185-9c96-4afa-a85a-88f670b3f6eb) is term-billed`, "usage_sync_enabled = false")),
			planFails(at("00000000-0000-4000-8000-000000000001", seedATCompanyAlpine, 0, nil),
				errorPhrases("Sophos customer not found", "00000000-0000-4000-8000-000000000001", "sophos_customers")),
			// A contract of the other PSA is named as such, not "no contract 504".
			planFails(at(seedCustomerAlpine, seedATCompanyAlpine, seedCWAgreementCedarRidge, true),
				errorPhrases("Contract not found or cancelled", `Agreement 504 ("Cedar Ridge Vet - Managed Security") is a ConnectWise agreement, not an Autotask one`)),
			planFails(at(seedCustomerAlpine, seedCWCompanyCedarRidge, 0, nil),
				errorPhrases("PSA company not found", `Company 253 ("Cedar Ridge Veterinary Clinic") is a ConnectWise company, not an Autotask one`)),
			planFails(at(seedCustomerAlpine, 99999, 0, nil),
				errorPhrases("PSA company not found", "Autotask PSA has no company 99999", "sophos_psa_companies")),
			// A customer mapped in the console is not taken over: import it (see the
			// ownership tests).
			{
				PreConfig: func() {
					setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerHarborline, seedATCompanyHarborline, seedATContractHarborline, true, true)
				},
				Config:   at(seedCustomerHarborline, seedATCompanyHarborline, seedATContractHarborline, true),
				PlanOnly: true,
				ExpectError: errorPhrases("PSA customer mapping not in this state", "Harborline Logistics", "is already mapped in Autotask PSA to company 29682006",
					`contract 29684006 ("Harborline - Sophos MSP Flex"), usage sync on, ticket sync on`, "import {", "to = sophos_psa_customer_mapping.<NAME>", `id = "autotask/737494b5-d866-4eac-bad6-3b57731f1122"`),
			},
			// Nothing was written by any of the steps above.
			{
				Config:           testharness.ProviderBlock(e),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				Check: func(*terraform.State) error {
					ms, err := testharness.Client(t, e, testharness.FastRetries).ListCustomerMappings(context.Background(), api.PsaAutotask, client.CustomerMappingQuery{})
					if err != nil {
						return err
					}
					for _, m := range ms {
						if m.Mapped && m.CustomerId != seedCustomerHarborline {
							return fmt.Errorf("customer %s (%s) got mapped by a failed plan", m.CustomerName, m.CustomerId)
						}
					}
					return nil
				},
			},
		},
	})
}

// TestAccPSACustomerMapping_conflict maps a second customer to a company and contract that
// another customer has. The plan fails on contract_id, naming the other customer and the
// fix. Two new mappings of one contract in the same configuration fail the plan too, and
// nothing is written. Replacing the customer of a mapping keeps its company and contract,
// and plans.
func TestAccPSACustomerMapping_conflict(t *testing.T) {
	e := testharness.Emulator(t)
	const address = "sophos_psa_customer_mapping.first"
	first := customerMapping("autotask", seedCustomerBayside, seedATCompanyBayside, seedATContractBayside, true, nil)
	second := customerMapping("autotask", seedCustomerKestrel, seedATCompanyBayside, seedATContractBayside, true, nil)
	harborline := func(customerID string) testharness.Attrs {
		return customerMapping("autotask", customerID, seedATCompanyHarborline, seedATContractHarborline, nil, true)
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:           testharness.Config(e).Resource("sophos_psa_customer_mapping", "first", first).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				Config:   testharness.Config(e).Resource("sophos_psa_customer_mapping", "first", first).Resource("sophos_psa_customer_mapping", "second", second).String(),
				PlanOnly: true,
				// The holder is a resource of this configuration, in state: whichever of the two
				// is planned second reports the pair.
				ExpectError: errorPhrases("Contract mapped twice in this configuration", "company 29682003 and contract 29684002 of Autotask PSA"),
			},
			// Both new in one configuration: the plan fails, before anything is written
			// (it used to apply the first and refuse the second with 409).
			{
				Config: testharness.Config(e).
					Resource("sophos_psa_customer_mapping", "first", first).
					Resource("sophos_psa_customer_mapping", "kestrel", harborline(seedCustomerKestrel)).
					Resource("sophos_psa_customer_mapping", "northgate", harborline(seedCustomerNorthgate)).
					String(),
				PlanOnly:    true,
				ExpectError: errorPhrases("Contract mapped twice in this configuration", "company 29682006 and contract 29684006"),
			},
			{
				Config: testharness.Config(e).Resource("sophos_psa_customer_mapping", "first", first).String(),
				Check: func(*terraform.State) error {
					c := testharness.Client(t, e, testharness.FastRetries)
					return errors.Join(checkCustomerUnmapped(c, api.PsaAutotask, seedCustomerKestrel), checkCustomerUnmapped(c, api.PsaAutotask, seedCustomerNorthgate))
				},
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			// Another customer takes over the mapping: the old one is removed first, so the
			// company and contract are free for the new one.
			{
				Config: testharness.Config(e).Resource("sophos_psa_customer_mapping", "first", second).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("customer_name"), knownvalue.StringExact("Kestrel Engineering GmbH")),
				},
				Check: func(*terraform.State) error {
					return checkCustomerUnmapped(testharness.Client(t, e, testharness.FastRetries), api.PsaAutotask, seedCustomerBayside)
				},
			},
		},
	})
}

// TestAccPSACustomerMapping_cancelledContract is the decision about a contract cancelled in
// the PSA after apply: the mapping keeps contract_id, an unchanged plan only warns, an edit
// that keeps the contract with usage sync on fails on contract_id naming the contract and
// the usable ones, a fixed configuration applies, and destroy works.
func TestAccPSACustomerMapping_cancelledContract(t *testing.T) {
	e := testharness.Emulator(t)
	const tidewater = "sophos_psa_customer_mapping.tidewater"
	const alpine = "sophos_psa_customer_mapping.alpine"
	tide := func(contractID int64, usage, ticket any) testharness.Attrs {
		return customerMapping("autotask", seedCustomerTidewater, seedATCompanyTidewater, contractID, usage, ticket)
	}
	both := testharness.Config(e).
		Resource("sophos_psa_customer_mapping", "tidewater", tide(seedATContractTidewater, true, nil)).
		Resource("sophos_psa_customer_mapping", "alpine", customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, nil)).
		String()
	cancel := func(ids ...int64) func() {
		return func() {
			for _, id := range ids {
				if err := e.Admin().CancelContract(api.PsaAutotask, id); err != nil {
					t.Fatalf("cancelling contract %d: %v", id, err)
				}
			}
		}
	}

	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:           both,
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			// Both contracts are cancelled in Autotask: the unchanged configuration still plans
			// (with a warning on contract_id each, which plugin-testing cannot see;
			// TestPSACustomerMappingModifyPlan_staleContract asserts them).
			{
				PreConfig: cancel(seedATContractTidewater, seedATContractAlpine),
				Config:    both,
				PlanOnly:  true,
			},
			// An edit that keeps a cancelled contract with usage sync on fails: the API refuses it.
			// The state still holds the configured contract, as the mapping in Sophos does. (Not
			// PlanOnly: plugin-testing would first run a plan without refresh, which cannot know
			// what changed.)
			{
				Config: testharness.Config(e).
					Resource("sophos_psa_customer_mapping", "tidewater", tide(seedATContractTidewater, true, true)).
					Resource("sophos_psa_customer_mapping", "alpine", customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, nil)).
					String(),
				ExpectError: errorPhrases("Mapped contract cancelled",
					`Contract 29684016 ("Tidewater - Sophos MSP Flex") of customer "Tidewater Marine Services"`,
					"was cancelled in the PSA, so the customer's usage can no longer sync to it",
					"Sophos Central refuses a change of the mapping that keeps it with usage sync on",
					`29684017 ("Tidewater - Block Hours 2022", expired)`,
					"Set contract_id to an active or expired contract of company 29682017",
					"remove contract_id and usage_sync_enabled"),
			},
			{
				Config: testharness.Config(e).
					Resource("sophos_psa_customer_mapping", "tidewater", tide(seedATContractTidewater, true, nil)).
					Resource("sophos_psa_customer_mapping", "alpine", customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, true)).
					String(),
				ExpectError: errorPhrases(`Contract 29684001 ("Alpine Dental - Sophos MSP Flex")`, "was cancelled in the PSA",
					"Company 29682002 has no other contract that can be mapped"),
			},
			// Stopping billing is always possible: usage sync switches off while the mappings
			// keep their cancelled contracts, and the API accepts it.
			{
				Config: testharness.Config(e).
					Resource("sophos_psa_customer_mapping", "tidewater", tide(seedATContractTidewater, false, nil)).
					Resource("sophos_psa_customer_mapping", "alpine", customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, false, nil)).
					String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(tidewater, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(alpine, plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tidewater, tfjsonpath.New("usage_sync_enabled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(tidewater, tfjsonpath.New("contract_id"), knownvalue.Int64Exact(seedATContractTidewater)),
				},
			},
			// Fixed: Tidewater moves to its expired contract, Alpine's mapping is destroyed.
			{
				Config: testharness.Config(e).Resource("sophos_psa_customer_mapping", "tidewater", tide(seedATContractTidewaterExpired, true, nil)).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(tidewater, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(alpine, plancheck.ResourceActionDestroy),
						plancheck.ExpectKnownValue(tidewater, tfjsonpath.New("contract_name"), knownvalue.StringExact("Tidewater - Block Hours 2022")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tidewater, tfjsonpath.New("contract_id"), knownvalue.Int64Exact(seedATContractTidewaterExpired)),
					statecheck.ExpectKnownValue(tidewater, tfjsonpath.New("contract_name"), knownvalue.StringExact("Tidewater - Block Hours 2022")),
				},
				Check: func(*terraform.State) error {
					return checkCustomerUnmapped(testharness.Client(t, e, testharness.FastRetries), api.PsaAutotask, seedCustomerAlpine)
				},
			},
			// With usage sync off, a cancelled contract only warns
			// (TestPSACustomerMappingModifyPlan_cancelledContractWarning asserts the warning,
			// which plugin-testing cannot see), and a write that keeps it is accepted: billing
			// stays stopped.
			{
				Config:           testharness.Config(e).Resource("sophos_psa_customer_mapping", "tidewater", tide(seedATContractTidewaterExpired, false, nil)).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				PreConfig: cancel(seedATContractTidewaterExpired),
				Config:    testharness.Config(e).Resource("sophos_psa_customer_mapping", "tidewater", tide(seedATContractTidewaterExpired, false, true)).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(tidewater, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tidewater, tfjsonpath.New("ticket_sync_enabled"), knownvalue.Bool(true)),
				},
			},
			// Destroy still works with the cancelled contract (and CheckDestroy asserts it).
		},
	})
}

// TestPSACustomerMappingModifyPlan_duplicateContractName checks the warning for a contract
// whose name is not unique, which plugin-testing cannot capture: the plan goes on, and the
// warning names the other contract and why it matters.
func TestPSACustomerMappingModifyPlan_duplicateContractName(t *testing.T) {
	e := testharness.Emulator(t)
	resp, got := testharness.PlanResource(serve(t, e), testharness.Plan[psaCustomerMappingModel]{
		Resource: &psaCustomerMappingResource{}, TypeName: "sophos_psa_customer_mapping",
		Config: newMapping(api.PsaAutotask, seedCustomerNorthgate, seedATCompanyNorthgate, seedATContractNorthgateDup),
	})
	diags := testharness.Diagnostics(resp.Diagnostics)
	if diags.HasError() {
		t.Fatalf("want no error, got %v", diags)
	}
	warnings := diags.Warnings()
	if len(warnings) != 1 {
		t.Fatalf("want 1 warning, got %d: %v", len(warnings), diags)
	}
	w := warnings[0]
	if w.Summary() != "Contract name is not unique" {
		t.Errorf("warning summary = %q", w.Summary())
	}
	for _, want := range []string{`Contract 29684010 ("Managed Security Services")`, `contract 29684011 of company 29682015 ("Riverside Credit Union")`, "usage sync to Autotask fails on duplicate names"} {
		if !strings.Contains(w.Detail(), want) {
			t.Errorf("warning detail does not contain %q:\n%s", want, w.Detail())
		}
	}
	// The id and the names a reviewer reads are filled in.
	if got.ID.ValueString() != "autotask/"+seedCustomerNorthgate {
		t.Errorf("plan id = %s, want autotask/%s", got.ID, seedCustomerNorthgate)
	}
	if got.CustomerName.ValueString() != "Northgate Property Management" || got.CompanyName.ValueString() != "Northgate Property Management" ||
		got.ContractName.ValueString() != "Managed Security Services" {
		t.Errorf("names in a create plan: customer_name=%s company_name=%s contract_name=%s", got.CustomerName, got.CompanyName, got.ContractName)
	}
}
