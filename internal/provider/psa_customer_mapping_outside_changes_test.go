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

// TestAccPSACustomerMapping_renamedDuringApply: the customer, company and contract are
// renamed in the console and the PSA between plan and apply. The plan left the names of
// new ids unknown, so the apply succeeds and stores the new names; a name the plan took
// from state (the unchanged company) is kept as planned, and the next refresh brings the
// new one without planning a change.
func TestAccPSACustomerMapping_renamedDuringApply(t *testing.T) {
	e := testharness.Emulator(t)
	const address = "sophos_psa_customer_mapping.tidewater"
	config := func(contractID int64) string {
		return testharness.Config(e).Resource("sophos_psa_customer_mapping", "tidewater", customerMapping("autotask", seedCustomerTidewater, seedATCompanyTidewater, contractID, true, nil)).String()
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
