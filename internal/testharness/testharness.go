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
//   - PlanResource plans a resource through the provider's protocol server, for what
//     plugin-testing cannot see (warnings, private state).
//
// Only test files import it (depguard in .golangci.yml says so).
package testharness

import (
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// Emulator starts an in-memory emulator with the default seed, listening on 127.0.0.1, for
// the duration of t: tests that each start one can run in parallel.
func Emulator(t testing.TB) *emulator.Emulator {
	t.Helper()
	return emulator.StartForTest(t, emulator.Options{})
}
