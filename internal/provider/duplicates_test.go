package provider

import (
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccDuplicatesInOneConfiguration: two resources of one configuration that want what
// only one object may have fail the plan, before anything is written, instead of the first
// applying and the second failing.
func TestAccDuplicatesInOneConfiguration(t *testing.T) {
	e := testharness.Emulator(t)
	cw := func(identifier string) testharness.Attrs {
		return testharness.Attrs{"identifier": identifier, "description": "Duplicate " + identifier, "subcategory": "Managed Services", "type": "Service"}
	}
	cases := map[string]struct {
		config testharness.Configuration
		want   []string
	}{
		"the same customer twice": {
			testharness.Config(e).
				Resource("sophos_psa_customer_mapping", "a", customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, nil)).
				Resource("sophos_psa_customer_mapping", "b", customerMapping("autotask", seedCustomerAlpine, seedATCompanyBayside, seedATContractBayside, true, nil)),
			[]string{"Customer mapped twice in this configuration", seedCustomerAlpine, "Keep one of them"},
		},
		"two customers on one contract": {
			testharness.Config(e).
				Resource("sophos_psa_customer_mapping", "a", customerMapping("autotask", seedCustomerAlpine, seedATCompanyBayside, seedATContractBayside, true, nil)).
				Resource("sophos_psa_customer_mapping", "b", customerMapping("autotask", seedCustomerKestrel, seedATCompanyBayside, seedATContractBayside, true, nil)),
			[]string{"Contract mapped twice in this configuration", "company 29682003 and contract 29684002 of Autotask PSA: a new sophos_psa_customer_mapping", "map one of them to another contract"},
		},
		"the same Sophos product twice": {
			testharness.Config(e).
				Resource("sophos_psa_product_mapping", "a", productMapping("connectwise", "Sophos_Intercept_X_Advanced", int64(seedCWIXA))).
				Resource("sophos_psa_product_mapping", "b", productMapping("connectwise", "Sophos_Intercept_X_Advanced", int64(seedCWEndpoint))),
			[]string{"Sophos product mapped twice in this configuration", `"Sophos_Intercept_X_Advanced"`},
		},
		"identifiers that differ only in case": {
			testharness.Config(e).
				Resource("sophos_connectwise_product", "a", cw("TF-DUP-ONE")).
				Resource("sophos_connectwise_product", "b", cw("tf-dup-one")),
			[]string{"ConnectWise identifier used twice in this configuration", "ignoring case"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			acc.ParallelTest(t, acc.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []acc.TestStep{{
					Config:      tc.config.String(),
					PlanOnly:    true,
					ExpectError: errorPhrases(tc.want...),
				}},
			})
		})
	}
}
