package provider

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// A subcategory name that two categories have (seed: "Network Security" in Services, id 24,
// and Hardware, id 33) is chosen with category; without it, or with a category that lacks
// it, the plan fails.
func TestAccConnectWiseProduct_categoryChoosesSubcategory(t *testing.T) {
	e := testharness.Emulator(t)
	const address = sophosConnectWiseProductTypeName + ".net"
	config := func(category any, typ string) string {
		return cwProductConfig(e, sophosConnectWiseProductTypeName, "net", testharness.Attrs{
			"identifier": "TF-NET", "description": "Network security appliance", "subcategory": "Network Security",
			"type": typ, "category": category,
		}).String()
	}
	var id int64
	captureID := func(s *terraform.State) error {
		raw, err := stateID(s, address)
		if err != nil {
			return err
		}
		id, err = strconv.ParseInt(raw, 10, 64)
		return err
	}
	subcategoryInAPI := func(want int64) statecheck.StateCheck {
		return apiStateCheck(func(ctx context.Context) error {
			p, _, err := testharness.Client(t, e, testharness.FastRetries).GetPSAProduct(ctx, api.PsaConnectwise, id)
			if err != nil {
				return err
			}
			if p.Subcategory == nil || p.Subcategory.Id == nil || *p.Subcategory.Id != want {
				return fmt.Errorf("product %d has subcategory %+v in the API, want id %d", id, p.Subcategory, want)
			}
			return nil
		})
	}
	category := func(want string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(address, tfjsonpath.New("category"), knownvalue.StringExact(want))
	}

	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config: config(nil, "Hardware"),
				ExpectError: errorPhrases(`Invalid ConnectWise product subcategory`,
					`subcategory "Network Security" exists in more than one category: "Services" (id 2), "Hardware" (id 3).`,
					`Choose one with category = "Services" or category = "Hardware".`),
			},
			{
				Config: config("Software", "Hardware"),
				ExpectError: errorPhrases(`Invalid ConnectWise product category`,
					`category "Software" has no subcategory "Network Security".`,
					`subcategory "Network Security" is in "Services" (id 2), "Hardware" (id 3): use category = "Services" or category = "Hardware".`),
			},
			{
				Config:      config("hardware", "Hardware"),
				ExpectError: errorPhrases(`category "hardware" is not spelled as ConnectWise spells it`, `did you mean "Hardware"?`),
			},
			{
				Config: config("Hardware", "Hardware"),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(address, tfjsonpath.New("category"), knownvalue.StringExact("Hardware")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{category("Hardware")},
				Check:             captureID,
			},
			{
				Config:            config("Hardware", "Hardware"),
				ConfigStateChecks: []statecheck.StateCheck{subcategoryInAPI(33)},
			},
			// Leaving category out later changes nothing: it is kept from state while the
			// subcategory stays, and sent along, so an edit of another attribute still finds it.
			{
				Config:           config(nil, "Hardware"),
				ConfigPlanChecks: acc.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: config(nil, "Service"),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("category"), knownvalue.StringExact("Hardware")),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{category("Hardware"), subcategoryInAPI(33)},
			},
			// Another category moves the product to that category's subcategory, in place.
			{
				Config: config("Services", "Service"),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{category("Services"), subcategoryInAPI(24)},
			},
		},
	})
}
