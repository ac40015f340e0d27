package provider

import (
	"strings"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPlanTimeValidation: bad input fails at plan time, naming the attribute and the
// problem, before anything is written.
func TestAccPlanTimeValidation(t *testing.T) {
	e := testharness.Emulator(t)
	product := func(attrs testharness.Attrs) string {
		return cwProductConfig(e, sophosConnectWiseProductTypeName, "v", testharness.Attrs{
			"identifier":  "TF-VALID",
			"description": "Validation",
			"subcategory": "Managed Services",
			"type":        "Service",
		}.With(attrs)).String()
	}
	mapping := func(psa, sophosProduct string, productID int) string {
		return testharness.Config(e).Resource("sophos_psa_product_mapping", "v", productMapping(psa, sophosProduct, productID)).String()
	}
	products := func(attrs testharness.Attrs) string {
		return testharness.Config(e).Data("sophos_psa_products", "v", attrs).String()
	}
	cases := []struct {
		name   string
		config string
		want   string
	}{
		{"mapping: unknown psa", mapping("halopsa", "Sophos_Intercept_X", 102), `Attribute psa value must be one of.*"connectwise".*"autotask"`},
		{"mapping: empty sophos_product", mapping("connectwise", "", 102), `Attribute sophos_product must be a Sophos product identifier such as "Sophos_Intercept_X_Advanced".*underscores, got: $`},
		{"mapping: sophos_product not an identifier", mapping("connectwise", "Intercept X Advanced", 102), `sophos_product must be a Sophos product identifier such as "Sophos_Intercept_X_Advanced"`},
		{"mapping: unknown Sophos product", mapping("connectwise", "Sophos_Antivirus_2009", 102), `Unknown Sophos product.*"Sophos_Antivirus_2009" has no usage.*Valid products:.*"Sophos_Intercept_X_Advanced"`},
		{"mapping: psa_product_id 0", mapping("connectwise", "Sophos_Intercept_X", 0), `Attribute psa_product_id value must be at least 1`},
		{"products: search of 1 character", products(testharness.Attrs{"psa": "connectwise", "search": "x"}), `Attribute search string length must be at least 2, got: 1`},
		{"products: unknown psa", products(testharness.Attrs{"psa": "kaseya"}), `Attribute psa value must be one of`},
		{"product: identifier of 76 characters", product(testharness.Attrs{"identifier": strings.Repeat("X", 76)}), `identifier must be at most 75 characters \(got 76\)`},
		{"product: description of 61 characters", product(testharness.Attrs{"description": strings.Repeat("d", 61)}), `description must be at most 60 characters \(got 61\)`},
		{"product: integration_xref of 51 characters", product(testharness.Attrs{"integration_xref": strings.Repeat("x", 51)}), `integration_xref must be at most 50 characters \(got 51\)`},
		{"product: empty customer_description", product(testharness.Attrs{"customer_description": ""}), `Empty customer_description.*customer_description = "" is not a value ConnectWise keeps.*Omit customer_description`},
		{"product: empty notes", product(testharness.Attrs{"notes": ""}), `Empty notes.*notes = "" is not a value ConnectWise keeps.*Omit notes`},
		{"product: invisible character in identifier", product(testharness.Attrs{"identifier": "TF-\u200bVALID"}), `Invisible character in identifier.*U\+200B.*Remove it`},
		{"product: negative price", product(testharness.Attrs{"price": -1}), `Attribute price value must be at least 0.*got: -1`},
		{"product: negative cost", product(testharness.Attrs{"cost": -0.5}), `Attribute cost value must be at least 0`},
		{"product: unknown product_class", product(testharness.Attrs{"product_class": "Widget"}), `Attribute product_class value must be one of.*"NonInventory"`},
		{"product: whitespace around identifier", product(testharness.Attrs{"identifier": " TF-VALID"}), `Invalid ConnectWise product identifier.*starts or ends with whitespace`},
		{"product: unknown type", product(testharness.Attrs{"type": "Subscription"}), `Invalid ConnectWise product type.*"Subscription" is not a ConnectWise product type`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			acc.ParallelTest(t, acc.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []acc.TestStep{{
					Config:      tc.config,
					PlanOnly:    true,
					ExpectError: errorPattern(tc.want),
				}},
			})
		})
	}
}

// TestAccPlanTimeValidation_limitsCountCharacters: the length limits count characters, as the
// contract and the docs say, not bytes: a 60-character French description (120 bytes) plans.
func TestAccPlanTimeValidation_limitsCountCharacters(t *testing.T) {
	e := testharness.Emulator(t)
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config: cwProductConfig(e, sophosConnectWiseProductTypeName, "v", testharness.Attrs{
				"identifier":  "TF-FRANCAIS",
				"description": strings.Repeat("é", 60),
				"subcategory": "Managed Services",
				"type":        "Service",
			}).String(),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
}
