package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

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
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

func TestAccPSACustomerMapping_lifecycle(t *testing.T) {
	e := testharness.Emulator(t)
	const address = "sophos_psa_customer_mapping.alpine"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	body := func(ticket any) testharness.Attrs {
		return customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, ticket)
	}
	final := testharness.Config(e).Resource("sophos_psa_customer_mapping", "alpine", body(true)).String()

	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			// Create: the plan shows the id; the names can change until apply, so they are
			// known after apply.
			{
				Config: testharness.Config(e).Resource("sophos_psa_customer_mapping", "alpine", body(nil)).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact("autotask/"+seedCustomerAlpine)),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("customer_name"), knownvalue.StringExact("Alpine Dental Group")),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("company_name"), knownvalue.StringExact("Alpine Dental Group")),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Alpine Dental - Sophos MSP Flex")),
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
					m, _, err := testharness.Client(t, e, testharness.FastRetries).GetCustomerMapping(context.Background(), api.PsaAutotask, seedCustomerAlpine)
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
				Config: testharness.Config(e).Resource("sophos_psa_customer_mapping", "alpine", customerMapping("autotask", seedCustomerBayside, seedATCompanyBayside, seedATContractBayside, true, nil)).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact("autotask/"+seedCustomerBayside)),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("customer_name"), knownvalue.StringExact("Bayside Legal LLP")),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Bayside Legal - Sophos MSP Flex")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("customer_name"), knownvalue.StringExact("Bayside Legal LLP")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Bayside Legal - Sophos MSP Flex")),
				},
				Check: func(*terraform.State) error {
					return checkCustomerUnmapped(testharness.Client(t, e, testharness.FastRetries), api.PsaAutotask, seedCustomerAlpine)
				},
			},
		},
	})
}

// TestAccPSACustomerMapping_connectwise maps a customer to ConnectWise agreements: an
// expired one (accepted, as Sophos syncs expired agreements), then an active one, then to
// the company alone for ticket sync; a company deleted in the PSA then fails an edit at plan.
func TestAccPSACustomerMapping_connectwise(t *testing.T) {
	e := testharness.Emulator(t)
	const address = "sophos_psa_customer_mapping.cedar"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	config := func(agreement int64, usage any) string {
		return testharness.Config(e).Resource("sophos_psa_customer_mapping", "cedar", customerMapping("connectwise", seedCustomerCedarRidge, seedCWCompanyCedarRidge, agreement, usage, true)).String()
	}

	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config: config(seedCWAgreementCedarRidgeExpired, true),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Cedar Ridge Vet - Security 2023")),
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
				Config: config(seedCWAgreementCedarRidge, true),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Cedar Ridge Vet - Managed Security")),
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
				Config: config(0, nil),
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
			// The company is deleted in ConnectWise: the unchanged mapping still plans (it warns,
			// see TestPSACustomerMappingModifyPlan_companyRemoved), an edit fails on company_id,
			// destroy still works.
			{
				PreConfig: func() {
					if err := e.Admin().RemoveCompany(api.PsaConnectwise, seedCWCompanyCedarRidge); err != nil {
						t.Fatalf("removing company %d: %v", seedCWCompanyCedarRidge, err)
					}
				},
				Config:   config(0, nil),
				PlanOnly: true,
			},
			{
				Config: testharness.Config(e).Resource("sophos_psa_customer_mapping", "cedar",
					customerMapping("connectwise", seedCustomerCedarRidge, seedCWCompanyCedarRidge, 0, nil, false)).String(),
				ExpectError: errorPhrases("PSA company removed", `"Cedar Ridge Veterinary Clinic" (b193824d-1a22-4a84-b075-ca0459d1606f)`,
					`is mapped to ConnectWise PSA company 253 ("Cedar Ridge Veterinary Clinic"), which was removed from the PSA`,
					"refuses any change of the mapping that keeps this company", "sophos_psa_companies"),
			},
		},
	})
}

// TestAccPSACustomerMapping_manyCustomers maps 200 customers with for_each in one apply,
// finding each customer's company and contract with the data sources, and proves the next
// plan is empty.
func TestAccPSACustomerMapping_manyCustomers(t *testing.T) {
	e := testharness.Emulator(t)
	const customers = 200
	res, err := e.Admin().SynthesizeResult(emulator.SynthOptions{Customers: customers})
	if err != nil {
		t.Fatalf("synthesizing customers: %v", err)
	}
	if len(res.Customers) != customers {
		t.Fatalf("want %d synthetic customers, got %d", customers, len(res.Customers))
	}
	config := testharness.Config(e).
		Data("sophos_customers", "synth", testharness.Attrs{"search": "Synth Customer"}).
		Data("sophos_psa_companies", "synth", testharness.Attrs{"psa": "autotask", "search": "Synth Customer"}).
		Data("sophos_psa_contracts", "all", testharness.Attrs{"psa": "autotask"}).
		Block("locals", testharness.Attrs{
			"company_ids":  testharness.Expr(`{ for c in data.sophos_psa_companies.synth.companies : c.name => c.id }`),
			"contract_ids": testharness.Expr(`{ for c in data.sophos_psa_contracts.all.contracts : c.name => c.id if startswith(c.name, "Synth Customer ") }`),
		}).
		Resource("sophos_psa_customer_mapping", "synth", testharness.Attrs{
			"for_each":            testharness.Expr(`{ for c in data.sophos_customers.synth.customers : c.name => c.id }`),
			"psa":                 "autotask",
			"customer_id":         testharness.Expr("each.value"),
			"company_id":          testharness.Expr("local.company_ids[each.key]"),
			"contract_id":         testharness.Expr(`local.contract_ids["${each.key} - Sophos MSP Flex"]`),
			"usage_sync_enabled":  true,
			"ticket_sync_enabled": true,
		}).
		String()
	const first = `sophos_psa_customer_mapping.synth["Synth Customer 0001"]`
	// The legacy Check and CheckDestroy cannot address for_each instances, so the API is
	// checked by state checks, and destroy is a step of its own.
	synthMapped := func(want bool) statecheck.StateCheck {
		return apiStateCheck(func(ctx context.Context) error {
			ms, err := testharness.Client(t, e, testharness.FastRetries).ListCustomerMappings(ctx, api.PsaAutotask, client.CustomerMappingQuery{})
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
						plancheck.ExpectKnownValue(first, tfjsonpath.New("contract_name"), knownvalue.StringExact("Synth Customer 0001 - Sophos MSP Flex")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(first, tfjsonpath.New("contract_name"), knownvalue.StringExact("Synth Customer 0001 - Sophos MSP Flex")),
					statecheck.ExpectKnownValue(first, tfjsonpath.New("customer_id"), knownvalue.StringExact(res.Customers[0])),
					statecheck.ExpectKnownValue(first, tfjsonpath.New("company_name"), knownvalue.StringExact("Synth Customer 0001")),
					synthMapped(true),
					// Refresh and the plan-time checks list the mappings once per provider
					// process (each terraform command), not once per resource. The ~220
					// customers are 3 pages of 100; the step's 5 commands are 15 requests, one
					// GET per resource would be 1,000.
					apiStateCheck(func(context.Context) error {
						if n := e.Counters()[listCustomerMappingsRoute]; n > 15 {
							return fmt.Errorf("the customer mappings were listed with %d requests for %d resources, want at most 15 (one listing per terraform command)", n, customers)
						}
						return nil
					}),
				},
			},
			{
				Config:            testharness.ProviderBlock(e),
				ConfigPlanChecks:  acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{synthMapped(false)},
			},
		},
	})
}
