package provider

import (
	"context"
	"errors"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPSACustomerMapping_preconditionFailed changes the mapping in the console between
// plan and apply: the apply stops with 412 instead of overwriting it, and the next plan
// shows the change and applies.
func TestAccPSACustomerMapping_preconditionFailed(t *testing.T) {
	e := testharness.Emulator(t)
	const address = "sophos_psa_customer_mapping.alpine"
	config := func(ticket bool) string {
		return testharness.Config(e).Resource("sophos_psa_customer_mapping", "alpine", customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, ticket)).String()
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:           config(false),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				Config: config(true),
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
					"changed since Terraform last read it: someone in the Sophos Central Partner console", "terraform plan again"),
			},
			{
				Config: config(true),
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

// TestAccPSACustomerMapping_renamedDuringApply: the plan shows the names of the ids it
// creates or changes. When the customer, company or contract is renamed between plan and
// apply, Terraform's own plan during the apply (which gets nothing of the first plan for a
// new id) reads the new name, and Terraform stops that mapping before anything is written;
// the next plan shows and applies the new names. A name the plan took from state (an
// unchanged company) is kept through the apply, and the next refresh brings the new one
// without planning a change.
func TestAccPSACustomerMapping_renamedDuringApply(t *testing.T) {
	e := testharness.Emulator(t)
	c := testharness.Client(t, e, testharness.FastRetries)
	const address = "sophos_psa_customer_mapping.tidewater"
	config := func(contractID int64) string {
		return testharness.Config(e).Resource("sophos_psa_customer_mapping", "tidewater", customerMapping("autotask", seedCustomerTidewater, seedATCompanyTidewater, contractID, true, nil)).String()
	}
	admin := e.Admin()
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			// Create while the customer, its company and the contract are renamed: stopped
			// before the write.
			{
				Config: config(seedATContractTidewater),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Tidewater - Sophos MSP Flex")),
						changeOutOfBand(func(context.Context) error {
							return errors.Join(
								admin.RenameTenant(seedCustomerTidewater, "Tidewater Marine (renamed)"),
								admin.RenameCompany(api.PsaAutotask, seedATCompanyTidewater, "Tidewater Marine Services Inc."),
								admin.RenameContract(api.PsaAutotask, seedATContractTidewater, "Tidewater - MSP Flex (renamed)"),
							)
						}),
					},
				},
				ExpectError: errorPhrases("inconsistent final plan", `"Tidewater - MSP Flex (renamed)"`),
			},
			// Nothing was written; the next plan shows the new names.
			{
				PreConfig: func() {
					if err := checkCustomerUnmapped(c, api.PsaAutotask, seedCustomerTidewater); err != nil {
						t.Error(err)
					}
				},
				Config: config(seedATContractTidewater),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(address, tfjsonpath.New("customer_name"), knownvalue.StringExact("Tidewater Marine (renamed)")),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("company_name"), knownvalue.StringExact("Tidewater Marine Services Inc.")),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Tidewater - MSP Flex (renamed)")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
			},
			// Move to the other contract while the (unchanged) company is renamed: its name,
			// from state, is kept through the apply.
			{
				Config: config(seedATContractTidewaterExpired),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Tidewater - Block Hours 2022")),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("company_name"), knownvalue.StringExact("Tidewater Marine Services Inc.")),
						changeOutOfBand(func(context.Context) error {
							return admin.RenameCompany(api.PsaAutotask, seedATCompanyTidewater, "Tidewater Marine Group")
						}),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_id"), knownvalue.Int64Exact(seedATContractTidewaterExpired)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_name"), knownvalue.StringExact("Tidewater - Block Hours 2022")),
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
				},
			},
		},
	})
}
