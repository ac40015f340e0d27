package provider

import (
	"context"
	"regexp"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// TestAccPSAIntegration_lifecycle connects Autotask from code, survives the API user's
// secret being regenerated in Autotask (error with Autotask's text, then a rotation in
// place), imports, puts back credentials changed in the console, reconnects after a
// disconnect in the console, and refuses to disconnect while a customer is mapped. No
// secret is ever in the state or the plan.
func TestAccPSAIntegration_lifecycle(t *testing.T) {
	e := testharness.Emulator(t)
	disconnectOutOfBand(t, e, api.PsaAutotask)
	const address = "sophos_psa_integration.autotask"
	const rotated = "rotated-autotask-secret-2"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	cfg := func(user string, version int) string {
		return testharness.ProviderBlock(e) + secretVariables + autotaskIntegration("autotask", user, version)
	}
	secret := func(s string) config.Variables { return config.Variables{"autotask_secret": config.StringVariable(s)} }
	noSecrets := expectNoSecret(seedATSecret, rotated, "wrong-secret")
	user := func(name string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(address, tfjsonpath.New("autotask").AtMapKey("username"), knownvalue.StringExact(name))
	}

	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckIntegrationsDisconnected(t, e),
		Steps: []acc.TestStep{
			// Create: the id and the status are known after apply; the state has no secret.
			{
				Config:          cfg(seedATUser, 1),
				ConfigVariables: secret(seedATSecret),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
						plancheck.ExpectUnknownValue(address, tfjsonpath.New("id")),
						plancheck.ExpectUnknownValue(address, tfjsonpath.New("status")),
						noSecrets,
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("status"), knownvalue.StringExact("connected")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("status_error"), knownvalue.Null()),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact("Autotask PSA")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("autotask").AtMapKey("secret_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("autotask").AtMapKey("secret_wo_version"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("connected_at"), knownvalue.NotNull()),
					user(seedATUser),
					noSecrets,
				},
			},
			// A wrong secret fails the apply with Autotask's own words, and changes nothing.
			{
				Config:          cfg(seedATUser, 2),
				ConfigVariables: secret("wrong-secret"),
				ExpectError:     errorPhrases("Unable to update PSA integration", "401 Unauthorized", "the secret is wrong", "*_wo_version"),
			},
			// The secret is regenerated in Autotask: the refresh shows the error and the plan says how to fix it.
			{
				PreConfig: func() {
					if err := e.Admin().SetPSAAPIUser(api.PsaAutotask, emulator.SeedPSACredentials{UserName: seedATUser, Secret: rotated, IntegrationCode: seedATCode}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           cfg(seedATUser, 1),
				ConfigVariables:  secret(seedATSecret),
				ConfigPlanChecks: acc.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("status"), knownvalue.StringExact("error")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("status_error"), knownvalue.StringRegexp(regexp.MustCompile(`401 Unauthorized.*View details`))),
				},
			},
			// Rotation: the new secret with a new version, in place.
			{
				Config:          cfg(seedATUser, 2),
				ConfigVariables: secret(rotated),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate), noSecrets,
						// A rotation changes the status, not when the PSA was connected.
						plancheck.ExpectUnknownValue(address, tfjsonpath.New("status")),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("connected_at"), knownvalue.NotNull()),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact("Autotask PSA")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(address, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("status"), knownvalue.StringExact("connected")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("autotask").AtMapKey("secret_wo_version"), knownvalue.Int64Exact(2)),
					noSecrets,
				},
			},
			{
				ResourceName:            address,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"autotask.secret_wo_version"},
				ConfigVariables:         secret(rotated),
			},
			// Someone switches the integration to another API user in the console: the plan sends the configuration's back.
			{
				PreConfig: func() {
					other := emulator.SeedPSACredentials{UserName: "intern-api@northwindit.example", Secret: "intern-secret", IntegrationCode: seedATCode}
					if err := e.Admin().SetPSAAPIUser(api.PsaAutotask, other); err != nil {
						t.Fatal(err)
					}
					if err := e.Admin().SetIntegrationCredentials(api.PsaAutotask, other); err != nil {
						t.Fatal(err)
					}
				},
				Config:          cfg(seedATUser, 2),
				ConfigVariables: secret(rotated),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("autotask").AtMapKey("username"), knownvalue.StringExact(seedATUser)),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(address, tfjsonpath.New("id")), user(seedATUser)},
			},
			// Only the secret changed in the console: the version shows the drift.
			{
				PreConfig: func() {
					if err := e.Admin().SetIntegrationCredentials(api.PsaAutotask, emulator.SeedPSACredentials{UserName: "intern-api@northwindit.example", Secret: "intern-secret", IntegrationCode: seedATCode}); err != nil {
						t.Fatal(err)
					}
					if err := e.Admin().SetIntegrationCredentials(api.PsaAutotask, emulator.SeedPSACredentials{UserName: seedATUser, Secret: rotated, IntegrationCode: seedATCode}); err != nil {
						t.Fatal(err)
					}
				},
				Config:          cfg(seedATUser, 2),
				ConfigVariables: secret(rotated),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("autotask").AtMapKey("secret_wo_version"), knownvalue.Int64Exact(2)),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
			},
			// Disconnected in the console: the plan connects again.
			{
				PreConfig:       func() { disconnectOutOfBand(t, e, api.PsaAutotask) },
				Config:          cfg(seedATUser, 2),
				ConfigVariables: secret(rotated),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(address, tfjsonpath.New("id"))},
			},
			// A customer mapped in the console holds the integration: destroy is refused at plan.
			{
				PreConfig: func() {
					setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, false)
				},
				Config:          cfg(seedATUser, 2),
				ConfigVariables: secret(rotated),
				Destroy:         true,
				ExpectError:     errorPhrases("Unable to disconnect Autotask PSA", "while 1 mapping remains in it: 1 customer mapping (Alpine Dental Group)", "psa = sophos_psa_integration.<name>.id"),
			},
			{
				PreConfig: func() {
					if err := e.Admin().DeleteCustomerMapping(api.PsaAutotask, seedCustomerAlpine); err != nil {
						t.Fatal(err)
					}
				},
				Config:           cfg(seedATUser, 2),
				ConfigVariables:  secret(rotated),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
		},
	})
}

// TestAccPSAIntegration_checks: the plan refuses credentials of the other PSA, a missing
// block, padded or malformed fields, and a PSA connected outside Terraform.
func TestAccPSAIntegration_checks(t *testing.T) {
	e := testharness.Emulator(t)
	plan := func(body string) acc.TestStep {
		return acc.TestStep{Config: testharness.ProviderBlock(e) + secretVariables + body, PlanOnly: true,
			ConfigVariables: config.Variables{"autotask_secret": config.StringVariable(seedATSecret), "connectwise_private_key": config.StringVariable(seedCWPrivate)}}
	}
	step := func(body string, want ...string) acc.TestStep {
		s := plan(body)
		s.ExpectError = errorPhrases(want...)
		return s
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			step(`resource "sophos_psa_integration" "x" {
  psa = "connectwise"
  autotask = { username = "a", integration_code = "b", secret_wo = var.autotask_secret }
}`, "Missing ConnectWise credentials", "Credentials of the other PSA", "autotask holds Autotask PSA credentials"),
			step(`resource "sophos_psa_integration" "x" {
  psa = "connectwise"
  connectwise = {
    site           = "https://api-na.myconnectwise.net/v4_6_release"
    company_id     = "northwindit "
    public_key     = "pub"
    client_id      = "not-a-guid"
    private_key_wo = var.connectwise_private_key
  }
}`, "host name only", "without https://"),
			step(`resource "sophos_psa_integration" "x" {
  psa = "connectwise"
  connectwise = {
    site           = "api-na.myconnectwise.net"
    company_id     = "northwindit "
    public_key     = "pub"
    client_id      = "00000000-0000-4000-8000-000000000000"
    private_key_wo = var.connectwise_private_key
  }
}`, "connectwise.company_id starts or ends with white space"),
			// Autotask is connected in the seed: creating it is refused, with the import to use.
			step(autotaskIntegration("x", seedATUser, 1), "Already connected outside Terraform", `id = "autotask"`),
		},
	})
}

// TestAccPSAIntegration_connectWiseAndDestroyOrder connects ConnectWise with mappings that
// reference it: terraform destroy removes the mappings first, so the disconnect passes the
// plan-time check and the apply.
func TestAccPSAIntegration_connectWiseAndDestroyOrder(t *testing.T) {
	e := testharness.Emulator(t)
	disconnectOutOfBand(t, e, api.PsaConnectwise)
	const address = "sophos_psa_integration.cw"
	body := testharness.ProviderBlock(e) + secretVariables + `
resource "sophos_psa_integration" "cw" {
  psa = "connectwise"
  connectwise = {
    site                   = "` + seedCWSite + `"
    company_id             = "` + seedCWCompany + `"
    public_key             = "` + seedCWPublic + `"
    client_id              = "` + seedCWClientID + `"
    private_key_wo         = var.connectwise_private_key
    private_key_wo_version = 1
  }
}

resource "sophos_psa_product_mapping" "ixa" {
  psa            = sophos_psa_integration.cw.id
  sophos_product = "Sophos_Intercept_X_Advanced"
  psa_product_id = 102
}

resource "sophos_psa_customer_mapping" "cedar" {
  psa                = sophos_psa_integration.cw.id
  customer_id        = "` + seedCustomerCedarRidge + `"
  company_id         = 253
  contract_id        = 504
  usage_sync_enabled = true
}
`
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// The API disconnects only once no mapping remains, so a disconnected PSA proves the
		// mappings went first (they cannot be read once it is disconnected).
		CheckDestroy: testAccCheckIntegrationsDisconnected(t, e),
		Steps: []acc.TestStep{{
			Config:           body,
			ConfigVariables:  config.Variables{"connectwise_private_key": config.StringVariable(seedCWPrivate)},
			ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(address, tfjsonpath.New("status"), knownvalue.StringExact("connected")),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("connectwise").AtMapKey("site"), knownvalue.StringExact(seedCWSite)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("connectwise").AtMapKey("private_key_wo"), knownvalue.Null()),
				expectNoSecret(seedCWPrivate),
				apiStateCheck(func(ctx context.Context) error {
					_, _, err := testharness.Client(t, e, testharness.FastRetries).GetProductMapping(ctx, api.PsaConnectwise, "Sophos_Intercept_X_Advanced")
					return err
				}),
			},
		}},
	})
}
