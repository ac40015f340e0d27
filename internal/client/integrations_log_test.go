package client

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// TestPSASecretsNeverReachTheLog connects a PSA (refused, then accepted) with the logger at
// its most verbose and searches the log for the PSA secret; masking is also checked on
// its own, with a log line that does carry the secret.
func TestPSASecretsNeverReachTheLog(t *testing.T) {
	t.Parallel()
	emu := emulator.StartForTest(t, emulator.Options{})
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	c := newTestClient(t, emu, emu.Credentials().ClientSecret)
	const secret, wrong = "emulator-autotask-secret", "wrong-autotask-secret-42" //nolint:gosec // public emulator credentials
	in := func(s string) api.IntegrationInput {
		return api.IntegrationInput{Autotask: &api.AutotaskCredentials{UserName: "sophos-api@northwindit.example", Secret: &s, IntegrationCode: "NWSOPHOSCENTRAL7Q2X"}}
	}
	if _, _, err := c.PutIntegration(ctx, api.PsaAutotask, in(wrong), ""); !IsValidation(err) {
		t.Fatalf("wrong secret: %v", err)
	}
	if _, _, err := c.PutIntegration(ctx, api.PsaAutotask, in(secret), ""); err != nil {
		t.Fatal(err)
	}
	tflog.Debug(maskSecrets(ctx, secret), "a careless line with "+secret, map[string]any{"body": `{"secret":"` + secret + `"}`})
	log := buf.String()
	if !strings.Contains(log, "/partner/v1/psa/autotask/integration") || !strings.Contains(log, "a careless line") {
		t.Fatalf("the log does not show the calls; the test would prove nothing:\n%s", log)
	}
	for _, s := range []string{secret, wrong} {
		if strings.Contains(log, s) {
			t.Errorf("the log contains the PSA secret %q", s)
		}
	}
	if got := IntegrationSecrets(in(secret)); len(got) != 1 || got[0] != secret {
		t.Errorf("IntegrationSecrets = %q", got)
	}
}
