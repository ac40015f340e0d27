package provider

import (
	"context"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

func TestAccPSAProductMappingsDataSource(t *testing.T) {
	e := testharness.Emulator(t)
	c := testharness.Client(t, e, testharness.FastRetries)
	config := testharness.Config(e).
		Data("sophos_psa_product_mappings", "cw", testharness.Attrs{"psa": "connectwise"}).
		String()
	mdr := func(check knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.sophos_psa_product_mappings.cw", tfjsonpath.New("mappings"), knownvalue.SetPartial([]knownvalue.Check{check}))
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				Config:           config,
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.sophos_psa_product_mappings.cw", tfjsonpath.New("mappings"), knownvalue.ListSizeExact(25)),
					mdr(knownvalue.ObjectExact(map[string]knownvalue.Check{
						"sophos_product":         knownvalue.StringExact("Sophos_MDR_Complete"),
						"sophos_product_name":    knownvalue.StringExact("Sophos MDR Complete"),
						"mapped":                 knownvalue.Bool(false),
						"psa_product_id":         knownvalue.Null(),
						"psa_product_identifier": knownvalue.Null(),
						"psa_product_name":       knownvalue.Null(),
						"sync_enabled":           knownvalue.Bool(false),
					})),
				},
			},
			{
				PreConfig: func() {
					if _, _, err := c.PutProductMapping(context.Background(), api.PsaConnectwise, "Sophos_MDR_Complete", api.ProductMappingInput{PsaProductId: 104}, ""); err != nil {
						t.Fatalf("mapping out of band: %v", err)
					}
				},
				Config:           config,
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					mdr(knownvalue.ObjectExact(map[string]knownvalue.Check{
						"sophos_product":         knownvalue.StringExact("Sophos_MDR_Complete"),
						"sophos_product_name":    knownvalue.StringExact("Sophos MDR Complete"),
						"mapped":                 knownvalue.Bool(true),
						"psa_product_id":         knownvalue.Int64Exact(104),
						"psa_product_identifier": knownvalue.StringExact("SOPHOS-MDR-COMPLETE"),
						"psa_product_name":       knownvalue.StringExact("Sophos MDR Complete"),
						"sync_enabled":           knownvalue.Bool(true),
					})),
				},
			},
		},
	})
}
