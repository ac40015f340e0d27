package provider

import (
	"fmt"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// What Autotask answers when it refuses, through the autotask block: each answer becomes a
// diagnostic that names the setting or object and what to do, never a raw HTTP 500.

// autotaskConfig is a configuration reading Autotask's companies, contracts and products
// through the autotask block of e, changed by block.
func autotaskConfig(e *emulator.Emulator, ca string, block testharness.Attrs) string {
	b := testharness.AutotaskBlock(e, ca)
	for k, v := range block {
		b[k] = v
	}
	return testharness.NewConfig().Provider(testharness.ProviderAttrs(e).With(testharness.Attrs{"autotask": b})).
		Data("sophos_psa_companies", "all", testharness.Attrs{"psa": "autotask"}).
		Data("sophos_psa_contracts", "all", testharness.Attrs{"psa": "autotask"}).
		Data("sophos_psa_products", "all", testharness.Attrs{"psa": "autotask"}).
		String()
}

func TestAccAutotaskDirect_refusedCredentials(t *testing.T) {
	e, ca := testharness.EmulatorTLS(t)
	fails := func(block testharness.Attrs, phrases ...string) acc.TestStep {
		return acc.TestStep{Config: autotaskConfig(e, ca, block), PlanOnly: true, ExpectError: errorPhrases(phrases...)}
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			fails(testharness.Attrs{"secret": "not-the-secret"}, "Autotask PSA API not usable", "the provider's autotask block",
				"HTTP 401", "check username and secret (AUTOTASK_USERNAME, AUTOTASK_SECRET)"),
			fails(testharness.Attrs{"integration_code": "NOTTHECODE"}, "Autotask PSA API not usable", "HTTP 500", "IntegrationCode is invalid",
				"check integration_code (AUTOTASK_INTEGRATION_CODE)"),
			fails(testharness.Attrs{"username": "nobody@northwindit.example"}, "Autotask PSA API not usable",
				`zone lookup for API user "nobody@northwindit.example" failed`, "Zone information could not be determined", "Check username (AUTOTASK_USERNAME)"),
			fails(testharness.Attrs{"zone_url": "http://127.0.0.1:1/ATServicesRest/"}, "Autotask PSA API not usable", "Check that autotask.zone_url"),
			fails(testharness.Attrs{"impersonation_resource_id": "someone"}, "autotask.impersonation_resource_id", "is not an Autotask resource id"),
		},
	})
}

// TestAccAutotaskDirect_refusedRead: Autotask refusing a read with its HTTP 500 is a
// diagnostic saying so, with what to check.
func TestAccAutotaskDirect_refusedRead(t *testing.T) {
	e, ca := testharness.EmulatorTLS(t)
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			PreConfig: func() {
				e.InjectNext(emulator.InjectedFault{Kind: emulator.Fault500, PathPrefix: "/atservicesrest/v1.0/Contracts/query"})
			},
			Config: autotaskConfig(e, ca, nil), PlanOnly: true,
			ExpectError: errorPhrases("Unable to list PSA contracts", "Autotask answered POST /ATServicesRest/V1.0/Contracts/query with HTTP 500",
				"Autotask reports refused requests as HTTP 500", "Autotask refused the provider's read", "autotask.impersonation_resource_id", "security level"),
		}},
	})
}

// TestAccAutotaskDirect_securityLevelHidesContracts: an API user whose security level cannot
// see contracts gets none from Autotask; the integration lists some, so the plan says the
// API user may lack permission instead of showing an empty list.
func TestAccAutotaskDirect_securityLevelHidesContracts(t *testing.T) {
	e, ca := testharness.EmulatorTLS(t)
	u := e.AutotaskUser()
	u.CannotSee = []string{at.EntityContracts}
	if err := e.Admin().SetPSAAPIUser(api.PsaAutotask, u); err != nil {
		t.Fatal(err)
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config: autotaskConfig(e, ca, nil), PlanOnly: true,
			ExpectError: errorPhrases("Autotask PSA API not usable", `Autotask lists no contracts for API user "terraform-api@northwindit.example", while the Sophos integration lists 16`,
				"the API user may lack permission to read Contracts", "API User (API-only) security level"),
		}},
	})
}

// TestAccAutotaskDirect_threadLimitMidRefresh: another program with the same integration
// code holds the contracts' threads for two requests; the provider waits its turn and reads
// everything. Held for longer than its retries, the plan says what keeps the threads.
func TestAccAutotaskDirect_threadLimitMidRefresh(t *testing.T) {
	e, ca := testharness.EmulatorTLS(t)
	code := e.AutotaskUser().IntegrationCode
	var left func() int
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				PreConfig: func() { left = e.HoldAutotaskThreadsFor(code, at.EntityContracts, 2) },
				Config:    autotaskConfig(e, ca, nil),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.sophos_psa_contracts.all", tfjsonpath.New("contracts"), knownvalue.ListSizeExact(16)),
					stateCheckFunc(func() error {
						if n := left(); n != 0 {
							return fmt.Errorf("the provider never met the busy threads: %d refusals left", n)
						}
						return nil
					}),
				},
			},
			{
				PreConfig:   func() { e.HoldAutotaskThreads(code, at.EntityContracts, at.ThreadLimit) },
				Config:      autotaskConfig(e, ca, nil),
				PlanOnly:    true,
				ExpectError: errorPhrases("Unable to list PSA contracts", "Thread Threshold Exceeded", "another program using the same integration code", "integration code of its own"),
			},
		},
	})
}

// TestAccAutotaskDirect_hourlyThresholdMidRefresh: the database's hourly threshold runs out
// half-way through a refresh; the plan stops with what happened, that other integrations
// share the budget, and what to do.
func TestAccAutotaskDirect_hourlyThresholdMidRefresh(t *testing.T) {
	e, ca := testharness.EmulatorTLSWith(t, emulator.Options{AutotaskLimits: &emulator.AutotaskLimits{RequestThreshold: 3}})
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config: autotaskConfig(e, ca, nil), PlanOnly: true,
			ExpectError: errorPhrases("Autotask PSA API not usable", "API Threshold Exceeded", "hourly request threshold is used up",
				"shared by every integration of the database", "Plan again after the hour's count has dropped", "removing the autotask block"),
		}},
	})
}
