package provider

import (
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPlanTimeValidation_numbersOutOfRange: a number the attribute cannot hold (an id
// beyond 64 bits, an id with a fraction, a price beyond a 64-bit float) fails the plan on
// that attribute with the value and the range, in resources, data sources and the provider
// block alike, instead of the framework's "always an error in the provider".
func TestAccPlanTimeValidation_numbersOutOfRange(t *testing.T) {
	e := testharness.Emulator(t)
	const huge = testharness.Expr("99999999999999999999")
	outOfRange := func(attr, value string) []string {
		return []string{"Number out of range", attr + " = " + value + " is out of range", "integer from -9223372036854775808 to 9223372036854775807"}
	}
	cases := []struct {
		name   string
		config testharness.Configuration
		want   []string
	}{
		{"customer mapping: company_id beyond 64 bits", testharness.Config(e).Resource("sophos_psa_customer_mapping", "n",
			customerMapping("autotask", seedCustomerAlpine, 0, seedATContractAlpine, true, nil).With(testharness.Attrs{"company_id": huge})),
			outOfRange("company_id", "99999999999999999999")},
		{"customer mapping: contract_id with a fraction", testharness.Config(e).Resource("sophos_psa_customer_mapping", "n",
			customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, 0, true, nil).With(testharness.Attrs{"contract_id": testharness.Expr("1.5")})),
			[]string{"Not a whole number", "contract_id = 1.5 is not a whole number", "Write it without a fraction"}},
		{"product mapping: psa_product_id beyond 64 bits", testharness.Config(e).Resource("sophos_psa_product_mapping", "n",
			productMapping("connectwise", "Sophos_Intercept_X_Advanced", huge)),
			outOfRange("psa_product_id", "99999999999999999999")},
		{"product: price beyond a 64-bit float", cwProductConfig(e, sophosConnectWiseProductTypeName, "n", testharness.Attrs{
			"identifier": "TF-NUM", "description": "Numbers", "subcategory": "Managed Services", "type": "Service", "price": testharness.Expr("1e400")}),
			[]string{"Number out of range", "price = 1e+400 is out of range", "64-bit float"}},
		{"data source: company_id beyond 64 bits", testharness.Config(e).Data("sophos_psa_contracts", "n", testharness.Attrs{"psa": "autotask", "company_id": huge}),
			outOfRange("company_id", "99999999999999999999")},
		{"provider: max_retries beyond 64 bits", testharness.NewConfig().Provider(testharness.ProviderAttrs(e).With(testharness.Attrs{"max_retries": huge})).
			Data("sophos_customers", "n", testharness.Attrs{}),
			outOfRange("max_retries", "99999999999999999999")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			acc.ParallelTest(t, acc.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []acc.TestStep{{Config: tc.config.String(), PlanOnly: true, ExpectError: errorPhrases(tc.want...)}},
			})
		})
	}
	// A number known only at apply (here the output of another resource) is caught when
	// Terraform plans the mapping again with it, before anything is written.
	t.Run("customer mapping: company_id known only at apply", func(t *testing.T) {
		config := testharness.Config(e).
			Resource("terraform_data", "id", testharness.Attrs{"input": huge}).
			Resource("sophos_psa_customer_mapping", "n", customerMapping("autotask", seedCustomerAlpine, 0, seedATContractAlpine, true, nil).
				With(testharness.Attrs{"company_id": testharness.Expr("terraform_data.id.output")}))
		acc.ParallelTest(t, acc.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
			Steps:                    []acc.TestStep{{Config: config.String(), ExpectError: errorPhrases(outOfRange("company_id", "99999999999999999999")...)}},
		})
	})
}
