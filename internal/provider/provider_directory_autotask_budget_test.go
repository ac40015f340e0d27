package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// autotaskRefreshBudget is what one configured provider (a plan; an apply configures it twice,
// for its plan and for the apply) costs in Autotask requests with the autotask block, as the
// guide "Connecting the provider to Autotask" states it: a zone lookup (none with zone_url), then each
// entity once, one request per 500 records: companies, the contracts' picklists, contracts,
// services and service bundles. An estate of 300 customers has fewer than 500 of each.
const autotaskRefreshBudget = 6

// TestAccAutotaskDirect_refreshBudget maps 300 customers of the autotask block's Autotask with
// real terraform and counts what each command asks Autotask: the whole estate's plan, its
// apply and the refresh after it stay within the documented budget, whatever the
// parallelism, because each entity is read once per command and shared.
func TestAccAutotaskDirect_refreshBudget(t *testing.T) {
	t.Parallel()
	e, ca := testharness.EmulatorTLSWith(t, emulator.Options{AutotaskLimits: &emulator.AutotaskLimits{UsageLatency: 0}})
	synth, err := e.Admin().SynthesizeResult(emulator.SynthOptions{Customers: 300})
	if err != nil {
		t.Fatal(err)
	}
	contracts, err := testharness.Client(t, e).ListPSAContracts(context.Background(), api.PsaAutotask, client.ContractQuery{})
	if err != nil {
		t.Fatal(err)
	}
	byCompanyName := map[string]api.PsaContract{}
	for _, c := range contracts {
		if strings.HasPrefix(c.CompanyName, "Synth Customer ") {
			byCompanyName[c.CompanyName] = c
		}
	}
	cfg := testharness.NewConfig().Provider(testharness.ProviderAttrs(e).With(testharness.Attrs{"autotask": testharness.AutotaskBlock(e, ca)})).
		Data("sophos_psa_companies", "all", testharness.Attrs{"psa": "autotask"}).
		Data("sophos_psa_contracts", "all", testharness.Attrs{"psa": "autotask"}).
		Data("sophos_psa_products", "all", testharness.Attrs{"psa": "autotask"})
	for i, customer := range synth.Customers {
		c, ok := byCompanyName[synthCustomerName(i+1)]
		if !ok {
			t.Fatalf("no Autotask contract of %s", synthCustomerName(i+1))
		}
		cfg = cfg.Resource("sophos_psa_customer_mapping", "c"+customer[:8], customerMapping("autotask", customer, c.CompanyId, c.Id, true, nil))
	}
	tf := newCLIEngine(t, "1.5.0")
	tf.Write("main.tf", cfg.String())
	for _, step := range []struct {
		name  string
		args  []string
		want  string
		walks int
	}{
		{"plan", []string{"plan", "-no-color", "-input=false", "-parallelism=20"}, "300 to add", 1},
		{"apply", []string{"apply", "-no-color", "-input=false", "-auto-approve", "-parallelism=20"}, "300 added", 2},
		{"refresh", []string{"plan", "-no-color", "-input=false", "-parallelism=20"}, "No changes", 1},
	} {
		before := autotaskRequests(e)
		out := tf.MustRun(step.args...)
		if !strings.Contains(out, step.want) {
			t.Fatalf("%s: no %q in:\n%s", step.name, step.want, out)
		}
		got := autotaskRequests(e) - before
		t.Logf("terraform %s of 300 customer mappings: %d Autotask requests", step.name, got)
		if got == 0 || got > step.walks*autotaskRefreshBudget {
			t.Errorf("terraform %s cost %d Autotask requests; the documented budget is %d per configured provider, %d here",
				step.name, got, autotaskRefreshBudget, step.walks*autotaskRefreshBudget)
		}
	}
	if _, used := e.AutotaskUsage(); used > 4*autotaskRefreshBudget {
		t.Errorf("the Autotask database counted %d requests for three commands", used)
	}
}

// synthCustomerName is the name Admin.Synthesize gives its i-th customer and its companies.
func synthCustomerName(i int) string { return fmt.Sprintf("Synth Customer %04d", i) }
