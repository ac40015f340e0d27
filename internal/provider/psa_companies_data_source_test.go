package provider

import (
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

func TestAccPSACompaniesDataSource(t *testing.T) {
	e := testharness.Emulator(t)
	company := func(id int64, name, identifier string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":         knownvalue.Int64Exact(id),
			"name":       knownvalue.StringExact(name),
			"identifier": knownvalue.StringExact(identifier),
		})
	}
	companies := func(attrs testharness.Attrs) string {
		return testharness.Config(e).Data("sophos_psa_companies", "x", attrs).String()
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				Config:      companies(testharness.Attrs{"psa": "autotask", "search": "a"}),
				PlanOnly:    true,
				ExpectError: errorPattern(`Attribute search string length must be at least 2, got: 1`),
			},
			{
				Config:      companies(testharness.Attrs{"psa": "autotask", "search": "al", "name": "Alpine Dental Group"}),
				PlanOnly:    true,
				ExpectError: errorPattern(`Attribute "name" cannot be specified when "search" is specified`),
			},
			{
				Config:      companies(testharness.Attrs{"psa": "kaseya"}),
				PlanOnly:    true,
				ExpectError: errorPattern(`Attribute psa value must be one of.*got: "kaseya"`),
			},
			{
				Config: testharness.Config(e).
					Data("sophos_psa_companies", "by_name", testharness.Attrs{"psa": "autotask", "name": "alpine dental GROUP"}).
					Data("sophos_psa_companies", "search", testharness.Attrs{"psa": "autotask", "search": "NORTH"}).
					Data("sophos_psa_companies", "connectwise", testharness.Attrs{"psa": "connectwise", "search": "legal"}).
					Data("sophos_psa_companies", "none", testharness.Attrs{"psa": "autotask", "name": "No Such Company"}).
					Data("sophos_psa_companies", "all", testharness.Attrs{"psa": "connectwise"}).
					String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.sophos_psa_companies.by_name", tfjsonpath.New("companies"), knownvalue.ListExact([]knownvalue.Check{
						company(29682002, "Alpine Dental Group", "10412"),
					})),
					statecheck.ExpectKnownValue("data.sophos_psa_companies.search", tfjsonpath.New("companies"), knownvalue.ListExact([]knownvalue.Check{
						company(29682011, "Northgate Property Management", "10421"),
						company(29682001, "Northwind IT Services", "0"),
					})),
					statecheck.ExpectKnownValue("data.sophos_psa_companies.connectwise", tfjsonpath.New("companies"), knownvalue.ListExact([]knownvalue.Check{
						company(252, "Bayside Legal LLP", "BaysideLegal"),
					})),
					statecheck.ExpectKnownValue("data.sophos_psa_companies.none", tfjsonpath.New("companies"), knownvalue.ListExact([]knownvalue.Check{})),
					statecheck.ExpectKnownValue("data.sophos_psa_companies.all", tfjsonpath.New("companies"), knownvalue.ListSizeExact(18)),
				},
			},
		},
	})
}
