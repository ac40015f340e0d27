package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// Test helpers of the PSA connection, the usage-sync schedule and the billing review.

// The PSA credentials of the default seed (internal/emulator/seed/default.yaml).
const (
	seedATUser   = "sophos-api@northwindit.example"
	seedATSecret = "emulator-autotask-secret" //nolint:gosec // the default seed's public emulator credential
	seedATCode   = "NWSOPHOSCENTRAL7Q2X"

	seedCWSite     = "api-na.myconnectwise.net"
	seedCWCompany  = "northwindit"
	seedCWPublic   = "NwPub7Q2xK9mLr4T"
	seedCWPrivate  = "emulator-cw-private-key"
	seedCWClientID = "3c1e8f5a-7b2d-4e9a-9f61-2d8c4b7a1e05"
)

// secretVariables declares the ephemeral variables the integration configurations take
// their secrets from, as a user would from a secrets manager.
const secretVariables = `
variable "autotask_secret" {
  type      = string
  sensitive = true
  ephemeral = true
  default   = null
}

variable "connectwise_private_key" {
  type      = string
  sensitive = true
  ephemeral = true
  default   = null
}
`

// autotaskIntegration renders an Autotask integration whose secret comes from
// var.autotask_secret.
func autotaskIntegration(name, user string, version int) string {
	return fmt.Sprintf(`
resource "sophos_psa_integration" %q {
  psa = "autotask"
  autotask = {
    username          = %q
    integration_code  = %q
    secret_wo         = var.autotask_secret
    secret_wo_version = %d
  }
}
`, name, user, seedATCode, version)
}

// disconnectOutOfBand disconnects a PSA as someone in the console would.
func disconnectOutOfBand(t *testing.T, e *emulator.Emulator, psa api.Psa) {
	t.Helper()
	if err := e.Admin().DisconnectIntegration(psa); err != nil {
		t.Fatalf("disconnecting %s out of band: %v", psa, err)
	}
}

// noSecret is a state and plan check: the JSON of `terraform show -json` of the state
// (or plan) contains none of the secrets.
type noSecret struct{ secrets []string }

func expectNoSecret(secrets ...string) noSecret { return noSecret{secrets: secrets} }

func (c noSecret) find(what string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if len(b) < 100 {
		return fmt.Errorf("the %s JSON is nearly empty (%s); the check would prove nothing", what, b)
	}
	for _, s := range c.secrets {
		if strings.Contains(string(b), s) {
			return fmt.Errorf("the %s JSON contains the secret %q", what, s)
		}
	}
	return nil
}

func (c noSecret) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.find("state", req.State)
}

func (c noSecret) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.find("plan", req.Plan)
}

// testAccCheckIntegrationsDisconnected checks that every integration of the state is
// disconnected in the API.
func testAccCheckIntegrationsDisconnected(t *testing.T, e *emulator.Emulator) func(*terraform.State) error {
	return func(s *terraform.State) error {
		c := testharness.Client(t, e, testharness.FastRetries)
		for address, rs := range s.RootModule().Resources {
			if rs.Type != "sophos_psa_integration" {
				continue
			}
			in, _, err := c.GetIntegration(context.Background(), api.Psa(rs.Primary.ID))
			if err != nil {
				return fmt.Errorf("%s: %w", address, err)
			}
			if in.Status != api.IntegrationStatusNotConfigured {
				return fmt.Errorf("%s: %s is %s after destroy, want notConfigured", address, rs.Primary.ID, in.Status)
			}
		}
		return nil
	}
}
