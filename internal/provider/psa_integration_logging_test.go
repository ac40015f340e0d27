package provider

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// TestAccPSAIntegration_secretsNotLogged connects Autotask, has the secret regenerated in
// Autotask and rotates it, all with TRACE logging of Terraform and the provider to files,
// then searches the logs for both secrets. The secrets come from an ephemeral variable set
// in the environment, as a CI job would pass them.
func TestAccPSAIntegration_secretsNotLogged(t *testing.T) {
	e := testharness.Emulator(t)
	disconnectOutOfBand(t, e, api.PsaAutotask)
	const rotated = "rotated-secret-never-logged-7"
	dir := t.TempDir()
	accLog, tfLog := filepath.Join(dir, "acc.log"), filepath.Join(dir, "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", accLog)
	t.Setenv("TF_LOG_PATH", tfLog)
	cfg := func(version int) string {
		return testharness.ProviderBlock(e) + secretVariables + autotaskIntegration("autotask", seedATUser, version)
	}
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckIntegrationsDisconnected(t, e),
		Steps: []acc.TestStep{
			{
				PreConfig:        func() { t.Setenv("TF_VAR_autotask_secret", seedATSecret) },
				Config:           cfg(1),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				PreConfig: func() {
					if err := e.Admin().SetPSAAPIUser(api.PsaAutotask, emulator.SeedPSACredentials{UserName: seedATUser, Secret: rotated, IntegrationCode: seedATCode}); err != nil {
						t.Fatal(err)
					}
					t.Setenv("TF_VAR_autotask_secret", rotated)
				},
				Config:           cfg(2),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
	var logs []byte
	for _, path := range []string{accLog, tfLog} {
		b, err := os.ReadFile(path) //nolint:gosec // a log file this test asked for in its own temp dir
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		logs = append(logs, b...)
	}
	for _, evidence := range []string{"/partner/v1/psa/autotask/integration", "Sophos API request", "secret_wo"} {
		if !bytes.Contains(logs, []byte(evidence)) {
			t.Errorf("the logs do not show %q; the test would prove nothing", evidence)
		}
	}
	for _, s := range []string{seedATSecret, rotated} {
		if bytes.Contains(logs, []byte(s)) {
			t.Errorf("the PSA secret %q appears in the TRACE logs", s)
		}
	}
}
