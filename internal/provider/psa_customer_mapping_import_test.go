package provider

import (
	"regexp"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPSACustomerMapping_importErrors: a malformed import ID, an unknown customer and a
// customer that is not mapped each fail the import with what to do instead.
func TestAccPSACustomerMapping_importErrors(t *testing.T) {
	e := testharness.Emulator(t)
	config := testharness.Config(e).Resource("sophos_psa_customer_mapping", "m", customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, 0, nil, nil)).String()
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
