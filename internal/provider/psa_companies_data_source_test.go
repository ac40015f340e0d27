package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccPSACompaniesDataSource(t *testing.T) {
	e := newTestEmulator(t)
	company := func(id int64, name, identifier string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":         knownvalue.Int64Exact(id),
			"name":       knownvalue.StringExact(name),
			"identifier": knownvalue.StringExact(identifier),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testProviderConfig(e) + "data \"sophos_psa_companies\" \"x\" {\n  psa    = \"autotask\"\n  search = \"a\"\n}\n",
				PlanOnly:    true,
				ExpectError: errorPattern(`Attribute search string length must be at least 2, got: 1`),
			},
			{
				Config:      testProviderConfig(e) + "data \"sophos_psa_companies\" \"x\" {\n  psa    = \"autotask\"\n  search = \"al\"\n  name   = \"Alpine Dental Group\"\n}\n",
				PlanOnly:    true,
				ExpectError: errorPattern(`Attribute "name" cannot be specified when "search" is specified`),
			},
			{
				Config:      testProviderConfig(e) + "data \"sophos_psa_companies\" \"x\" {\n  psa = \"kaseya\"\n}\n",
				PlanOnly:    true,
				ExpectError: errorPattern(`Attribute psa value must be one of.*got: "kaseya"`),
			},
			{
				Config: testProviderConfig(e) + `
data "sophos_psa_companies" "by_name" {
  psa  = "autotask"
  name = "alpine dental GROUP"
}

data "sophos_psa_companies" "search" {
  psa    = "autotask"
  search = "NORTH"
}

data "sophos_psa_companies" "connectwise" {
  psa    = "connectwise"
  search = "legal"
}

data "sophos_psa_companies" "none" {
  psa  = "autotask"
  name = "No Such Company"
}

data "sophos_psa_companies" "all" {
  psa = "connectwise"
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
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
