package provider

import (
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPSACustomerMapping_namesInPlan: the plan is the billing review, so it shows the
// names a reviewer checks: on create, customer, company and contract names; on a contract
// change, the new contract's name; a ticket-only mapping's contract_name is null, not
// unknown. A rename after the apply reaches state at the next refresh without a diff.
func TestAccPSACustomerMapping_namesInPlan(t *testing.T) {
	e := testharness.Emulator(t)
	const cw, at = "sophos_psa_customer_mapping.cw", "sophos_psa_customer_mapping.ticket_only"
	config := func(contract int64) string {
		return testharness.Config(e).
			Resource("sophos_psa_customer_mapping", "cw", customerMapping("connectwise", seedCustomerCedarRidge, seedCWCompanyCedarRidge, contract, true, nil)).
			Resource("sophos_psa_customer_mapping", "ticket_only", customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, 0, nil, true)).
			String()
	}
	planned := func(address, attr string, want knownvalue.Check) plancheck.PlanCheck {
		return plancheck.ExpectKnownValue(address, tfjsonpath.New(attr), want)
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config: config(seedCWAgreementCedarRidgeExpired),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						planned(cw, "customer_name", knownvalue.StringExact("Cedar Ridge Veterinary Clinic")),
						planned(cw, "company_name", knownvalue.StringExact("Cedar Ridge Veterinary Clinic")),
						planned(cw, "contract_name", knownvalue.StringExact("Cedar Ridge Vet - Security 2023")),
						planned(at, "customer_name", knownvalue.StringExact("Alpine Dental Group")),
						planned(at, "company_name", knownvalue.StringExact("Alpine Dental Group")),
						planned(at, "contract_name", knownvalue.Null()),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
			},
			{
				Config: config(seedCWAgreementCedarRidge),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(cw, plancheck.ResourceActionUpdate),
						planned(cw, "contract_name", knownvalue.StringExact("Cedar Ridge Vet - Managed Security")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
			},
			{
				PreConfig: func() {
					if err := e.Admin().RenameTenant(seedCustomerCedarRidge, "Cedar Ridge Veterinary Clinic LLC"); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config(seedCWAgreementCedarRidge),
				ConfigPlanChecks: acc.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(cw, tfjsonpath.New("customer_name"), knownvalue.StringExact("Cedar Ridge Veterinary Clinic LLC")),
				},
			},
		},
	})
}
