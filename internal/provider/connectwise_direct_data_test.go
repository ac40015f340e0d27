package provider

import (
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccConnectWiseData_sameInBothModes: the PSA data sources and the plan-time checks of a
// ConnectWise customer mapping give the same answers, to the same configuration, through the
// integration and through ConnectWise's own API: catalog items (inactive ones on request,
// search and identifier ignoring case), companies without the recycle bin, agreements with
// the integration's rules (cancelled hidden, expired offered, names that are not unique
// flagged), and a mapping to a cancelled agreement refused at plan.
func TestAccConnectWiseData_sameInBothModes(t *testing.T) {
	for _, mode := range cwModes {
		t.Run(mode.name, func(t *testing.T) {
			m := newCWModeTest(t, mode)
			// An agreement of Riverside with the name of Bayside's makes both names not unique.
			if _, err := m.e.Admin().AddContract(api.PsaConnectwise, emulator.NewContract{CompanyID: 264, Name: "bayside legal - managed security", StartDate: "2024-05-01"}); err != nil {
				t.Fatal(err)
			}
			contract := func(id int64, name string, company int64, companyName, status, start, end string, unique bool) knownvalue.Check {
				var endCheck knownvalue.Check = knownvalue.Null()
				if end != "" {
					endCheck = knownvalue.StringExact(end)
				}
				return knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id": knownvalue.Int64Exact(id), "name": knownvalue.StringExact(name), "company_id": knownvalue.Int64Exact(company),
					"company_name": knownvalue.StringExact(companyName), "status": knownvalue.StringExact(status),
					"start_date": knownvalue.StringExact(start), "end_date": endCheck, "name_unique": knownvalue.Bool(unique), "type": knownvalue.Null(),
				})
			}
			cw := func(attrs testharness.Attrs) testharness.Attrs {
				return attrs.With(testharness.Attrs{"psa": "connectwise"})
			}
			acc.ParallelTest(t, acc.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []acc.TestStep{
					{
						Config: m.config().
							Data("sophos_psa_products", "active", cw(nil)).
							Data("sophos_psa_products", "all", cw(testharness.Attrs{"include_inactive": true})).
							Data("sophos_psa_products", "intercept", cw(testharness.Attrs{"search": "INTERCEPT x"})).
							Data("sophos_psa_products", "by_identifier", cw(testharness.Attrs{"identifier": "sophos-cix-ep"})).
							Data("sophos_psa_companies", "dental", cw(testharness.Attrs{"search": "dental"})).
							Data("sophos_psa_companies", "all", cw(nil)).
							Data("sophos_psa_contracts", "cedar_ridge", cw(testharness.Attrs{"company_id": seedCWCompanyCedarRidge})).
							Data("sophos_psa_contracts", "cedar_ridge_current", cw(testharness.Attrs{"company_id": seedCWCompanyCedarRidge, "include_expired": false})).
							Data("sophos_psa_contracts", "northgate", cw(testharness.Attrs{"company_id": 260})).
							Data("sophos_psa_contracts", "bayside_name", cw(testharness.Attrs{"name": "Bayside Legal - Managed Security"})).
							String(),
						ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue("data.sophos_psa_products.active", tfjsonpath.New("products"), knownvalue.ListSizeExact(11)),
							statecheck.ExpectKnownValue("data.sophos_psa_products.all", tfjsonpath.New("products"), knownvalue.ListSizeExact(12)),
							statecheck.ExpectKnownValue("data.sophos_psa_products.intercept", tfjsonpath.New("products"), knownvalue.ListSizeExact(3)),
							statecheck.ExpectKnownValue("data.sophos_psa_products.by_identifier", tfjsonpath.New("products"), knownvalue.ListExact([]knownvalue.Check{
								knownvalue.ObjectExact(map[string]knownvalue.Check{
									"id": knownvalue.Int64Exact(seedCWEndpoint), "identifier": knownvalue.StringExact("SOPHOS-CIX-EP"),
									"description": knownvalue.StringExact("Sophos Central Endpoint Protection"), "customer_description": knownvalue.StringExact("Sophos Central Endpoint Protection"),
									"category": knownvalue.StringExact("Software"), "subcategory": knownvalue.StringExact("Endpoint Security"),
									"type": knownvalue.StringExact("Software License"), "product_class": knownvalue.StringExact("NonInventory"),
									"unit_of_measure": knownvalue.StringExact("Device"), "price": knownvalue.Float64Exact(2.75), "cost": knownvalue.Float64Exact(1.65),
									"taxable": knownvalue.Bool(true), "inactive": knownvalue.Bool(false), "manufacturer_part_number": knownvalue.StringExact("CEPB1CSAA"),
									"vendor_sku": knownvalue.Null(), "integration_xref": knownvalue.StringExact("Sophos_Endpoint_Protection"), "notes": knownvalue.Null(),
								}),
							})),
							// Oldtown Dental (closed), 268, is in the recycle bin.
							statecheck.ExpectKnownValue("data.sophos_psa_companies.dental", tfjsonpath.New("companies"), knownvalue.ListExact([]knownvalue.Check{
								knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(251), "name": knownvalue.StringExact("Alpine Dental Group"), "identifier": knownvalue.StringExact("AlpineDental")}),
							})),
							statecheck.ExpectKnownValue("data.sophos_psa_companies.all", tfjsonpath.New("companies"), knownvalue.ListSizeExact(18)),
							statecheck.ExpectKnownValue("data.sophos_psa_contracts.cedar_ridge", tfjsonpath.New("contracts"), knownvalue.ListExact([]knownvalue.Check{
								contract(seedCWAgreementCedarRidge, "Cedar Ridge Vet - Managed Security", seedCWCompanyCedarRidge, "Cedar Ridge Veterinary Clinic", "active", "2024-01-01", "", true),
								contract(seedCWAgreementCedarRidgeExpired, "Cedar Ridge Vet - Security 2023", seedCWCompanyCedarRidge, "Cedar Ridge Veterinary Clinic", "expired", "2023-01-01", "2023-12-31", true),
							})),
							statecheck.ExpectKnownValue("data.sophos_psa_contracts.cedar_ridge_current", tfjsonpath.New("contracts"), knownvalue.ListSizeExact(1)),
							// The cancelled agreement 512 of Northgate is never listed.
							statecheck.ExpectKnownValue("data.sophos_psa_contracts.northgate", tfjsonpath.New("contracts"), knownvalue.ListExact([]knownvalue.Check{
								knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(511)}),
							})),
							statecheck.ExpectKnownValue("data.sophos_psa_contracts.bayside_name", tfjsonpath.New("contracts"), knownvalue.ListExact([]knownvalue.Check{
								knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(502), "name_unique": knownvalue.Bool(false)}),
								knownvalue.ObjectPartial(map[string]knownvalue.Check{"company_id": knownvalue.Int64Exact(264), "name_unique": knownvalue.Bool(false)}),
							})),
						},
						Check: m.wentThrough,
					},
					{
						Config: m.config().Resource("sophos_psa_customer_mapping", "northgate",
							customerMapping("connectwise", seedCustomerNorthgate, 260, 512, true, nil)).String(),
						PlanOnly:    true,
						ExpectError: errorPhrases("Contract not found or cancelled", "ConnectWise PSA has no agreement 512, or it was cancelled"),
					},
					{
						Config: m.config().Resource("sophos_psa_customer_mapping", "northgate",
							customerMapping("connectwise", seedCustomerNorthgate, 268, 0, nil, true)).String(),
						PlanOnly:    true,
						ExpectError: errorPhrases("PSA company not found", "ConnectWise PSA has no company 268"),
					},
					{
						Config: m.config().Resource("sophos_psa_customer_mapping", "cedar_ridge",
							customerMapping("connectwise", seedCustomerCedarRidge, seedCWCompanyCedarRidge, seedCWAgreementCedarRidge, true, true)).String(),
						ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue("sophos_psa_customer_mapping.cedar_ridge", tfjsonpath.New("contract_name"), knownvalue.StringExact("Cedar Ridge Vet - Managed Security")),
						},
					},
				},
			})
		})
	}
}
