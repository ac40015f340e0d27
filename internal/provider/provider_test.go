package provider

// Shared acceptance-test harness. Every acceptance test of this package uses it:
//
//   - testAccProtoV6ProviderFactories serves the provider in-process to the real terraform
//     binary (TF_ACC=1, TF_ACC_TERRAFORM_PATH). Retry backoff is shortened for tests; nothing
//     else differs from a released provider.
//   - newTestEmulator(t) starts a private in-memory emulator (default seed) over HTTP on
//     127.0.0.1 and closes it when the test ends, so tests can run in parallel with
//     resource.ParallelTest.
//   - testProviderConfig(e) is the `provider "sophos" {...}` block pointing at that emulator;
//     prepend it to each step's Config.
//   - newTestClient(t, e) is an API client on the same emulator, for CheckDestroy and for
//     asserting what the API holds; e.Admin() changes things out of band.
//
// helpers_test.go adds, for any test of the package: the seeded objects (seed... constants),
// errorPattern and errorPhrases (ExpectError regexps in which spaces also match Terraform's
// line wrapping), emptyPlanAfterApply (the PostApplyPostRefresh check of every applying
// step), changeOutOfBand (a PreApply plan check that changes something between plan and
// apply, e.g. to provoke a 412), apiStateCheck (a state check on what the API holds),
// stateID and sameText (compare a string id with a number), out-of-band changes, and the
// testAccCheck...Destroyed functions for CheckDestroy, which assert a 404 or an unmapped
// object specifically.
//
// A typical test:
//
//	func TestAccThing_basic(t *testing.T) {
//		e := newTestEmulator(t)
//		resource.ParallelTest(t, resource.TestCase{
//			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
//			Steps: []resource.TestStep{{
//				Config: testProviderConfig(e) + `resource "sophos_thing" "x" { ... }`,
//				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
//			}},
//		})
//	}

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// testAccProtoV6ProviderFactories serves the provider under the name "sophos".
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"sophos": providerserver.NewProtocol6WithError(newTestProvider()),
}

// newTestProvider is the provider with retry backoff short enough for tests.
func newTestProvider() *sophosProvider {
	return &sophosProvider{version: "test", tuneClient: tuneTestClient}
}

func tuneTestClient(cfg *client.Config) {
	cfg.MinBackoff = time.Millisecond
	cfg.MaxBackoff = 20 * time.Millisecond
	cfg.RequestTimeout = 20 * time.Second
}

// newTestEmulator starts an in-memory emulator with the default seed for the duration of t.
func newTestEmulator(t *testing.T) *emulator.Emulator {
	t.Helper()
	e, err := emulator.Start(context.Background(), emulator.Options{})
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(func() {
		// The provider's HTTP client may still hold an unused connection when the test ends;
		// the emulator then closes it forcibly after a grace period and says so. That is not
		// a failure of the test.
		if err := e.Close(); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("closing the emulator: %v", err)
		}
	})
	return e
}

// testProviderConfig is the provider block for emulator e.
func testProviderConfig(e *emulator.Emulator) string {
	c := e.Credentials()
	return fmt.Sprintf(`
provider "sophos" {
  auth_url      = %q
  api_url       = %q
  client_id     = %q
  client_secret = %q
}
`, e.URL(), e.URL(), c.ClientID, c.ClientSecret)
}

// newTestClient is an API client on emulator e, for checks outside Terraform.
func newTestClient(t *testing.T, e *emulator.Emulator) *client.Client {
	t.Helper()
	c := e.Credentials()
	cfg := client.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		PartnerID:    c.PartnerID,
		AuthURL:      e.URL(),
		APIURL:       e.URL(),
		MaxRetries:   3,
	}
	tuneTestClient(&cfg)
	cl, err := client.New(cfg)
	if err != nil {
		t.Fatalf("creating the test client: %v", err)
	}
	return cl
}
