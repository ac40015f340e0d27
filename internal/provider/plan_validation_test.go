package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccPlanTimeValidation: bad input fails at plan time, naming the attribute and the
// problem, before anything is written.
func TestAccPlanTimeValidation(t *testing.T) {
	e := newTestEmulator(t)
	product := func(attrs map[string]string) string {
		base := map[string]string{
			"identifier":  `"TF-VALID"`,
			"description": `"Validation"`,
			"subcategory": `"Managed Services"`,
			"type":        `"Service"`,
		}
		for k, v := range attrs {
			base[k] = v
		}
		var b strings.Builder
		b.WriteString("resource \"sophos_connectwise_product\" \"v\" {\n")
		for k, v := range base {
			b.WriteString("  " + k + " = " + v + "\n")
		}
		b.WriteString("}\n")
		return b.String()
	}
	mapping := func(psa, sophosProduct, productID string) string {
		return `
resource "sophos_psa_product_mapping" "v" {
  psa            = "` + psa + `"
  sophos_product = "` + sophosProduct + `"
  psa_product_id = ` + productID + `
}
`
	}
	cases := []struct {
		name   string
		config string
		want   string
	}{
		{"mapping: unknown psa", mapping("halopsa", "Sophos_Intercept_X", "102"), `Attribute psa value must be one of.*"connectwise".*"autotask"`},
		{"mapping: empty sophos_product", mapping("connectwise", "", "102"), `Attribute sophos_product must be a Sophos product identifier such as "Sophos_Intercept_X_Advanced".*underscores, got: $`},
		{"mapping: sophos_product not an identifier", mapping("connectwise", "Intercept X Advanced", "102"), `sophos_product must be a Sophos product identifier such as "Sophos_Intercept_X_Advanced"`},
		{"mapping: unknown Sophos product", mapping("connectwise", "Sophos_Antivirus_2009", "102"), `Unknown Sophos product.*"Sophos_Antivirus_2009" has no usage.*Valid products:.*"Sophos_Intercept_X_Advanced"`},
		{"mapping: psa_product_id 0", mapping("connectwise", "Sophos_Intercept_X", "0"), `Attribute psa_product_id value must be at least 1`},
		{"products: search of 1 character", `
data "sophos_psa_products" "v" {
  psa    = "connectwise"
  search = "x"
}
`, `Attribute search string length must be at least 2, got: 1`},
		{"products: unknown psa", `
data "sophos_psa_products" "v" {
  psa = "kaseya"
}
`, `Attribute psa value must be one of`},
		{"product: identifier of 76 characters", product(map[string]string{"identifier": `"` + strings.Repeat("X", 76) + `"`}), `identifier must be at most 75 characters \(got 76\)`},
		{"product: description of 61 characters", product(map[string]string{"description": `"` + strings.Repeat("d", 61) + `"`}), `description must be at most 60 characters \(got 61\)`},
		{"product: integration_xref of 51 characters", product(map[string]string{"integration_xref": `"` + strings.Repeat("x", 51) + `"`}), `integration_xref must be at most 50 characters \(got 51\)`},
		{"product: empty customer_description", product(map[string]string{"customer_description": `""`}), `Attribute customer_description string length must be at least 1, got: 0`},
		{"product: negative price", product(map[string]string{"price": "-1"}), `Attribute price value must be at least 0.*got: -1`},
		{"product: negative cost", product(map[string]string{"cost": "-0.5"}), `Attribute cost value must be at least 0`},
		{"product: unknown product_class", product(map[string]string{"product_class": `"Widget"`}), `Attribute product_class value must be one of.*"NonInventory"`},
		{"product: whitespace around identifier", product(map[string]string{"identifier": `" TF-VALID"`}), `Invalid ConnectWise product identifier.*starts or ends with whitespace`},
		{"product: unknown type", product(map[string]string{"type": `"Subscription"`}), `Invalid ConnectWise product type.*"Subscription" is not a ConnectWise product type`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      testProviderConfig(e) + tc.config,
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
	e := newTestEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: testProviderConfig(e) + `
resource "sophos_connectwise_product" "v" {
  identifier  = "TF-FRANCAIS"
  description = "` + strings.Repeat("é", 60) + `"
  subcategory = "Managed Services"
  type        = "Service"
}
`,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
}
