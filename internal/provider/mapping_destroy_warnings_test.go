package provider

import (
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccMappingDestroyWarnings: a plan that destroys a mapping that could not be made again
// as it is (its contract cancelled in the PSA, its PSA product made inactive) warns on that
// mapping, and still plans the destroy.
func TestAccMappingDestroyWarnings(t *testing.T) {
	cases := map[string]struct {
		address string
		attrs   testharness.Attrs
		change  func(e *emulator.Emulator) error
		want    []string
	}{
		"cancelled contract": {
			address: "sophos_psa_customer_mapping.m",
			attrs:   customerMapping("autotask", seedCustomerTidewater, seedATCompanyTidewater, seedATContractTidewater, true, nil),
			change: func(e *emulator.Emulator) error {
				return e.Admin().CancelContract(api.PsaAutotask, seedATContractTidewater)
			},
			want: []string{"Warning: Mapping cannot be made again", "contract 29684016", "was cancelled in the PSA", "putting the block back fails"},
		},
		"inactive PSA product": {
			address: "sophos_psa_product_mapping.m",
			attrs:   productMapping("connectwise", "Sophos_Intercept_X_Advanced", int64(seedCWIXA)),
			change: func(e *emulator.Emulator) error {
				return e.Admin().SetProductInactive(api.PsaConnectwise, seedCWIXA, true)
			},
			want: []string{"Warning: Mapping cannot be made again", `PSA product 102 ("SOPHOS-CIX-ADV") is inactive`},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			engine := newCLIEngine(t, "1.5.0")
			e := testharness.Emulator(t)
			typ, res, _ := strings.Cut(tc.address, ".")
			engine.Write("main.tf", testharness.Config(e).Resource(typ, res, tc.attrs).String())
			engine.MustRun("init", "-input=false", "-no-color")
			engine.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
			if err := tc.change(e); err != nil {
				t.Fatal(err)
			}
			engine.Write("main.tf", testharness.ProviderBlock(e))
			out := engine.MustRun("plan", "-input=false", "-no-color")
			mustContain(t, out, append(tc.want, "1 to destroy")...)
		})
	}
}
