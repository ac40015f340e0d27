package provider

// The acceptance tests of this package run the real terraform binary (TF_ACC=1,
// TF_ACC_TERRAFORM_PATH) against the provider served in-process and an emulator of their
// own. The harness is internal/testharness, shared with the client's and the emulator's
// tests:
//
//   - testharness.Emulator(t) starts a private in-memory emulator (default seed) on
//     127.0.0.1 and closes it when the test ends, so tests run in parallel with
//     resource.ParallelTest;
//   - testharness.Config(e) starts a configuration with the provider block for that
//     emulator; Resource, Data and Block add to it, String is the step's Config. It is the
//     one way tests write configurations;
//   - testharness.Client(t, e, testharness.FastRetries) is an API client of the same
//     emulator, for CheckDestroy and for asserting what the API holds; e.Admin() changes
//     things out of band;
//   - testharness.PlanResource plans through the provider's protocol server, for warnings
//     and private state, which plugin-testing cannot see.
//
// This file adds testAccProtoV6ProviderFactories, which serves the provider under the name
// "sophos" with the test client's short retry backoff (nothing else differs from a released
// provider). helpers_test.go adds, for any test of the package: the seeded objects (seed...
// constants), errorPattern and errorPhrases (ExpectError regexps in which spaces also match
// Terraform's line wrapping), emptyPlanAfterApply (the PostApplyPostRefresh check of every
// applying step), changeOutOfBand (a PreApply plan check that changes something between
// plan and apply, e.g. to provoke a 412), apiStateCheck (a state check on what the API
// holds), stateID and sameText (compare a string id with a number), out-of-band changes,
// and the testAccCheck...Destroyed functions for CheckDestroy, which assert a 404 or an
// unmapped object specifically.
//
// A typical test:
//
//	func TestAccThing_basic(t *testing.T) {
//		e := testharness.Emulator(t)
//		resource.ParallelTest(t, resource.TestCase{
//			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
//			Steps: []resource.TestStep{{
//				Config:           testharness.Config(e).Resource("sophos_thing", "x", testharness.Attrs{"name": "x"}).String(),
//				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
//			}},
//		})
//	}

import (
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// testAccProtoV6ProviderFactories serves the provider under the name "sophos".
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"sophos": newTestProviderServer,
}

// newTestProviderServer is the protocol server of a new provider with retry backoff short
// enough for tests.
func newTestProviderServer() (tfprotov6.ProviderServer, error) {
	return NewProtocolServer(func() provider.Provider { return newTestProvider() })(), nil
}

// newTestProvider is the provider as released, with retry backoff short enough for tests.
func newTestProvider() *sophosProvider {
	return &sophosProvider{version: "test", tuneClient: testharness.FastRetries}
}
