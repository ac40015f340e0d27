package provider

import (
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPSACustomerMapping_replacementKeepsContract moves a company and contract from one
// customer to another by changing customer_id: Terraform replaces the mapping (destroy,
// then create), so the contract is free when the new mapping is written. The plan of the
// replacement must not report the contract as taken by the customer it replaces; it learns
// that customer from the first plan's private state, not from anything shared between
// resources.
func TestAccPSACustomerMapping_replacementKeepsContract(t *testing.T) {
	e := testharness.Emulator(t)
	const address = "sophos_psa_customer_mapping.m"
	mapping := func(customerID string) string {
		return testharness.Config(e).Resource("sophos_psa_customer_mapping", "m", customerMapping("autotask", customerID, seedATCompanyAlpine, seedATContractAlpine, true, nil)).String()
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:           mapping(seedCustomerAlpine),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				Config: mapping(seedCustomerBayside),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("customer_id"), knownvalue.StringExact(seedCustomerBayside)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("contract_id"), knownvalue.Int64Exact(seedATContractAlpine)),
				},
				Check: func(*terraform.State) error {
					return checkCustomerUnmapped(testharness.Client(t, e, testharness.FastRetries), api.PsaAutotask, seedCustomerAlpine)
				},
			},
		},
	})
}
