package provider

import (
	"context"
	"fmt"
	"sync"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// companyPagesRoute counts the pages after the first of Autotask's company queries.
const companyPagesRoute = "GET /atservicesrest/v1.0/Companies/query/next"

// TestAccAutotaskDirect_inactiveCompanies: Autotask lists only its active companies
// (isActive eq true, on the server), so 600 inactive ones cost no page of the listing; a
// company that became inactive is still read where something needs it (a mapping's company,
// its contracts listed with the company's name), as through the integration.
func TestAccAutotaskDirect_inactiveCompanies(t *testing.T) {
	const cedarRidge = 29682004
	same := &sameData{}
	var setUp sync.Once
	inBothModes(t, emulator.Options{}, func(t *testing.T, m autotaskMode, e *emulator.Emulator, ca string) {
		setUp.Do(func() { makeCompaniesInactive(t, e, cedarRidge) })
		var pagesBefore int
		contract := func(id int64, name string) knownvalue.Check {
			return knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(id), "name": knownvalue.StringExact(name),
				"company_name": knownvalue.StringExact("Cedar Ridge Veterinary Clinic")})
		}
		acc.Test(t, acc.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []acc.TestStep{{
				PreConfig: func() { pagesBefore = e.Counters()[companyPagesRoute] },
				Config: m.config(e, ca).
					Data("sophos_psa_companies", "all", testharness.Attrs{"psa": "autotask"}).
					Data("sophos_psa_contracts", "cedar_ridge", testharness.Attrs{"psa": "autotask", "company_id": cedarRidge}).
					Resource("sophos_psa_customer_mapping", "cedar_ridge", customerMapping("autotask", seedCustomerCedarRidge, cedarRidge, 29684004, true, nil)).
					String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.sophos_psa_companies.all", tfjsonpath.New("companies"), knownvalue.ListSizeExact(16)),
					statecheck.ExpectKnownValue("data.sophos_psa_contracts.cedar_ridge", tfjsonpath.New("contracts"), knownvalue.ListExact([]knownvalue.Check{
						contract(29684004, "Cedar Ridge - Sophos MSP Flex"), contract(29684003, "Cedar Ridge - Sophos MSP Flex 2023"),
					})),
					statecheck.ExpectKnownValue("sophos_psa_customer_mapping.cedar_ridge", tfjsonpath.New("company_name"),
						knownvalue.StringExact("Cedar Ridge Veterinary Clinic")),
					same, m.readsAutotask(e),
					stateCheckFunc(func() error {
						if pages := e.Counters()[companyPagesRoute] - pagesBefore; pages != 0 {
							return fmt.Errorf("%d further pages of companies were read: the 600 inactive companies were listed", pages)
						}
						return nil
					}),
				},
			}},
		})
	})
}

// makeCompaniesInactive adds 600 Autotask companies and makes them and the company of id
// inactive: with them Autotask has more than a page (MaxRecords) of companies, of which
// fewer than a page are active.
func makeCompaniesInactive(t *testing.T, e *emulator.Emulator, id int64) {
	t.Helper()
	if _, err := e.Admin().SynthesizeResult(emulator.SynthOptions{Companies: 600}); err != nil {
		t.Fatal(err)
	}
	synth, err := testharness.Client(t, e).ListPSACompanies(context.Background(), api.PsaAutotask, client.CompanyQuery{Search: "Synth Company"})
	if err != nil {
		t.Fatal(err)
	}
	if len(synth) != 600 {
		t.Fatalf("%d synthetic Autotask companies, want 600", len(synth))
	}
	ids := []int64{id}
	for _, c := range synth {
		ids = append(ids, c.Id)
	}
	for _, id := range ids {
		if err := e.Admin().SetCompanyInactive(api.PsaAutotask, id, true); err != nil {
			t.Fatal(err)
		}
	}
}
