package provider

import (
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	"github.com/hashicorp/terraform-plugin-testing/config"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// TestAccPSAIntegration_secretOnlyToWrite: a configuration without the write-only secret
// keeps a connection as it is (no change planned), and one that would write the credentials
// without it fails at plan, naming the attribute; a new connection needs it too.
func TestAccPSAIntegration_secretOnlyToWrite(t *testing.T) {
	e := testharness.Emulator(t)
	disconnectOutOfBand(t, e, api.PsaAutotask)
	cfg := func(user string, version int) string {
		return testharness.ProviderBlock(e) + secretVariables + autotaskIntegration("autotask", user, version)
	}
	withSecret := config.Variables{"autotask_secret": config.StringVariable(seedATSecret)}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckIntegrationsDisconnected(t, e),
		Steps: []acc.TestStep{
			// Connecting without the secret fails at plan.
			{Config: cfg(seedATUser, 1), PlanOnly: true, ExpectError: errorPhrases("Missing write-only secret", "Autotask PSA", "autotask.secret_wo")},
			{Config: cfg(seedATUser, 1), ConfigVariables: withSecret, ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply}},
			// Kept as it is: no secret needed, nothing planned.
			{Config: cfg(seedATUser, 1), PlanOnly: true},
			// A new version or user name writes the credentials: the secret is needed.
			{Config: cfg(seedATUser, 2), PlanOnly: true, ExpectError: errorPhrases("Missing write-only secret", "autotask.secret_wo")},
			{Config: cfg("other@northwindit.example", 1), PlanOnly: true, ExpectError: errorPhrases("Missing write-only secret")},
		},
	})
}
