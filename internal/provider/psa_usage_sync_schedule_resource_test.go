package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

func scheduleConfig(e *emulator.Emulator, psa, schedule string, day int) string {
	body := fmt.Sprintf("  psa      = %q\n  schedule = %q\n", psa, schedule)
	if day != 0 {
		body += fmt.Sprintf("  day_of_month = %d\n", day)
	}
	return testharness.ProviderBlock(e) + "\nresource \"sophos_psa_usage_sync_schedule\" \"this\" {\n" + body + "}\n"
}

// testAccCheckSchedulesReset checks that every schedule of the state is back to the default.
func testAccCheckSchedulesReset(t *testing.T, e *emulator.Emulator) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for address, rs := range s.RootModule().Resources {
			if rs.Type != "sophos_psa_usage_sync_schedule" {
				continue
			}
			got, _, err := testharness.Client(t, e, testharness.FastRetries).GetUsageSyncSchedule(context.Background(), api.Psa(rs.Primary.ID))
			if client.IsConflict(err) {
				continue // disconnected: a PSA that is connected again starts on the default
			}
			if err != nil {
				return fmt.Errorf("%s: %w", address, err)
			}
			if got.UsageSyncSchedule != api.DefaultUsageSyncSchedule || got.DayOfMonth != nil {
				return fmt.Errorf("%s: schedule %s (day %v) after destroy, want the default %s", address, got.UsageSyncSchedule, got.DayOfMonth, api.DefaultUsageSyncSchedule)
			}
		}
		return nil
	}
}

// TestAccPSAUsageSyncSchedule_lifecycle: daily, then monthly on the 15th in place, import,
// a change in the console put back, destroy back to the default; bad schedules fail at plan.
func TestAccPSAUsageSyncSchedule_lifecycle(t *testing.T) {
	e := testharness.Emulator(t)
	const address = "sophos_psa_usage_sync_schedule.this"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckSchedulesReset(t, e),
		Steps: []acc.TestStep{
			{Config: scheduleConfig(e, "connectwise", "monthly", 0), PlanOnly: true, ExpectError: errorPhrases("Monthly schedule needs a day", "day_of_month to a day from 1 to 28")},
			{Config: scheduleConfig(e, "connectwise", "monthly", 31), PlanOnly: true, ExpectError: errorPhrases("Day of month out of range", "got 31")},
			{Config: scheduleConfig(e, "connectwise", "daily", 5), PlanOnly: true, ExpectError: errorPhrases("day_of_month applies only to a \"monthly\" schedule")},
			{Config: scheduleConfig(e, "connectwise", "weekly", 0), PlanOnly: true, ExpectError: errorPattern(`value must be one of`)},
			// Autotask syncs daily in the seed, set in the console: creating another schedule over
			// it is refused; the same one is what the configuration asks, so it plans (see
			// TestAccPSAUsageSyncSchedule_alreadyAsConfigured).
			{Config: scheduleConfig(e, "autotask", "monthly", 5), PlanOnly: true, ExpectError: errorPhrases("Set outside Terraform", `was set to "daily"`, `id = "autotask"`)},
			{
				Config: scheduleConfig(e, "connectwise", "daily", 0),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact("connectwise")),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("firewall_sync"), knownvalue.StringExact("withInvoice")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("schedule"), knownvalue.StringExact("daily")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("day_of_month"), knownvalue.Null()),
				},
			},
			{
				Config: scheduleConfig(e, "connectwise", "monthly", 15),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("day_of_month"), knownvalue.Int64Exact(15)),
					apiStateCheck(func(ctx context.Context) error {
						in, _, err := testharness.Client(t, e, testharness.FastRetries).GetIntegration(ctx, api.PsaConnectwise)
						if err == nil && (in.UsageSyncSchedule != "monthly" || in.UsageSyncDayOfMonth == nil || *in.UsageSyncDayOfMonth != 15) {
							err = fmt.Errorf("the API holds %s day %v", in.UsageSyncSchedule, in.UsageSyncDayOfMonth)
						}
						return err
					}),
				},
			},
			{ResourceName: address, ImportState: true, ImportStateVerify: true},
			// Someone sets it to daily in the console: the plan puts the 15th back.
			{
				PreConfig: func() {
					if err := e.Admin().SetUsageSyncSchedule(api.PsaConnectwise, api.UsageSyncFrequencyDaily, nil); err != nil {
						t.Fatal(err)
					}
				},
				Config: scheduleConfig(e, "connectwise", "monthly", 15),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
			},
			// Changed in the console between plan and apply: the apply stops instead of overwriting it.
			{
				Config: scheduleConfig(e, "connectwise", "withInvoice", 0),
				ConfigPlanChecks: acc.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{changeOutOfBand(func(context.Context) error {
					return e.Admin().SetUsageSyncSchedule(api.PsaConnectwise, api.UsageSyncFrequencyDaily, nil)
				})}},
				ExpectError: errorPhrases("Unable to update usage-sync schedule", "412", "changed since Terraform last read it"),
			},
			// Left on a schedule other than the default, so CheckDestroy sees the destroy reset it.
			{Config: scheduleConfig(e, "connectwise", "monthly", 1), ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply}},
		},
	})
}

// TestAccPSAUsageSyncSchedule_alreadyAsConfigured: a schedule set in the console to exactly
// what the configuration asks (Autotask syncs daily in the seed) is not refused as set
// outside Terraform: the apply writes the same schedule and the next plan is empty.
func TestAccPSAUsageSyncSchedule_alreadyAsConfigured(t *testing.T) {
	e := testharness.Emulator(t)
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckSchedulesReset(t, e),
		Steps: []acc.TestStep{{
			Config:           scheduleConfig(e, "autotask", "daily", 0),
			ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("sophos_psa_usage_sync_schedule.this", tfjsonpath.New("schedule"), knownvalue.StringExact("daily")),
			},
		}},
	})
}
