package provider

import (
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// The guide "Connecting the provider to Autotask" (templates/guides/connecting-autotask.md.tmpl):
// its provider block is a valid configuration, and its contracts example gives the same
// outputs with and without the autotask block.

func TestAccAutotaskGuide_providerBlock(t *testing.T) {
	t.Parallel()
	tf := newCLIEngine(t, "1.10.0") // ephemeral variables
	tf.Write("main.tf", exampleFile(t, "guides/autotask/provider.tf"))
	tf.MustRun("validate", "-no-color")
}

func TestAccAutotaskGuide_recurringContracts(t *testing.T) {
	inBothModes(t, emulator.Options{}, func(t *testing.T, m autotaskMode, e *emulator.Emulator, ca string) {
		acc.Test(t, acc.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []acc.TestStep{{
				Config:           m.config(e, ca).Raw(exampleFile(t, "guides/autotask/recurring-contracts.tf")).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("not_recurring", knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(seedATContractTidewaterExpired)})),
					statecheck.ExpectKnownOutputValueAtPath("recurring_contracts_by_company", tfjsonpath.New("29682004"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(29684004), knownvalue.Int64Exact(29684003)})),
					// Twelve companies: not Northgate's or Riverside's duplicate names, not Tidewater's Block Hours.
					statecheck.ExpectKnownOutputValue("recurring_contracts_by_company", knownvalue.MapSizeExact(12)),
					m.readsAutotask(e),
				},
			}},
		})
	})
}
