package provider

import (
	"regexp"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccConnectWiseProduct_importErrors: a malformed import ID and an id ConnectWise does
// not have each fail the import with what to do instead.
func TestAccConnectWiseProduct_importErrors(t *testing.T) {
	e := testharness.Emulator(t)
	config := cwProductConfig(e, sophosConnectWiseProductTypeName, "p", testharness.Attrs{
		"identifier":  "TF-IMPORT",
		"description": "Import errors",
		"subcategory": "Managed Services",
		"type":        "Service",
	}).String()
	importFails := func(id string, want *regexp.Regexp) acc.TestStep {
		return acc.TestStep{Config: config, ResourceName: "sophos_connectwise_product.p", ImportState: true, ImportStateId: id, ExpectError: want}
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			importFails("SOPHOS-CIX-EP", errorPhrases("Invalid import ID", `The import ID "SOPHOS-CIX-EP" is not the product's numeric ConnectWise id`,
				"terraform import sophos_connectwise_product.example 1234")),
			importFails("999999", errorPhrases("Unable to import ConnectWise product", "ConnectWise PSA has no product 999999, so there is nothing to import",
				"sophos_psa_products")),
		},
	})
}
