package provider

import (
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	"github.com/hashicorp/terraform-plugin-testing/config"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// Configuration generation: for every resource, an import block (by ID, and by identity on
// engines with identity) and `terraform plan -generate-config-out` write configuration
// that plans the import with no change, so it applies as it is. terraform-plugin-testing's
// GenerateConfig import steps run exactly that against the object the first step made.
// connectwise_product, the short name of sophos_connectwise_product, is left out: an import
// block for it needs `provider = sophos`, which the step's import block does not write.

// generatedConfigCase is one resource type: a configuration that makes one object, and the
// address of its resource.
type generatedConfigCase struct {
	name    string
	address string
	// setUp prepares the console before the first step; config is that step's configuration.
	setUp  func(t *testing.T, e *emulator.Emulator)
	config func(e *emulator.Emulator) string
	vars   config.Variables
	// destroyed checks the API after the test's destroy.
	destroyed func(t *testing.T, e *emulator.Emulator) func(*terraform.State) error
}

func generatedConfigCases() []generatedConfigCase {
	return []generatedConfigCase{
		{
			name: "customer mapping", address: identityCustomerMappingAddress,
			config: func(e *emulator.Emulator) string {
				return testharness.Config(e).Resource("sophos_psa_customer_mapping", "alpine",
					customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, nil)).String()
			},
			destroyed: testAccCheckExamplesDestroyed,
		},
		{
			name: "product mapping", address: identityProductMappingAddress,
			config: func(e *emulator.Emulator) string {
				return testharness.Config(e).Resource("sophos_psa_product_mapping", "ixa", testharness.Attrs{
					"psa": "connectwise", "sophos_product": "Sophos_Intercept_X_Advanced", "psa_product_id": seedCWIXA, "sync_enabled": false,
				}).String()
			},
			destroyed: testAccCheckExamplesDestroyed,
		},
		{
			name: "ConnectWise product", address: identityProductAddress,
			config: func(e *emulator.Emulator) string {
				return testharness.Config(e).Resource("sophos_connectwise_product", "p", testharness.Attrs{
					"identifier": identityProductIdentifier, "description": "Generated configuration",
					"customer_description": "Managed endpoint protection", "subcategory": "Managed Security", "type": "Service",
					"price": 12.5, "cost": 7.25, "taxable": true,
				}).String()
			},
			destroyed: testAccCheckExamplesDestroyed,
		},
		{
			name: "PSA integration", address: "sophos_psa_integration.autotask",
			setUp: func(t *testing.T, e *emulator.Emulator) { disconnectOutOfBand(t, e, api.PsaAutotask) },
			config: func(e *emulator.Emulator) string {
				return testharness.ProviderBlock(e) + secretVariables + autotaskIntegration("autotask", seedATUser, 1)
			},
			vars:      config.Variables{"autotask_secret": config.StringVariable(seedATSecret)},
			destroyed: testAccCheckIntegrationsDisconnected,
		},
		{
			name: "usage-sync schedule", address: "sophos_psa_usage_sync_schedule.this",
			config: func(e *emulator.Emulator) string {
				return scheduleConfig(e, "connectwise", "monthly", 15)
			},
			destroyed: testAccCheckSchedulesReset,
		},
	}
}

// runGeneratedConfig runs, for every resource type, a create and an import step with
// generated configuration of the given kind.
func runGeneratedConfig(t *testing.T, kind acc.ImportStateKind, checks []tfversion.TerraformVersionCheck) {
	for _, tc := range generatedConfigCases() {
		t.Run(tc.name, func(t *testing.T) {
			e := testharness.Emulator(t)
			if tc.setUp != nil {
				tc.setUp(t, e)
			}
			acc.ParallelTest(t, acc.TestCase{
				TerraformVersionChecks:   checks,
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             tc.destroyed(t, e),
				Steps: []acc.TestStep{
					{
						Config:           tc.config(e),
						ConfigVariables:  tc.vars,
						ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
					},
					{
						ResourceName:    tc.address,
						ImportState:     true,
						ImportStateKind: kind,
						GenerateConfig:  true,
						ConfigVariables: tc.vars,
					},
				},
			})
		})
	}
}

// TestAccGeneratedConfig_byID: import blocks with id (Terraform 1.5+, every engine CI has).
func TestAccGeneratedConfig_byID(t *testing.T) {
	t.Parallel()
	runGeneratedConfig(t, acc.ImportBlockWithID, []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)})
}

// TestAccGeneratedConfig_byIdentity: import blocks with identity (engines with identity).
func TestAccGeneratedConfig_byIdentity(t *testing.T) {
	t.Parallel()
	runGeneratedConfig(t, acc.ImportBlockWithResourceIdentity, []tfversion.TerraformVersionCheck{testharness.EngineHas(testharness.FeatureIdentity)})
}
