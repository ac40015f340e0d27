package provider

// The acceptance tests of this package run the real terraform binary (TF_ACC=1,
// TF_ACC_TERRAFORM_PATH) against the provider served in-process and an emulator of their
// own. The one harness is internal/testharness (shared with the tests of other packages
// that drive the emulator, the client or the provider):
//
//   - testharness.Emulator(t) starts a private in-memory emulator (default seed) on
//     127.0.0.1 and closes it when the test ends, so tests run in parallel with
//     acc.ParallelTest;
//   - testharness.Config(e) starts a configuration with the provider block for that
//     emulator; Resource, Data and Block add to it, String is the step's Config. It is the
//     one way tests write configurations;
//   - testharness.Client(t, e, testharness.FastRetries) is an API client of the same
//     emulator, for CheckDestroy and for asserting what the API holds; e.Admin() changes
//     things out of band;
//   - serve(t, e) (testharness.Serve) is the provider's protocol server configured as
//     Terraform configures it, for what the engine does not show: PlanResource (warnings,
//     private state), ListResource, InvokeAction and ImportResource. It is the one way a
//     test drives the provider outside plugin-testing; Configure builds what it shares
//     (newProviderData), as in a released provider;
//   - newCLIEngine (testharness.NewCLIEngine) runs the engine as a command against the
//     provider, for flows plugin-testing has no step for.
//
// This file adds testAccProtoV6ProviderFactories, which serves the provider under the name
// "sophos" with the test client's short retry backoff (nothing else differs from a released
// provider). helpers_test.go adds the seeded objects and the checks every test of the
// package may use, psa_integration_helpers_test.go those of the PSA connection.
// plugin-testing's helper/resource is imported as acc (resource is the framework's).
//
// A typical test:
//
//	func TestAccThing_basic(t *testing.T) {
//		e := testharness.Emulator(t)
//		acc.ParallelTest(t, acc.TestCase{
//			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
//			Steps: []acc.TestStep{{
//				Config:           testharness.Config(e).Resource("sophos_thing", "x", testharness.Attrs{"name": "x"}).String(),
//				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
//			}},
//		})
//	}

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// testAccProtoV6ProviderFactories serves the provider under the name "sophos".
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"sophos": newTestProviderServer,
}

// newTestProviderServer is the protocol server of a new provider with retry backoff short
// enough for tests.
func newTestProviderServer() (tfprotov6.ProviderServer, error) {
	return newTestProtocolServer(), nil
}

func newTestProtocolServer() tfprotov6.ProviderServer {
	return NewProtocolServer(func() provider.Provider { return newTestProvider() })()
}

// newTestProvider is the provider as released, with retry backoff short enough for tests.
func newTestProvider() *sophosProvider {
	return &sophosProvider{version: "test", tuneClient: testharness.FastRetries}
}

// serve is a new provider process for emulator e, configured (testharness.Serve).
func serve(t *testing.T, e *emulator.Emulator) *testharness.Server {
	t.Helper()
	return testharness.Serve(context.Background(), t, newTestProviderServer, e)
}

// newCLIEngine runs the engine of TF_ACC_TERRAFORM_PATH, at least minVersion and with
// features, against the provider (testharness.NewCLIEngine).
func newCLIEngine(t *testing.T, minVersion string, features ...testharness.Feature) *testharness.CLIEngine {
	t.Helper()
	return testharness.NewCLIEngine(t, minVersion, newTestProtocolServer, features...)
}
