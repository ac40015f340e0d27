package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

const usageSyncRoute = "POST /partner/v1/psa/{psa}/usage-sync"

func syncConfig(psa string) map[string]tftypes.Value {
	return map[string]tftypes.Value{"psa": tftypes.NewValue(tftypes.String, psa)}
}

// lastSyncOf reads the last usage-sync result of a customer.
func lastSyncOf(t *testing.T, e *emulator.Emulator, psa api.Psa, customerID string) *api.LastSync {
	t.Helper()
	m, _, err := testharness.Client(t, e, testharness.FastRetries).GetCustomerMapping(context.Background(), psa, customerID)
	if err != nil {
		t.Fatal(err)
	}
	return m.LastSync
}

// TestSyncUsageAction: one pass; a customer that cannot sync is a warning naming the
// reason; the progress says what happened; a PSA that is not connected is an error before
// anything is sent.
func TestSyncUsageAction(t *testing.T) {
	t.Parallel()
	e := testharness.Emulator(t)
	// One customer that syncs, and a term-billed one switched on in the console (the API
	// would refuse it), which fails.
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, false)
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerGreenfield, seedATCompanyGreenfield, seedATContractGreenfield, true, false)

	res := serve(t, e).InvokeAction("sophos_psa_sync_usage", syncConfig("autotask"))
	if res.Diagnostics.HasError() {
		t.Fatalf("sync: %v", res.Diagnostics)
	}
	if ls := lastSyncOf(t, e, api.PsaAutotask, seedCustomerAlpine); ls == nil || ls.Status != api.SyncStatusSuccessful {
		t.Errorf("Alpine's last sync = %+v, want successful", ls)
	}
	if ls := lastSyncOf(t, e, api.PsaAutotask, seedCustomerGreenfield); ls == nil || ls.Status != api.SyncStatusFailed {
		t.Errorf("Greenfield's last sync = %+v, want failed", ls)
	}
	want := []string{"Syncing usage to Autotask PSA...", "Usage sync to Autotask PSA done: 1 customer synced, 1 failed."}
	if strings.Join(res.Progress, "\n") != strings.Join(want, "\n") {
		t.Errorf("progress:\n%s\nwant:\n%s", strings.Join(res.Progress, "\n"), strings.Join(want, "\n"))
	}
	if res.Diagnostics.WarningsCount() != 1 {
		t.Fatalf("want one warning (Greenfield), got %v", res.Diagnostics)
	}
	if w := res.Diagnostics.Warnings()[0]; !strings.Contains(w.Detail(), seedCustomerGreenfield) || !strings.Contains(w.Detail(), "term-billed") {
		t.Errorf("the warning must name the customer and the reason: %s", w.Detail())
	}

	// A PSA without customers to sync.
	res = serve(t, e).InvokeAction("sophos_psa_sync_usage", syncConfig("connectwise"))
	if res.Diagnostics.HasError() || res.Progress[len(res.Progress)-1] != "Usage sync to ConnectWise PSA done: no mapped customer has usage sync on." {
		t.Errorf("sync without customers: %v %q", res.Diagnostics, res.Progress)
	}

	// Not connected, or in an error state: a clear error, and no sync request.
	for status, want := range map[api.IntegrationStatus]string{
		api.IntegrationStatusNotConfigured: "Autotask PSA is not connected to this partner account (status notConfigured)",
		api.IntegrationStatusError:         "The Autotask PSA integration of this partner is in an error state",
	} {
		if err := e.Admin().SetIntegrationStatus(api.PsaAutotask, status); err != nil {
			t.Fatal(err)
		}
		e.ResetCounters()
		res = serve(t, e).InvokeAction("sophos_psa_sync_usage", syncConfig("autotask"))
		if !res.Diagnostics.HasError() {
			t.Fatalf("%s: want an error", status)
		}
		if d := res.Diagnostics.Errors()[0]; d.Summary() != "Unable to sync usage" || !strings.Contains(d.Detail(), want) {
			t.Errorf("%s: unexpected diagnostic: %s: %s", status, d.Summary(), d.Detail())
		}
		if n := e.Counters()[usageSyncRoute]; n != 0 {
			t.Errorf("%s: %d sync requests sent", status, n)
		}
	}
}

// TestAccSyncUsageAction_trigger: the action runs after the mapping is created, from an
// action_trigger, and the customer's usage is synced (Terraform 1.14+).
func TestAccSyncUsageAction_trigger(t *testing.T) {
	e := testharness.Emulator(t)
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{testharness.EngineHas(testharness.FeatureActions)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckExamplesDestroyed(t, e),
		Steps: []acc.TestStep{{
			Config: exampleConfig(t, e, "actions/sophos_psa_sync_usage/action.tf"),
			ConfigStateChecks: []statecheck.StateCheck{apiStateCheck(func(context.Context) error {
				if n := e.Counters()[usageSyncRoute]; n != 1 {
					return fmt.Errorf("want 1 usage sync after create, got %d", n)
				}
				if ls := lastSyncOf(t, e, api.PsaConnectwise, seedCustomerCedarRidge); ls == nil || ls.Status != api.SyncStatusSuccessful {
					return fmt.Errorf("Cedar Ridge's last sync = %+v, want successful", ls)
				}
				return nil
			})},
		}},
	})
}
