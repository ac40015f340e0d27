package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

func TestAccPSACustomerMapping_lifecycle(t *testing.T) {
	e := newTestEmulator(t)
	const address = "sophos_psa_customer_mapping.alpine"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	body := func(ticket string) string {
		return customerMappingBody("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, "true", ticket)
	}
	final := customerMappingConfig(e, "alpine", body("true"))

	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			// Create: the plan shows the id; the names can change until apply, so they are
			// known after apply.
			{
				Config: customerMappingConfig(e, "alpine", body("")),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact("autotask/"+seedCustomerAlpine)),
						plancheck.ExpectUnknownValue(address, tfjsonpath.New("customer_name")),
						plancheck.ExpectUnknownValue(address, tfjsonpath.New("company_name")),
						plancheck.ExpectUnknownValue(address, tfjsonpath.New("contract_name")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact("autotask/"+seedCustomerAlpine)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("customer_name"), knownvalue.StringExact("Alpine Dental Group")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("company_name"), knownvalue.StringExact("Alpine Dental Group")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Alpine Dental - Sophos MSP Flex")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("company_id"), knownvalue.Int64Exact(seedATCompanyAlpine)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_id"), knownvalue.Int64Exact(seedATContractAlpine)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("usage_sync_enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("ticket_sync_enabled"), knownvalue.Bool(false)),
				},
				Check: func(*terraform.State) error {
					m, _, err := newTestClient(t, e).GetCustomerMapping(context.Background(), api.PsaAutotask, seedCustomerAlpine)
					if err != nil {
						return err
					}
					if !m.Mapped || !m.UsageSyncEnabled || m.TicketSyncEnabled || m.ContractId == nil || *m.ContractId != seedATContractAlpine {
						return fmt.Errorf("API holds mapped=%t usage=%t ticket=%t contract=%v", m.Mapped, m.UsageSyncEnabled, m.TicketSyncEnabled, m.ContractId)
					}
					return nil
				},
			},
			// Switch ticket sync on in place; the names stay known.
			{
				Config: final,
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("company_name"), knownvalue.StringExact("Alpine Dental Group")),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Alpine Dental - Sophos MSP Flex")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("ticket_sync_enabled"), knownvalue.Bool(true)),
				},
			},
			// Import with the import command, then with an import block.
			{
				ResourceName:      address,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:    address,
				ImportState:     true,
				ImportStateKind: acc.ImportBlockWithID,
			},
			// Drift: usage sync switched off in the console; the plan switches it on again.
			{
				PreConfig: func() {
					setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, false, true)
				},
				Config: final,
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("usage_sync_enabled"), knownvalue.Bool(true)),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("usage_sync_enabled"), knownvalue.Bool(true)),
				},
			},
			// Drift: the mapping was removed in the console; the plan maps the customer again.
			{
				PreConfig: func() {
					if err := e.Admin().DeleteCustomerMapping(api.PsaAutotask, seedCustomerAlpine); err != nil {
						t.Fatalf("unmapping out of band: %v", err)
					}
				},
				Config: final,
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("usage_sync_enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("ticket_sync_enabled"), knownvalue.Bool(true)),
				},
			},
			// Another customer replaces the mapping; the plan knows the new id, the names
			// follow at apply.
			{
				Config: customerMappingConfig(e, "alpine", customerMappingBody("autotask", seedCustomerBayside, seedATCompanyBayside, seedATContractBayside, "true", "")),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact("autotask/"+seedCustomerBayside)),
						plancheck.ExpectUnknownValue(address, tfjsonpath.New("customer_name")),
						plancheck.ExpectUnknownValue(address, tfjsonpath.New("contract_name")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("customer_name"), knownvalue.StringExact("Bayside Legal LLP")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Bayside Legal - Sophos MSP Flex")),
				},
				Check: func(*terraform.State) error {
					return checkCustomerUnmapped(newTestClient(t, e), api.PsaAutotask, seedCustomerAlpine)
				},
			},
		},
	})
}

// TestAccPSACustomerMapping_connectwise maps a customer to ConnectWise agreements: an
// expired one (accepted, as Sophos syncs expired agreements), then an active one, then to
// the company alone for ticket sync; a company deleted in the PSA then fails the plan.
func TestAccPSACustomerMapping_connectwise(t *testing.T) {
	e := newTestEmulator(t)
	const address = "sophos_psa_customer_mapping.cedar"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	config := func(agreement int64, usage string) string {
		return customerMappingConfig(e, "cedar", customerMappingBody("connectwise", seedCustomerCedarRidge, seedCWCompanyCedarRidge, agreement, usage, "true"))
	}

	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config: config(seedCWAgreementCedarRidgeExpired, "true"),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
						plancheck.ExpectUnknownValue(address, tfjsonpath.New("contract_name")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact("connectwise/"+seedCustomerCedarRidge)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("customer_name"), knownvalue.StringExact("Cedar Ridge Veterinary Clinic")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("company_name"), knownvalue.StringExact("Cedar Ridge Veterinary Clinic")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_id"), knownvalue.Int64Exact(seedCWAgreementCedarRidgeExpired)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Cedar Ridge Vet - Security 2023")),
				},
			},
			// Another agreement of the same company: in place; only the new agreement's name
			// is left to apply.
			{
				Config: config(seedCWAgreementCedarRidge, "true"),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(address, tfjsonpath.New("contract_name")),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("company_name"), knownvalue.StringExact("Cedar Ridge Veterinary Clinic")),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("customer_name"), knownvalue.StringExact("Cedar Ridge Veterinary Clinic")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_id"), knownvalue.Int64Exact(seedCWAgreementCedarRidge)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Cedar Ridge Vet - Managed Security")),
				},
			},
			// Company only, for ticket sync: contract and usage sync go, the name is null at plan.
			{
				Config: config(0, ""),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.Null()),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("usage_sync_enabled"), knownvalue.Bool(false)),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.Null()),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("usage_sync_enabled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("ticket_sync_enabled"), knownvalue.Bool(true)),
				},
			},
			{
				ResourceName:      address,
				ImportState:       true,
				ImportStateVerify: true,
			},
			// The company is deleted in ConnectWise: the plan fails on company_id; destroy still works.
			{
				PreConfig: func() {
					if err := e.Admin().RemoveCompany(api.PsaConnectwise, seedCWCompanyCedarRidge); err != nil {
						t.Fatalf("removing company %d: %v", seedCWCompanyCedarRidge, err)
					}
				},
				Config:   config(0, ""),
				PlanOnly: true,
				ExpectError: errorPhrases("PSA company removed", `"Cedar Ridge Veterinary Clinic" (b193824d-1a22-4a84-b075-ca0459d1606f)`,
					`is mapped to ConnectWise PSA company 253 ("Cedar Ridge Veterinary Clinic"), which was removed from the PSA`, "sophos_psa_companies"),
			},
		},
	})
}

// TestAccPSACustomerMapping_planTimeErrors proves every rule fails at plan time, before
// anything is written, with a message naming the attribute, the value and the fix.
func TestAccPSACustomerMapping_planTimeErrors(t *testing.T) {
	e := newTestEmulator(t)
	at := func(customerID string, companyID, contractID int64, usage string) string {
		return customerMappingConfig(e, "m", customerMappingBody("autotask", customerID, companyID, contractID, usage, ""))
	}
	planFails := func(config string, want *regexp.Regexp) acc.TestStep {
		return acc.TestStep{Config: config, PlanOnly: true, ExpectError: want}
	}

	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			planFails(at(seedCustomerAlpine, seedATCompanyAlpine, 0, "true"),
				errorPhrases("Usage sync needs a contract", "Sophos syncs a customer's usage to one Autotask contract", "Set contract_id", "usage_sync_enabled = false")),
			planFails(at("29946c86-not-a-uuid", seedATCompanyAlpine, seedATContractAlpine, "true"),
				errorPhrases("customer_id must be a UUID", "got: 29946c86-not-a-uuid")),
			planFails(customerMappingConfig(e, "m", customerMappingBody("halopsa", seedCustomerAlpine, seedATCompanyAlpine, 0, "", "true")),
				errorPhrases("psa", "must be one of", `"halopsa"`)),
			planFails(at(seedCustomerAlpine, 0, 0, ""),
				errorPhrases("company_id", "must be at least 1")),
			planFails(at(seedCustomerNorthgate, seedATCompanyNorthgate, seedATContractNorthgateCanceled, "true"),
				errorPhrases("Contract not found or cancelled", "Autotask PSA has no contract 29684012, or it was cancelled",
					"sophos_psa_contracts data source", "company_id = 29682011", "29684010")),
			planFails(at(seedCustomerAlpine, seedATCompanyAlpine, seedCWAgreementCedarRidge, "true"),
				errorPhrases("Autotask PSA has no contract 504")),
			planFails(at(seedCustomerAlpine, seedATCompanyAlpine, seedATContractBayside, "true"),
				errorPhrases("Contract belongs to another company", `Contract 29684002 ("Bayside Legal - Sophos MSP Flex") belongs to company 29682003 ("Bayside Legal LLP"), not to company 29682002`, "Set contract_id to a contract of company 29682002", "or set company_id = 29682003")),
			planFails(at(seedCustomerGreenfield, seedATCompanyGreenfield, seedATContractGreenfield, "true"),
				errorPhrases("Usage sync not available for this customer", `Greenfield Manufacturing" (9fec0185-9c96-4afa-a85a-88f670b3f6eb) is term-billed`, "usage_sync_enabled = false")),
			planFails(at("00000000-0000-4000-8000-000000000001", seedATCompanyAlpine, 0, ""),
				errorPhrases("Sophos customer not found", "00000000-0000-4000-8000-000000000001", "sophos_customers")),
			planFails(at(seedCustomerAlpine, 99999, 0, ""),
				errorPhrases("PSA company not found", "Autotask PSA has no company 99999", "sophos_psa_companies")),
			// A customer mapped in the console is not taken over: import it.
			{
				PreConfig: func() {
					setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerHarborline, seedATCompanyHarborline, seedATContractHarborline, true, false)
				},
				Config:   at(seedCustomerHarborline, seedATCompanyHarborline, seedATContractHarborline, "true"),
				PlanOnly: true,
				ExpectError: errorPhrases("Already mapped outside Terraform", "Harborline Logistics", "is already mapped in Autotask PSA to company 29682006",
					`contract 29684006 ("Harborline - Sophos MSP Flex")`, `id = "autotask/737494b5-d866-4eac-bad6-3b57731f1122"`),
			},
			// Nothing was written by any of the steps above.
			{
				Config:           testProviderConfig(e),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				Check: func(*terraform.State) error {
					ms, err := newTestClient(t, e).ListCustomerMappings(context.Background(), api.PsaAutotask, client.CustomerMappingQuery{})
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

// TestAccPSACustomerMapping_importErrors: a malformed import ID, an unknown customer and a
// customer that is not mapped each fail the import with what to do instead.
func TestAccPSACustomerMapping_importErrors(t *testing.T) {
	e := newTestEmulator(t)
	config := customerMappingConfig(e, "m", customerMappingBody("autotask", seedCustomerAlpine, seedATCompanyAlpine, 0, "", ""))
	importFails := func(id string, want *regexp.Regexp) acc.TestStep {
		return acc.TestStep{Config: config, ResourceName: "sophos_psa_customer_mapping.m", ImportState: true, ImportStateId: id, ExpectError: want}
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			importFails("autotask:"+seedCustomerAlpine, errorPhrases("Invalid import ID", `The import ID "autotask:29946c86-596b-4918-b186-dbe32c6a986b" is not <psa>/<customer_id>`,
				"where <psa> is connectwise or autotask", "terraform import sophos_psa_customer_mapping.example autotask/29946c86-596b-4918-b186-dbe32c6a986b")),
			importFails("halopsa/"+seedCustomerAlpine, errorPhrases("Invalid import ID", `"halopsa/29946c86`)),
			importFails("autotask/00000000-0000-4000-8000-000000000001", errorPhrases("Unable to import PSA customer mapping",
				"The partner has no customer 00000000-0000-4000-8000-000000000001, so there is nothing to import", "sophos_customers")),
			importFails("autotask/"+seedCustomerAlpine, errorPhrases("Unable to import PSA customer mapping",
				`Customer "Alpine Dental Group" (29946c86-596b-4918-b186-dbe32c6a986b) is not mapped in Autotask PSA, so there is nothing to import`,
				"apply the configuration to create the mapping")),
		},
	})
}

// TestAccPSACustomerMapping_conflict maps a second customer to a company and contract that
// another customer has. The plan fails on contract_id, naming the other customer and the
// fix. Two new mappings of one contract in the same configuration cannot be seen at plan
// time: the API refuses the second with 409 at apply. Replacing the customer of a mapping
// keeps its company and contract, and plans.
func TestAccPSACustomerMapping_conflict(t *testing.T) {
	e := newTestEmulator(t)
	const address = "sophos_psa_customer_mapping.first"
	first := customerMappingBody("autotask", seedCustomerBayside, seedATCompanyBayside, seedATContractBayside, "true", "")
	second := customerMappingBody("autotask", seedCustomerKestrel, seedATCompanyBayside, seedATContractBayside, "true", "")
	harborline := func(customerID string) string {
		return customerMappingBody("autotask", customerID, seedATCompanyHarborline, seedATContractHarborline, "", "true")
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:           customerMappingConfig(e, "first", first),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				Config:   customerMappingConfig(e, "first", first, "second", second),
				PlanOnly: true,
				ExpectError: errorPhrases("Contract already mapped to another customer",
					`Company 29682003 ("Bayside Legal LLP") and contract 29684002 ("Bayside Legal - Sophos MSP Flex")`,
					`are already mapped to customer "Bayside Legal LLP" (36513d00-f27e-43c4-a087-e44bf30c6700) in Autotask PSA`,
					`Map customer "Kestrel Engineering GmbH" (5546763d-f9ed-468f-a4a9-f882cc18d35c) to another contract`,
					"company_id = 29682003",
					`or unmap customer "Bayside Legal LLP" (36513d00-f27e-43c4-a087-e44bf30c6700) first`),
			},
			// Both new in one configuration: neither is mapped at plan time, so the API
			// refuses the second at apply.
			{
				Config: customerMappingConfig(e, "first", first, "kestrel", harborline(seedCustomerKestrel), "northgate", harborline(seedCustomerNorthgate)),
				ExpectError: errorPhrases("Unable to create PSA customer mapping", "HTTP 409",
					"are already mapped to customer", "can be mapped to one Sophos customer only"),
			},
			{
				Config: customerMappingConfig(e, "first", first),
				Check: func(*terraform.State) error {
					c := newTestClient(t, e)
					return errors.Join(checkCustomerUnmapped(c, api.PsaAutotask, seedCustomerKestrel), checkCustomerUnmapped(c, api.PsaAutotask, seedCustomerNorthgate))
				},
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			// Another customer takes over the mapping: the old one is removed first, so the
			// company and contract are free for the new one.
			{
				Config: customerMappingConfig(e, "first", second),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("customer_name"), knownvalue.StringExact("Kestrel Engineering GmbH")),
				},
				Check: func(*terraform.State) error {
					return checkCustomerUnmapped(newTestClient(t, e), api.PsaAutotask, seedCustomerBayside)
				},
			},
		},
	})
}

// TestAccPSACustomerMapping_cancelledContract is the decision about a contract cancelled in
// the PSA after apply: the mapping keeps contract_id, the next plan fails on contract_id
// naming the contract and the usable ones, a fixed configuration applies, and destroy works.
func TestAccPSACustomerMapping_cancelledContract(t *testing.T) {
	e := newTestEmulator(t)
	const tidewater = "sophos_psa_customer_mapping.tidewater"
	const alpine = "sophos_psa_customer_mapping.alpine"
	tide := func(contractID int64, usage, ticket string) string {
		return customerMappingBody("autotask", seedCustomerTidewater, seedATCompanyTidewater, contractID, usage, ticket)
	}
	alp := customerMappingBody("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, "true", "")
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
				Config:           customerMappingConfig(e, "tidewater", tide(seedATContractTidewater, "true", ""), "alpine", alp),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			// Both contracts are cancelled in Autotask: the unchanged configuration no longer plans.
			{
				PreConfig: cancel(seedATContractTidewater, seedATContractAlpine),
				Config:    customerMappingConfig(e, "tidewater", tide(seedATContractTidewater, "true", ""), "alpine", alp),
				PlanOnly:  true,
				ExpectError: errorPhrases("Mapped contract cancelled",
					`Contract 29684016 ("Tidewater - Sophos MSP Flex") of customer "Tidewater Marine Services"`,
					"was cancelled in the PSA, so the customer's usage can no longer sync to it",
					`29684017 ("Tidewater - Block Hours 2022", expired)`,
					"Set contract_id to an active or expired contract of company 29682017",
					"remove contract_id and usage_sync_enabled"),
			},
			// The state still holds the configured contract, as the mapping in Sophos does.
			{
				Config:   customerMappingConfig(e, "tidewater", tide(seedATContractTidewater, "true", ""), "alpine", alp),
				PlanOnly: true,
				ExpectError: errorPhrases(`Contract 29684001 ("Alpine Dental - Sophos MSP Flex")`, "was cancelled in the PSA",
					"Company 29682002 has no other contract that can be mapped"),
			},
			// Stopping billing is always possible: usage sync switches off while the mappings
			// keep their cancelled contracts, and the API accepts it.
			{
				Config: customerMappingConfig(e, "tidewater", tide(seedATContractTidewater, "false", ""), "alpine",
					customerMappingBody("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, "false", "")),
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
				Config: customerMappingConfig(e, "tidewater", tide(seedATContractTidewaterExpired, "true", "")),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(tidewater, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(alpine, plancheck.ResourceActionDestroy),
						plancheck.ExpectUnknownValue(tidewater, tfjsonpath.New("contract_name")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tidewater, tfjsonpath.New("contract_id"), knownvalue.Int64Exact(seedATContractTidewaterExpired)),
					statecheck.ExpectKnownValue(tidewater, tfjsonpath.New("contract_name"), knownvalue.StringExact("Tidewater - Block Hours 2022")),
				},
				Check: func(*terraform.State) error {
					return checkCustomerUnmapped(newTestClient(t, e), api.PsaAutotask, seedCustomerAlpine)
				},
			},
			// With usage sync off, a cancelled contract only warns
			// (TestPSACustomerMappingModifyPlan_cancelledContractWarning asserts the warning,
			// which plugin-testing cannot see), and a write that keeps it is accepted: billing
			// stays stopped.
			{
				Config:           customerMappingConfig(e, "tidewater", tide(seedATContractTidewaterExpired, "false", "")),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				PreConfig: cancel(seedATContractTidewaterExpired),
				Config:    customerMappingConfig(e, "tidewater", tide(seedATContractTidewaterExpired, "false", "true")),
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

// TestAccPSACustomerMapping_preconditionFailed changes the mapping in the console between
// plan and apply: the apply stops with 412 instead of overwriting it, and the next plan
// shows the change and applies.
func TestAccPSACustomerMapping_preconditionFailed(t *testing.T) {
	e := newTestEmulator(t)
	const address = "sophos_psa_customer_mapping.alpine"
	config := func(ticket string) string {
		return customerMappingConfig(e, "alpine", customerMappingBody("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, "true", ticket))
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:           config("false"),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				Config: config("true"),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						changeOutOfBand(func(context.Context) error {
							usage, ticket := false, false
							contract := int64(seedATContractAlpine)
							return e.Admin().SetCustomerMapping(api.PsaAutotask, seedCustomerAlpine, api.CustomerMappingInput{
								CompanyId: seedATCompanyAlpine, ContractId: &contract, UsageSyncEnabled: &usage, TicketSyncEnabled: &ticket,
							})
						}),
					},
				},
				ExpectError: errorPhrases("Unable to update PSA customer mapping", "HTTP 412", "Alpine Dental Group",
					"changed outside Terraform since it was last read", "terraform plan"),
			},
			{
				Config: config("true"),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("usage_sync_enabled"), knownvalue.Bool(true)),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("usage_sync_enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("ticket_sync_enabled"), knownvalue.Bool(true)),
				},
			},
		},
	})
}

// TestAccPSACustomerMapping_renamedDuringApply: the customer, company and contract are
// renamed in the console and the PSA between plan and apply. The plan left the names of
// new ids unknown, so the apply succeeds and stores the new names; a name the plan took
// from state (the unchanged company) is kept as planned, and the next refresh brings the
// new one without planning a change.
func TestAccPSACustomerMapping_renamedDuringApply(t *testing.T) {
	e := newTestEmulator(t)
	const address = "sophos_psa_customer_mapping.tidewater"
	config := func(contractID int64) string {
		return customerMappingConfig(e, "tidewater", customerMappingBody("autotask", seedCustomerTidewater, seedATCompanyTidewater, contractID, "true", ""))
	}
	admin := e.Admin()
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			// Create while the customer, its company and the contract are renamed.
			{
				Config: config(seedATContractTidewater),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
						changeOutOfBand(func(context.Context) error {
							return errors.Join(
								admin.RenameTenant(seedCustomerTidewater, "Tidewater Marine (renamed)"),
								admin.RenameCompany(api.PsaAutotask, seedATCompanyTidewater, "Tidewater Marine Services Inc."),
								admin.RenameContract(api.PsaAutotask, seedATContractTidewater, "Tidewater - MSP Flex (renamed)"),
							)
						}),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("customer_name"), knownvalue.StringExact("Tidewater Marine (renamed)")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("company_name"), knownvalue.StringExact("Tidewater Marine Services Inc.")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Tidewater - MSP Flex (renamed)")),
				},
			},
			// Move to the other contract while it and the (unchanged) company are renamed.
			{
				Config: config(seedATContractTidewaterExpired),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(address, tfjsonpath.New("contract_name")),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("company_name"), knownvalue.StringExact("Tidewater Marine Services Inc.")),
						changeOutOfBand(func(context.Context) error {
							return errors.Join(
								admin.RenameCompany(api.PsaAutotask, seedATCompanyTidewater, "Tidewater Marine Group"),
								admin.RenameContract(api.PsaAutotask, seedATContractTidewaterExpired, "Tidewater - Block Hours (renamed)"),
							)
						}),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_id"), knownvalue.Int64Exact(seedATContractTidewaterExpired)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Tidewater - Block Hours (renamed)")),
				},
			},
			// The refresh brings the company's new name, without a change.
			{
				Config: config(seedATContractTidewaterExpired),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("company_name"), knownvalue.StringExact("Tidewater Marine Group")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Tidewater - Block Hours (renamed)")),
				},
			},
		},
	})
}

// TestAccPSACustomerMapping_manyCustomers maps 200 customers with for_each in one apply,
// finding each customer's company and contract with the data sources, and proves the next
// plan is empty.
func TestAccPSACustomerMapping_manyCustomers(t *testing.T) {
	e := newTestEmulator(t)
	const customers = 200
	res, err := e.Admin().SynthesizeResult(emulator.SynthOptions{Customers: customers})
	if err != nil {
		t.Fatalf("synthesizing customers: %v", err)
	}
	if len(res.Customers) != customers {
		t.Fatalf("want %d synthetic customers, got %d", customers, len(res.Customers))
	}
	config := testProviderConfig(e) + `
data "sophos_customers" "synth" {
  search = "Synth Customer"
}

data "sophos_psa_companies" "synth" {
  psa    = "autotask"
  search = "Synth Customer"
}

data "sophos_psa_contracts" "all" {
  psa = "autotask"
}

locals {
  company_ids  = { for c in data.sophos_psa_companies.synth.companies : c.name => c.id }
  contract_ids = { for c in data.sophos_psa_contracts.all.contracts : c.name => c.id if startswith(c.name, "Synth Customer ") }
}

resource "sophos_psa_customer_mapping" "synth" {
  for_each = { for c in data.sophos_customers.synth.customers : c.name => c.id }

  psa                 = "autotask"
  customer_id         = each.value
  company_id          = local.company_ids[each.key]
  contract_id         = local.contract_ids["${each.key} - Sophos MSP Flex"]
  usage_sync_enabled  = true
  ticket_sync_enabled = true
}
`
	const first = `sophos_psa_customer_mapping.synth["Synth Customer 0001"]`
	// The legacy Check and CheckDestroy cannot address for_each instances, so the API is
	// checked by state checks, and destroy is a step of its own.
	synthMapped := func(want bool) statecheck.StateCheck {
		return apiStateCheck(func(ctx context.Context) error {
			ms, err := newTestClient(t, e).ListCustomerMappings(ctx, api.PsaAutotask, client.CustomerMappingQuery{})
			if err != nil {
				return err
			}
			mapped, unmapped := 0, 0
			for _, m := range ms {
				switch {
				case !strings.HasPrefix(m.CustomerName, "Synth Customer "):
				case !m.Mapped && !m.UsageSyncEnabled && !m.TicketSyncEnabled:
					unmapped++
				case m.Mapped && m.UsageSyncEnabled && m.TicketSyncEnabled && m.ContractName != nil && *m.ContractName == m.CustomerName+" - Sophos MSP Flex":
					mapped++
				default:
					return fmt.Errorf("customer %s: mapped=%t usage=%t ticket=%t contract=%v", m.CustomerName, m.Mapped, m.UsageSyncEnabled, m.TicketSyncEnabled, m.ContractName)
				}
			}
			if want && mapped != customers || !want && unmapped != customers {
				return fmt.Errorf("want all %d synthetic customers mapped=%t, got %d mapped and %d unmapped", customers, want, mapped, unmapped)
			}
			return nil
		})
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				Config: config,
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(first, plancheck.ResourceActionCreate),
						plancheck.ExpectUnknownValue(first, tfjsonpath.New("contract_name")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(first, tfjsonpath.New("contract_name"), knownvalue.StringExact("Synth Customer 0001 - Sophos MSP Flex")),
					statecheck.ExpectKnownValue(first, tfjsonpath.New("customer_id"), knownvalue.StringExact(res.Customers[0])),
					statecheck.ExpectKnownValue(first, tfjsonpath.New("company_name"), knownvalue.StringExact("Synth Customer 0001")),
					synthMapped(true),
					// The plan-time check for another customer on the same contract lists the
					// mappings once per provider instance (each terraform command that plans),
					// not once per resource. The ~220 customers are 3 pages of 100; 4 listings
					// are 12 requests, 200 would be 600.
					apiStateCheck(func(context.Context) error {
						if n := e.Counters()[listCustomerMappingsRoute]; n > 12 {
							return fmt.Errorf("the customer mappings were listed with %d requests for %d resources, want at most 12 (one listing per terraform command)", n, customers)
						}
						return nil
					}),
				},
			},
			{
				Config:            testProviderConfig(e),
				ConfigPlanChecks:  acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{synthMapped(false)},
			},
		},
	})
}

// TestPSACustomerMappingModifyPlan_duplicateContractName checks the warning for a contract
// whose name is not unique, which plugin-testing cannot capture: the plan goes on, and the
// warning names the other contract and why it matters.
func TestPSACustomerMappingModifyPlan_duplicateContractName(t *testing.T) {
	ctx := context.Background()
	e := newTestEmulator(t)
	r := &psaCustomerMappingResource{}
	r.client = newTestClient(t, e)
	r.snapshot = newAPISnapshot(r.client)
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(ctx)

	plan := tfsdk.Plan{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}
	diags := plan.Set(ctx, &psaCustomerMappingModel{
		ID:                types.StringUnknown(),
		PSA:               types.StringValue("autotask"),
		CustomerID:        types.StringValue(seedCustomerNorthgate),
		CustomerName:      types.StringUnknown(),
		CompanyID:         types.Int64Value(seedATCompanyNorthgate),
		CompanyName:       types.StringUnknown(),
		ContractID:        types.Int64Value(seedATContractNorthgateDup),
		ContractName:      types.StringUnknown(),
		UsageSyncEnabled:  types.BoolValue(true),
		TicketSyncEnabled: types.BoolValue(false),
	})
	if diags.HasError() {
		t.Fatalf("building the plan: %v", diags)
	}
	req := resource.ModifyPlanRequest{
		Plan:  plan,
		State: tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)},
	}
	resp := resource.ModifyPlanResponse{Plan: plan}
	r.ModifyPlan(ctx, req, &resp)

	if resp.Diagnostics.HasError() {
		t.Fatalf("want no error, got %v", resp.Diagnostics)
	}
	warnings := resp.Diagnostics.Warnings()
	if len(warnings) != 1 {
		t.Fatalf("want 1 warning, got %d: %v", len(warnings), resp.Diagnostics)
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
	// The id is filled in; looked-up names are not (they may change before apply).
	var got psaCustomerMappingModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &got)...)
	if got.ID.ValueString() != "autotask/"+seedCustomerNorthgate {
		t.Errorf("plan id = %s, want autotask/%s", got.ID, seedCustomerNorthgate)
	}
	if !got.CustomerName.IsUnknown() || !got.CompanyName.IsUnknown() || !got.ContractName.IsUnknown() {
		t.Errorf("names must stay unknown in a create plan: customer_name=%s company_name=%s contract_name=%s", got.CustomerName, got.CompanyName, got.ContractName)
	}
}

// TestPSACustomerMappingModifyPlan_cancelledContractWarning: a mapping whose contract was
// cancelled in the PSA, with usage sync off and nothing else changing, plans without error
// and without a change, and warns on contract_id naming the contract, the customer, that no
// usage is lost and the contracts that can be used instead. The plan goes through the
// provider's protocol server, so ModifyPlan reads the contract's status from private state
// as Terraform hands it over after a refresh.
func TestPSACustomerMappingModifyPlan_cancelledContractWarning(t *testing.T) {
	ctx := context.Background()
	e := newTestEmulator(t)
	if err := e.Admin().CancelContract(api.PsaAutotask, seedATContractTidewaterExpired); err != nil {
		t.Fatal(err)
	}
	prior := psaCustomerMappingModel{
		ID:                types.StringValue("autotask/" + seedCustomerTidewater),
		PSA:               types.StringValue("autotask"),
		CustomerID:        types.StringValue(seedCustomerTidewater),
		CustomerName:      types.StringValue("Tidewater Marine Services"),
		CompanyID:         types.Int64Value(seedATCompanyTidewater),
		CompanyName:       types.StringValue("Tidewater Marine Services"),
		ContractID:        types.Int64Value(seedATContractTidewaterExpired),
		ContractName:      types.StringValue("Tidewater - Block Hours 2022"),
		UsageSyncEnabled:  types.BoolValue(false),
		TicketSyncEnabled: types.BoolValue(false),
	}
	health, err := json.Marshal(customerMappingHealth{ContractStatus: string(api.CustomerMappingContractStatusCancelled)})
	if err != nil {
		t.Fatal(err)
	}
	resp, planned := planCustomerMapping(ctx, t, e, prior, map[string][]byte{customerMappingHealthKey: health})

	var warnings []*tfprotov6.Diagnostic
	for _, d := range resp.Diagnostics {
		switch d.Severity {
		case tfprotov6.DiagnosticSeverityError:
			t.Errorf("want no error, got %s: %s", d.Summary, d.Detail)
		case tfprotov6.DiagnosticSeverityWarning:
			warnings = append(warnings, d)
		}
	}
	if len(warnings) != 1 {
		t.Fatalf("want 1 warning, got %d: %v", len(warnings), resp.Diagnostics)
	}
	w := warnings[0]
	if w.Summary != "Mapped contract cancelled" {
		t.Errorf("warning summary = %q", w.Summary)
	}
	if w.Attribute == nil || !w.Attribute.Equal(tftypes.NewAttributePath().WithAttributeName("contract_id")) {
		t.Errorf("warning is on %v, want contract_id", w.Attribute)
	}
	for _, want := range []string{
		`Contract 29684017 ("Tidewater - Block Hours 2022") of customer "Tidewater Marine Services"`,
		"was cancelled in the PSA", "Usage sync is off, so no usage is lost",
		`Contracts of company 29682017 that can be mapped: 29684016 ("Tidewater - Sophos MSP Flex", active)`,
		"remove contract_id and usage_sync_enabled",
	} {
		if !strings.Contains(w.Detail, want) {
			t.Errorf("warning detail does not contain %q:\n%s", want, w.Detail)
		}
	}
	if planned != prior {
		t.Errorf("want the plan to change nothing, got\n%+v\nfrom\n%+v", planned, prior)
	}
}

// planCustomerMapping plans an unchanged sophos_psa_customer_mapping through the provider's
// protocol server, configured for emulator e: prior is the state, the configuration sets the
// same arguments, and private is the private state a refresh left. It returns the response
// and the planned state.
func planCustomerMapping(ctx context.Context, t *testing.T, e *emulator.Emulator, prior psaCustomerMappingModel, private map[string][]byte) (*tfprotov6.PlanResourceChangeResponse, psaCustomerMappingModel) {
	t.Helper()
	server, err := providerserver.NewProtocol6WithError(newTestProvider())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	providerType := schemas.Provider.ValueType()
	creds := e.Credentials()
	// Every provider argument the test does not set is null, whatever the schema holds.
	args := map[string]tftypes.Value{}
	object, ok := providerType.(tftypes.Object)
	if !ok {
		t.Fatalf("the provider schema is a %T, not an object", providerType)
	}
	for name, typ := range object.AttributeTypes {
		args[name] = tftypes.NewValue(typ, nil)
	}
	args["client_id"] = tftypes.NewValue(tftypes.String, creds.ClientID)
	args["client_secret"] = tftypes.NewValue(tftypes.String, creds.ClientSecret)
	args["auth_url"] = tftypes.NewValue(tftypes.String, e.URL())
	args["api_url"] = tftypes.NewValue(tftypes.String, e.URL())
	providerConfig, err := tfprotov6.NewDynamicValue(providerType, tftypes.NewValue(providerType, args))
	if err != nil {
		t.Fatal(err)
	}
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &providerConfig})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range configured.Diagnostics {
		t.Fatalf("configuring the provider: %s: %s", d.Summary, d.Detail)
	}

	var sr resource.SchemaResponse
	(&psaCustomerMappingResource{}).Schema(ctx, resource.SchemaRequest{}, &sr)
	value := func(m psaCustomerMappingModel) *tfprotov6.DynamicValue {
		t.Helper()
		st := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), nil)}
		if diags := st.Set(ctx, &m); diags.HasError() {
			t.Fatalf("building a value: %v", diags)
		}
		dv, err := tfprotov6.NewDynamicValue(sr.Schema.Type().TerraformType(ctx), st.Raw)
		if err != nil {
			t.Fatal(err)
		}
		return &dv
	}
	config := prior
	config.ID, config.CustomerName, config.CompanyName, config.ContractName = types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull()
	privateBytes, err := json.Marshal(private)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName:         "sophos_psa_customer_mapping",
		PriorState:       value(prior),
		ProposedNewState: value(prior),
		Config:           value(config),
		PriorPrivate:     privateBytes,
	})
	if err != nil {
		t.Fatal(err)
	}
	var planned psaCustomerMappingModel
	if resp.PlannedState != nil {
		raw, err := resp.PlannedState.Unmarshal(sr.Schema.Type().TerraformType(ctx))
		if err != nil {
			t.Fatal(err)
		}
		if diags := (tfsdk.Plan{Schema: sr.Schema, Raw: raw}).Get(ctx, &planned); diags.HasError() {
			t.Fatalf("reading the planned state: %v", diags)
		}
	}
	return resp, planned
}
