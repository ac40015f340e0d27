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

const refreshRoute = "POST /partner/v1/psa/{psa}/customer-mappings/{customerId}/refresh"

func refreshConfig(psa, customerID string) map[string]tftypes.Value {
	return map[string]tftypes.Value{"psa": tftypes.NewValue(tftypes.String, psa), "customer_id": tftypes.NewValue(tftypes.String, customerID)}
}

// companyNameInMapping reads the company name a customer mapping holds.
func companyNameInMapping(t *testing.T, e *emulator.Emulator, psa api.Psa, customerID string) string {
	t.Helper()
	m, _, err := testharness.Client(t, e, testharness.FastRetries).GetCustomerMapping(context.Background(), psa, customerID)
	if err != nil {
		t.Fatal(err)
	}
	return deref(m.CompanyName)
}

// TestRefreshCustomerDetailsAction: the action brings a company renamed in the PSA into the
// mapping and says so; a PSA that is not connected is an error before anything is sent.
func TestRefreshCustomerDetailsAction(t *testing.T) {
	t.Parallel()
	e := testharness.Emulator(t)
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, false)
	if err := e.Admin().RenameCompany(api.PsaAutotask, seedATCompanyAlpine, "Alpine Dental Group AG"); err != nil {
		t.Fatal(err)
	}
	if got := companyNameInMapping(t, e, api.PsaAutotask, seedCustomerAlpine); got != "Alpine Dental Group" {
		t.Fatalf("before the refresh the mapping holds %q, want the old name", got)
	}

	res := serve(t, e).InvokeAction("sophos_psa_refresh_customer_details", refreshConfig("autotask", seedCustomerAlpine))
	if res.Diagnostics.HasError() {
		t.Fatalf("refresh: %v", res.Diagnostics)
	}
	if got := companyNameInMapping(t, e, api.PsaAutotask, seedCustomerAlpine); got != "Alpine Dental Group AG" {
		t.Errorf("after the refresh the mapping holds %q, want the new name", got)
	}
	want := []string{
		"Refreshing the details of customer " + seedCustomerAlpine + " from Autotask PSA...",
		`Refreshed customer "Alpine Dental Group": company "Alpine Dental Group AG", contract "Alpine Dental - Sophos MSP Flex".`,
	}
	if strings.Join(res.Progress, "\n") != strings.Join(want, "\n") {
		t.Errorf("progress:\n%s\nwant:\n%s", strings.Join(res.Progress, "\n"), strings.Join(want, "\n"))
	}

	// An unmapped customer: a warning, not an error.
	res = serve(t, e).InvokeAction("sophos_psa_refresh_customer_details", refreshConfig("autotask", seedCustomerBayside))
	if res.Diagnostics.HasError() || res.Diagnostics.WarningsCount() != 1 || res.Diagnostics.Warnings()[0].Summary() != "Customer not mapped" {
		t.Errorf("refresh of an unmapped customer: %v", res.Diagnostics)
	}

	// Not connected: a clear error, and no refresh request.
	if err := e.Admin().SetIntegrationStatus(api.PsaConnectwise, api.IntegrationStatusNotConfigured); err != nil {
		t.Fatal(err)
	}
	e.ResetCounters()
	res = serve(t, e).InvokeAction("sophos_psa_refresh_customer_details", refreshConfig("connectwise", seedCustomerCedarRidge))
	if !res.Diagnostics.HasError() {
		t.Fatal("want an error for a PSA that is not connected")
	}
	d := res.Diagnostics.Errors()[0]
	if d.Summary() != "Unable to refresh customer details" || !strings.Contains(d.Detail(), "ConnectWise PSA is not connected to this partner account (status notConfigured)") {
		t.Errorf("unexpected diagnostic: %s: %s", d.Summary(), d.Detail())
	}
	if n := e.Counters()[refreshRoute]; n != 0 {
		t.Errorf("%d refresh requests sent to a PSA that is not connected", n)
	}
}

// TestAccRefreshCustomerDetailsAction_trigger: the action runs after the mapping is created,
// from an action_trigger, and refreshes the names (Terraform 1.14+).
func TestAccRefreshCustomerDetailsAction_trigger(t *testing.T) {
	e := testharness.Emulator(t)
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{testharness.EngineHas(testharness.FeatureActions)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckExamplesDestroyed(t, e),
		Steps: []acc.TestStep{{
			PreConfig: e.ResetCounters,
			Config:    exampleConfig(t, e, "actions/sophos_psa_refresh_customer_details/action.tf"),
			ConfigStateChecks: []statecheck.StateCheck{apiStateCheck(func(context.Context) error {
				if n := e.Counters()[refreshRoute]; n != 1 {
					return fmt.Errorf("want 1 refresh after create, got %d", n)
				}
				return nil
			})},
		}},
	})
}
