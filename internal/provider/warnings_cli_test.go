package provider

import (
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccWarningsInTerraformOutput runs the engine itself (plugin-testing hides warnings) and
// checks that each plan warning of the mappings reaches the user, on the right resource,
// with what happened and what to do, while the plan still succeeds: a customer switched to term billing, a
// contract made inactive, a company removed from the PSA, a retired PSA product and usage
// billed in both PSAs.
func TestAccWarningsInTerraformOutput(t *testing.T) {
	cases := map[string]struct {
		config func(e *emulator.Emulator) testharness.Configuration
		before func(t *testing.T, e *emulator.Emulator) // before the first plan
		apply  bool                                     // apply first, then change
		change func(t *testing.T, e *emulator.Emulator)
		want   []string
	}{
		"customer switched to term billing": {
			config: func(e *emulator.Emulator) testharness.Configuration {
				return testharness.Config(e).Resource("sophos_psa_customer_mapping", "m",
					customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, nil))
			},
			apply: true,
			change: func(t *testing.T, e *emulator.Emulator) {
				if err := e.Admin().SetTenantBillingType(seedCustomerAlpine, api.BillingTypeTerm); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{"Warning: Usage sync no longer available for this customer", "with sophos_psa_customer_mapping.m",
				"is term-billed in Sophos Central now", "set usage_sync_enabled = false"},
		},
		"contract made inactive": {
			config: func(e *emulator.Emulator) testharness.Configuration {
				return testharness.Config(e).Resource("sophos_psa_customer_mapping", "m",
					customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, nil))
			},
			apply: true,
			change: func(t *testing.T, e *emulator.Emulator) {
				if err := e.Admin().DeactivateContract(api.PsaAutotask, seedATContractAlpine); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{"Warning: Contract inactive", "with sophos_psa_customer_mapping.m",
				"every usage sync to an inactive contract fails", "Reactivate it in the PSA"},
		},
		"company removed from the PSA": {
			config: func(e *emulator.Emulator) testharness.Configuration {
				return testharness.Config(e).Resource("sophos_psa_customer_mapping", "m",
					customerMapping("connectwise", seedCustomerCedarRidge, seedCWCompanyCedarRidge, 0, nil, true))
			},
			apply: true,
			change: func(t *testing.T, e *emulator.Emulator) {
				if err := e.Admin().RemoveCompany(api.PsaConnectwise, seedCWCompanyCedarRidge); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{"Warning: PSA company removed", "with sophos_psa_customer_mapping.m",
				"which was removed from the PSA", "The plan keeps the mapping as it is"},
		},
		"retired PSA product": {
			config: func(e *emulator.Emulator) testharness.Configuration {
				return testharness.Config(e).Resource("sophos_psa_product_mapping", "m",
					productMapping("connectwise", "Sophos_Intercept_X_Advanced", int64(seedCWIXA)))
			},
			apply: true,
			change: func(t *testing.T, e *emulator.Emulator) {
				if err := e.Admin().SetProductInactive(api.PsaConnectwise, seedCWIXA, true); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{"Warning:", "with sophos_psa_product_mapping.m", "nothing is billed through this mapping"},
		},
		"usage billed in both PSAs": {
			config: func(e *emulator.Emulator) testharness.Configuration {
				return testharness.Config(e).Resource("sophos_psa_customer_mapping", "m",
					customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, nil))
			},
			before: func(t *testing.T, e *emulator.Emulator) {
				setCustomerMappingOutOfBand(t, e, api.PsaConnectwise, seedCustomerAlpine, 251, 501, true, false)
			},
			want: []string{"Warning: Usage synced to both PSAs", "with sophos_psa_customer_mapping.m", "would be billed twice"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			engine := newCLIEngine(t, "1.5.0")
			e := testharness.Emulator(t)
			if tc.before != nil {
				tc.before(t, e)
			}
			engine.Write("main.tf", tc.config(e).String())
			engine.MustRun("init", "-input=false", "-no-color")
			if tc.apply {
				engine.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
				tc.change(t, e)
			}
			out := engine.MustRun("plan", "-input=false", "-no-color")
			flat := strings.Join(strings.Fields(out), " ")
			for _, want := range tc.want {
				if !strings.Contains(flat, want) {
					t.Errorf("the plan output does not contain %q:\n%s", want, out)
				}
			}
			if strings.Contains(out, "Error:") {
				t.Errorf("the plan has an error:\n%s", out)
			}
		})
	}
}
