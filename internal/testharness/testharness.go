// Package testharness is the one test harness of the emulator's, the client's and the
// provider's tests, for test packages that are not the emulator or the client themselves
// (their internal tests cannot import a package that imports them, and use
// emulator.StartForTest directly):
//
//   - Emulator starts an emulator with the default seed for the duration of a test
//     (emulator.StartForTest with no options);
//   - ClientConfig and Client are an API client of that emulator, for checks outside
//     Terraform; FastRetries is the backoff of every test client and test provider;
//   - ProviderAttrs, ProviderBlock and Config build Terraform configurations, the one way
//     provider tests write them (see Configuration);
//   - Serve configures a provider's protocol server for the emulator as Terraform does, and
//     PlanResource, ListResource, Server.InvokeAction and Server.ImportResource drive it:
//     the one way tests call the provider outside plugin-testing, for what the engine does
//     not show (warnings, private state, list results, action progress, import errors);
//   - NewCLIEngine runs the engine as a command against a provider served in-process, for
//     flows plugin-testing has no step for;
//   - EngineHas (a TerraformVersionCheck) and NewCLIEngine's features skip a test on an
//     engine without identity, `terraform query` or actions, judged by what the engine of
//     TF_ACC_TERRAFORM_PATH (named by TF_ACC_ENGINE) can do, not by its version alone.
//
// Only test files import it (depguard in .golangci.yml says so).
package testharness

import (
	"path/filepath"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// Emulator starts an in-memory emulator with the default seed, listening on 127.0.0.1, for
// the duration of t: tests that each start one can run in parallel.
func Emulator(t testing.TB) *emulator.Emulator {
	t.Helper()
	return emulator.StartForTest(t, emulator.Options{})
}

// EmulatorTLS starts an emulator like Emulator that also serves HTTPS on a free loopback
// port, with its generated authority's certificate written to a file of t's; it returns the
// file's path too, for the provider's ca_certificate_file.
func EmulatorTLS(t testing.TB) (*emulator.Emulator, string) {
	t.Helper()
	return EmulatorTLSWith(t, emulator.Options{})
}

// EmulatorTLSWith is EmulatorTLS with opts (a seed, Autotask's limits, ...).
func EmulatorTLSWith(t testing.TB, opts emulator.Options) (*emulator.Emulator, string) {
	t.Helper()
	opts.CACertFile = filepath.Join(t.TempDir(), "emulator-ca.pem")
	opts.TLSAddr = "127.0.0.1:0"
	return emulator.StartForTest(t, opts), opts.CACertFile
}

// ConnectWiseBlock is the provider's connectwise block for e's ConnectWise room as a user
// writes it: e's ConnectWise API member over HTTPS at TLSURL, trusting the CA file caFile.
// The emulator must serve HTTPS (EmulatorTLS).
func ConnectWiseBlock(e *emulator.Emulator, caFile string) NestedBlock {
	m := e.ConnectWiseMember()
	return NestedBlock{
		"site":                e.TLSURL(),
		"company_id":          m.CompanyID,
		"public_key":          m.PublicKey,
		"private_key":         m.PrivateKey,
		"client_id":           m.ClientID,
		"ca_certificate_file": caFile,
	}
}

// AutotaskBlock is the provider's autotask block for e's Autotask room as a user writes it:
// e's Autotask API user (the default seed's Terraform user), its zone discovered with
// zoneInformation at the emulator's Autotask URL (over HTTPS when e serves it: EmulatorTLS),
// trusting the CA file caFile ("" for none).
func AutotaskBlock(e *emulator.Emulator, caFile string) NestedBlock {
	u := e.AutotaskUser()
	b := NestedBlock{
		"username":         u.UserName,
		"secret":           u.Secret,
		"integration_code": u.IntegrationCode,
		"zone_lookup_url":  e.AutotaskURL(),
	}
	if caFile != "" {
		b["ca_certificate_file"] = caFile
	}
	return b
}
