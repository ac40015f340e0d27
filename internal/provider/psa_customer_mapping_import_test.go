package provider

import (
	"regexp"
	"strings"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
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

// TestAccPSACustomerMapping_importMappedInOtherPSA: importing a customer in the PSA that
// does not map it, when the other PSA does, names that mapping and its import id.
func TestAccPSACustomerMapping_importMappedInOtherPSA(t *testing.T) {
	e := testharness.Emulator(t)
	setCustomerMappingOutOfBand(t, e, api.PsaConnectwise, seedCustomerCedarRidge, seedCWCompanyCedarRidge, seedCWAgreementCedarRidge, true, false)
	config := testharness.Config(e).Resource("sophos_psa_customer_mapping", "m", customerMapping("autotask", seedCustomerCedarRidge, 29682004, 0, nil, nil)).String()
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				Config: config, ResourceName: "sophos_psa_customer_mapping.m", ImportState: true, ImportStateId: "autotask/" + seedCustomerCedarRidge,
				ExpectError: errorPhrases("Unable to import PSA customer mapping",
					`Customer "Cedar Ridge Veterinary Clinic" (b193824d-1a22-4a84-b075-ca0459d1606f) is not mapped in Autotask PSA;`,
					`it is mapped in ConnectWise PSA to company 253 ("Cedar Ridge Veterinary Clinic"), agreement 504`,
					`("Cedar Ridge Vet - Managed Security"), usage sync on, ticket sync off: import it with id "connectwise/b193824d-1a22-4a84-b075-ca0459d1606f",`,
					`and set psa = "connectwise" in the resource.`),
			},
		},
	})
}

// TestPSACustomerMappingImportState_otherPSA: the import of a customer mapped only in the
// other PSA does not advise creating a mapping in this one; a customer mapped nowhere does.
func TestPSACustomerMappingImportState_otherPSA(t *testing.T) {
	e := testharness.Emulator(t)
	setCustomerMappingOutOfBand(t, e, api.PsaConnectwise, seedCustomerCedarRidge, seedCWCompanyCedarRidge, seedCWAgreementCedarRidge, true, false)

	detail := importErrorDetail(t, e, "sophos_psa_customer_mapping", "autotask/"+seedCustomerCedarRidge)
	if !strings.Contains(detail, `import it with id "connectwise/`+seedCustomerCedarRidge+`"`) {
		t.Errorf("detail does not give the ConnectWise import id:\n%s", detail)
	}
	if strings.Contains(detail, "create") {
		t.Errorf("detail advises creating a mapping for a customer mapped in the other PSA:\n%s", detail)
	}
	if detail := importErrorDetail(t, e, "sophos_psa_customer_mapping", "connectwise/"+seedCustomerAlpine); !strings.Contains(detail, "apply the configuration to create the mapping") {
		t.Errorf("a customer mapped nowhere should be created instead:\n%s", detail)
	}
}
