package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// "Sync now" as Terraform 1.16 users write it: on_failure on the trigger, a final sync before
// a customer is unmapped, and a PSA that is not connected failing the plan.

// failNextSync makes the next usage-sync request of psa fail with 500 (not retried).
func failNextSync(e *emulator.Emulator, psa api.Psa) {
	e.InjectNext(emulator.InjectedFault{Kind: emulator.Fault500, Method: "POST", PathPrefix: "/partner/v1/psa/" + string(psa) + "/usage-sync"})
}

// TestAccSyncUsageAction_onFailure: with on_failure = continue (the example) a sync that
// cannot run leaves the new mapping applied and the apply successful; with halt, the
// default, the apply stops with the action's error.
func TestAccSyncUsageAction_onFailure(t *testing.T) {
	e := testharness.Emulator(t)
	example := exampleConfig(t, e, "actions/sophos_psa_sync_usage/action.tf")
	halting := strings.Replace(example, "      on_failure = continue", "      on_failure = halt", 1)
	if halting == example {
		t.Fatal("the example has no on_failure = continue")
	}
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{testharness.EngineHas(testharness.FeatureActions)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckExamplesDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				PreConfig: func() { failNextSync(e, api.PsaConnectwise) },
				Config:    example,
				ConfigStateChecks: []statecheck.StateCheck{apiStateCheck(func(context.Context) error {
					if n := e.Counters()[usageSyncRoute]; n != 1 {
						return fmt.Errorf("want the 1 failed sync request, got %d", n)
					}
					if ls := lastSyncOf(t, e, api.PsaConnectwise, seedCustomerCedarRidge); ls != nil {
						return fmt.Errorf("Cedar Ridge synced although the sync failed: %+v", ls)
					}
					return nil
				})},
			},
			{
				// A change of the mapping triggers the action again (after_update); it fails and halts.
				PreConfig:   func() { failNextSync(e, api.PsaConnectwise) },
				Config:      strings.Replace(halting, "usage_sync_enabled = true", "usage_sync_enabled = true\n  ticket_sync_enabled = true", 1),
				ExpectError: errorPhrases("Unable to sync usage"),
			},
		},
	})
}

// TestAccSyncUsageAction_finalSyncBeforeUnmap: the example's before_destroy trigger syncs the
// customer's usage while it is still mapped, then the destroy unmaps it.
func TestAccSyncUsageAction_finalSyncBeforeUnmap(t *testing.T) {
	e := testharness.Emulator(t)
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{testharness.EngineHas(testharness.FeatureActions)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: acc.ComposeAggregateTestCheckFunc(testAccCheckExamplesDestroyed(t, e), func(*terraform.State) error {
			if n := e.Counters()[usageSyncRoute]; n != 1 {
				return fmt.Errorf("want 1 usage sync at destroy, got %d", n)
			}
			results, err := e.Admin().SyncResults(api.PsaAutotask)
			if err != nil {
				return err
			}
			for _, r := range results {
				if r.CustomerID == seedCustomerAlpine && r.Status == api.SyncStatusSuccessful {
					return nil
				}
			}
			return fmt.Errorf("the final sync has no successful result for Alpine (synced after it was unmapped?): %+v", results)
		}),
		Steps: []acc.TestStep{{
			Config:           exampleConfig(t, e, "actions/sophos_psa_sync_usage/final-sync.tf"),
			ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			ConfigStateChecks: []statecheck.StateCheck{apiStateCheck(func(context.Context) error {
				if n := e.Counters()[usageSyncRoute]; n != 0 {
					return fmt.Errorf("the final sync ran at create (%d requests)", n)
				}
				return nil
			})},
		}},
	})
}

// TestAccSyncUsageAction_notConnectedAtPlan: `terraform plan -invoke` of "Sync now" for a PSA
// that is not connected fails at plan, naming the attribute and what to do; nothing is sent.
func TestAccSyncUsageAction_notConnectedAtPlan(t *testing.T) {
	t.Parallel()
	engine := newCLIEngine(t, "1.14.0", testharness.FeatureActions)
	e := testharness.Emulator(t)
	disconnectOutOfBand(t, e, api.PsaAutotask)
	engine.Write("main.tf", testharness.ProviderBlock(e)+`
action "sophos_psa_sync_usage" "autotask" {
  config {
    psa = "autotask"
  }
}
`)
	engine.MustRun("init", "-input=false", "-no-color")
	e.ResetCounters()
	out, code := engine.Run("plan", "-invoke=action.sophos_psa_sync_usage.autotask", "-input=false", "-no-color")
	if code == 0 || !strings.Contains(out, "Unable to sync usage") || !strings.Contains(out, "not connected") || !strings.Contains(out, "sophos_psa_integration.<name>.id") {
		t.Errorf("plan -invoke (exit %d) must fail naming the unconnected PSA:\n%s", code, out)
	}
	if n := e.Counters()[usageSyncRoute]; n != 0 {
		t.Errorf("%d sync requests sent", n)
	}
}
