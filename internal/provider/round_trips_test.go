package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// Round trips: how many API requests real terraform commands cost, counted by the
// emulator. Counts do not depend on the machine's speed; timings live in the benchmarks.

// requestBudget checks, as a plan check (after `terraform plan`) or a state check (after
// `terraform apply`), that the API requests since the last check are at most max, and
// starts counting again.
type requestBudget struct {
	e    *emulator.Emulator
	what string
	max  int
	t    *testing.T
}

func (b requestBudget) check() error {
	counters := b.e.Counters()
	b.e.ResetCounters()
	total := 0
	var routes []string
	for route, n := range counters {
		total += n
		routes = append(routes, fmt.Sprintf("%s: %d", route, n))
	}
	sort.Strings(routes)
	b.t.Logf("%s: %d API requests (%s)", b.what, total, strings.Join(routes, ", "))
	if total > b.max {
		return fmt.Errorf("%s made %d API requests, want at most %d:\n  %s", b.what, total, b.max, strings.Join(routes, "\n  "))
	}
	return nil
}

func (b requestBudget) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = b.check()
}

func (b requestBudget) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = b.check()
}

// TestAccRoundTrips_customerMappings maps 1,000 customers: the apply (plan and apply) makes
// at most 2,100 requests, and a plan that refreshes the 1,000 unchanged mappings at most 15,
// data sources and authentication included.
func TestAccRoundTrips_customerMappings(t *testing.T) {
	e := testharness.Emulator(t)
	const customers = 1000
	if _, err := e.Admin().SynthesizeResult(emulator.SynthOptions{Customers: customers}); err != nil {
		t.Fatalf("synthesizing customers: %v", err)
	}
	config := syntheticCustomerMappings(t, e)
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				PreConfig: e.ResetCounters,
				Config:    config,
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{requestBudget{e, "the plan of 1,000 new mappings", 100, t}},
				},
				ConfigStateChecks: []statecheck.StateCheck{requestBudget{e, "the apply of 1,000 new mappings", 2100 - 100, t}},
			},
			{
				PreConfig: e.ResetCounters,
				Config:    config,
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), requestBudget{e, "a plan refreshing 1,000 unchanged mappings", 15, t}},
				},
			},
			{Config: testharness.ProviderBlock(e)},
		},
	})
}

// TestAccRoundTrips_productMappings maps the 25 Sophos products with usage in both PSAs:
// 50 mappings cost at most 110 requests to plan and apply.
func TestAccRoundTrips_productMappings(t *testing.T) {
	e := testharness.Emulator(t)
	var b strings.Builder
	b.WriteString(testharness.ProviderBlock(e))
	for psa, product := range map[string]int64{"connectwise": seedCWIXA, "autotask": seedATMDRComplete} {
		fmt.Fprintf(&b, `
data "sophos_psa_product_mappings" %[1]q {
  psa = %[1]q
}

resource "sophos_psa_product_mapping" %[1]q {
  for_each = toset([for m in data.sophos_psa_product_mappings.%[1]s.mappings : m.sophos_product])

  psa            = %[1]q
  sophos_product = each.key
  psa_product_id = %[2]d
}
`, psa, product)
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			PreConfig: e.ResetCounters,
			Config:    b.String(),
			ConfigPlanChecks: acc.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(`sophos_psa_product_mapping.connectwise["Sophos_MDR_Complete"]`, plancheck.ResourceActionCreate),
					requestBudget{e, "the plan of 50 new product mappings", 30, t},
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{requestBudget{e, "the apply of 50 new product mappings", 110 - 30, t}},
		}, {
			// for_each instances cannot be addressed by the legacy destroy check: destroy here.
			Config: testharness.ProviderBlock(e),
		}},
	})
}

// TestAccRoundTrips_connectWiseProducts creates 200 ConnectWise products: at most 420
// requests to plan and apply.
func TestAccRoundTrips_connectWiseProducts(t *testing.T) {
	e := testharness.Emulator(t)
	config := testharness.ProviderBlock(e) + `
resource "sophos_connectwise_product" "bulk" {
  count = 200

  identifier  = "TF-BULK-${count.index}"
  description = "Bulk product ${count.index}"
  subcategory = "Managed Services"
  type        = "Service"
}
`
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			PreConfig: e.ResetCounters,
			Config:    config,
			ConfigPlanChecks: acc.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{requestBudget{e, "the plan of 200 new ConnectWise products", 20, t}},
			},
			ConfigStateChecks: []statecheck.StateCheck{requestBudget{e, "the apply of 200 new ConnectWise products", 420 - 20, t}},
		}},
	})
}

// syntheticCustomerMappings is a configuration mapping every synthetic customer to its own
// company and contract, with literal ids, as a generated or hand-kept configuration has them.
func syntheticCustomerMappings(t *testing.T, e *emulator.Emulator) string {
	t.Helper()
	ctx := context.Background()
	c := testharness.Client(t, e, testharness.FastRetries)
	customers, err := c.ListTenants(ctx)
	if err != nil {
		t.Fatal(err)
	}
	companies, err := c.ListPSACompanies(ctx, api.PsaAutotask, client.CompanyQuery{Search: "Synth Customer"})
	if err != nil {
		t.Fatal(err)
	}
	contracts, err := c.ListPSAContracts(ctx, api.PsaAutotask, client.ContractQuery{})
	if err != nil {
		t.Fatal(err)
	}
	companyIDs, contractIDs := map[string]int64{}, map[string]int64{}
	for _, co := range companies {
		companyIDs[co.Name] = co.Id
	}
	for _, k := range contracts {
		contractIDs[k.Name] = k.Id
	}
	var b strings.Builder
	b.WriteString(testharness.ProviderBlock(e))
	for _, cu := range customers {
		if !strings.HasPrefix(cu.Name, "Synth Customer ") {
			continue
		}
		fmt.Fprintf(&b, "resource \"sophos_psa_customer_mapping\" \"c%s\" {\n%s  usage_sync_enabled = true\n}\n",
			strings.TrimPrefix(cu.Name, "Synth Customer "),
			fmt.Sprintf("  psa         = \"autotask\"\n  customer_id = %q\n  company_id  = %d\n  contract_id = %d\n",
				cu.Id, companyIDs[cu.Name], contractIDs[cu.Name+" - Sophos MSP Flex"]))
	}
	return b.String()
}
