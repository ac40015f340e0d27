package provider

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccAutotaskDirect_contractChecks plans one configuration of mappings that break every
// rule about an Autotask contract or product, in both modes, with the engine itself (its
// output has the warnings plugin-testing hides), and holds the diagnostics of the autotask
// block to those of the integration, word for word.
func TestAccAutotaskDirect_contractChecks(t *testing.T) {
	t.Parallel()
	e, ca := testharness.EmulatorTLS(t)
	tf := newCLIEngine(t, "1.5.0")
	mapping := func(customer string, company, contract int64) testharness.Attrs {
		return customerMapping("autotask", customer, company, contract, true, nil)
	}
	cases := []struct {
		kind, name string
		attrs      testharness.Attrs
		want       []string // the diagnostic's summary and phrases; none: no diagnostic
	}{
		{"sophos_psa_customer_mapping", "cancelled", mapping(seedCustomerNorthgate, seedATCompanyNorthgate, seedATContractNorthgateCanceled),
			[]string{"Error: Contract not found or cancelled", "Autotask PSA has no contract 29684012, or it was cancelled"}},
		{"sophos_psa_customer_mapping", "inactive", mapping("7c62543e-dd0a-4b1b-9e5a-e262232ca62b", 29682009, 29684008),
			[]string{"inactive", "29684008"}},
		{"sophos_psa_customer_mapping", "other_company", mapping(seedCustomerAlpine, seedATCompanyAlpine, seedATContractBayside),
			[]string{"Error: Contract belongs to another company", `Contract 29684002 ("Bayside Legal - Sophos MSP Flex") belongs to company 29682003 ("Bayside Legal LLP")`}},
		{"sophos_psa_customer_mapping", "duplicate", mapping("dc51d951-7dfa-4192-a322-73fd76d40d5e", 29682015, 29684011),
			[]string{"Warning: Contract name is not unique", `contract 29684010 of company 29682011 ("Northgate Property Management")`}},
		{"sophos_psa_customer_mapping", "connectwise_agreement", mapping(seedCustomerBayside, seedATCompanyBayside, seedCWAgreementCedarRidge),
			[]string{"Error: Contract not found or cancelled", "is a ConnectWise agreement, not an Autotask one"}},
		{"sophos_psa_customer_mapping", "unknown_company", customerMapping("autotask", seedCustomerKestrel, 99999, 0, nil, true),
			[]string{"Error: PSA company not found", "Autotask PSA has no company 99999"}},
		{"sophos_psa_customer_mapping", "expired", mapping(seedCustomerCedarRidge, 29682004, 29684003), nil},
		{"sophos_psa_product_mapping", "inactive_product", productMapping("autotask", "Sophos_Endpoint_Protection", 29680006),
			[]string{"29680006", "inactive"}},
		{"sophos_psa_product_mapping", "connectwise_product", productMapping("autotask", "Sophos_Intercept_X", seedCWIXA),
			[]string{"Error:", "102"}},
		{"sophos_psa_product_mapping", "fine", productMapping("autotask", "Sophos_MDR_Complete", seedATMDRComplete), nil},
	}
	var first []string
	for _, m := range autotaskModes {
		// The resources first, so that their lines are the same in both configurations.
		cfg := testharness.NewConfig()
		for _, c := range cases {
			cfg = cfg.Resource(c.kind, c.name, c.attrs)
		}
		tf.Write("main.tf", cfg.String()+m.config(e, ca).String())
		before := autotaskRequests(e)
		out, code := tf.Run("plan", "-no-color", "-input=false")
		if code == 0 {
			t.Fatalf("%s: the plan succeeded:\n%s", m.name, out)
		}
		diags := diagnosticsOf(out)
		for _, c := range cases {
			var mine []string
			for _, d := range diags {
				if strings.Contains(d, "with "+c.kind+"."+c.name+",") {
					mine = append(mine, d)
				}
			}
			switch {
			case c.want == nil && len(mine) > 0:
				t.Errorf("%s: %s.%s: want no diagnostic, got:\n%s", m.name, c.kind, c.name, strings.Join(mine, "\n"))
			case c.want != nil && len(mine) != 1:
				t.Errorf("%s: %s.%s: want one diagnostic, got %d:\n%s", m.name, c.kind, c.name, len(mine), strings.Join(mine, "\n"))
			case c.want != nil:
				for _, w := range c.want {
					if !strings.Contains(strings.Join(strings.Fields(mine[0]), " "), w) {
						t.Errorf("%s: %s.%s: the diagnostic lacks %q:\n%s", m.name, c.kind, c.name, w, mine[0])
					}
				}
			}
		}
		if got := autotaskRequests(e) - before; m.direct != (got > 0) {
			t.Errorf("%s: %d requests to the Autotask room", m.name, got)
		}
		if first == nil {
			first = diags
		} else {
			for i := range max(len(first), len(diags)) {
				if i >= len(first) || i >= len(diags) || first[i] != diags[i] {
					t.Errorf("the diagnostics differ between the modes:\nintegration: %q\nautotask:    %q", itemAt(first, i), itemAt(diags, i))
				}
			}
		}
	}
}

func itemAt(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return ""
}

// diagnosticStart is where a diagnostic of the engine's plain output begins.
var diagnosticStart = regexp.MustCompile(`(?m)^(Error|Warning): `)

// diagnosticsOf are the diagnostics of the engine's plain output, each as one text, sorted.
func diagnosticsOf(out string) []string {
	idx := diagnosticStart.FindAllStringIndex(out, -1)
	var diags []string
	for i, loc := range idx {
		end := len(out)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		diags = append(diags, strings.TrimSpace(out[loc[0]:end]))
	}
	slices.Sort(diags)
	return diags
}
