package provider

import (
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccPSAUsageSyncHistoryPSALines reads, on the emulator's reconciliation month, which PSA
// lines each run wrote: on ConnectWise the agreement addition the first run created and the
// second updated (the same id), on Autotask the contract service and the month's units.
func TestAccPSAUsageSyncHistoryPSALines(t *testing.T) {
	const seedCustomerPinnacle = "5359fa53-b0f4-4e72-b591-8d43d4ff69e6"
	e := emulator.StartForTest(t, emulator.Options{Seed: emulator.ReconciliationSeed()})
	written := func(psa api.Psa, customerID string) api.UsageSyncPsaLine {
		t.Helper()
		run, err := e.Admin().SyncUsage(psa)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range run.Results {
			if r.CustomerId == customerID && len(r.PsaLines) == 1 {
				return r.PsaLines[0]
			}
		}
		t.Fatalf("the %s run wrote no line for %s: %+v", psa, customerID, run.Results)
		return api.UsageSyncPsaLine{}
	}
	created := written(api.PsaConnectwise, seedCustomerCedarRidge)
	if updated := written(api.PsaConnectwise, seedCustomerCedarRidge); *updated.AdditionId != *created.AdditionId {
		t.Fatalf("the second run wrote addition %d, the first %d", *updated.AdditionId, *created.AdditionId)
	}
	units := written(api.PsaAutotask, seedCustomerPinnacle)

	const cedar, pinnacle = "data.sophos_psa_usage_sync_history.cedar", "data.sophos_psa_usage_sync_history.pinnacle"
	line := func(run int) tfjsonpath.Path {
		return tfjsonpath.New("runs").AtSliceIndex(run).AtMapKey("results").AtSliceIndex(0).AtMapKey("psa_lines")
	}
	cwLine := func(action string) knownvalue.Check {
		return knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"action": knownvalue.StringExact(action), "psa_product_id": knownvalue.Int64Exact(102),
			"sophos_products": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("Sophos_Intercept_X_Advanced")}),
			"quantity":        knownvalue.Float64Exact(18), "addition_id": knownvalue.Int64Exact(*created.AdditionId),
			"contract_service_id": knownvalue.Null(), "contract_service_unit_id": knownvalue.Null(),
		})})
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config: testharness.ProviderBlock(e) + `
data "sophos_psa_usage_sync_history" "cedar" {
  psa         = "connectwise"
  customer_id = "` + seedCustomerCedarRidge + `"
}

data "sophos_psa_usage_sync_history" "pinnacle" {
  psa         = "autotask"
  customer_id = "` + seedCustomerPinnacle + `"
}
`,
			ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(cedar, tfjsonpath.New("runs"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue(cedar, line(0), cwLine("updated")),
				statecheck.ExpectKnownValue(cedar, line(1), cwLine("created")),
				statecheck.ExpectKnownValue(pinnacle, line(0), knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
					"action": knownvalue.StringExact("created"), "psa_product_id": knownvalue.Int64Exact(29680002),
					"sophos_products": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("Sophos_Intercept_X_Advanced_XDR")}),
					"quantity":        knownvalue.Float64Exact(16), "addition_id": knownvalue.Null(),
					"contract_service_id":      knownvalue.Int64Exact(*units.ContractServiceId),
					"contract_service_unit_id": knownvalue.Int64Exact(*units.ContractServiceUnitId),
				})})),
			},
		}},
	})
}
