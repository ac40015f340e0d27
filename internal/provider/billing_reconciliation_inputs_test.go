package provider

import (
	"fmt"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// sophos_billing_reconciliation with the mappings written in the configuration: it runs on
// the Partner Billing API and the PSA's own API alone, fails at plan on what it cannot
// reconcile, and is read at apply when its inputs are known only then.

// reconInputs are reconSeed's ConnectWise mappings as a configuration writes them: the
// customers and the billing codes of the Sophos products the seed maps.
func reconInputs() testharness.Attrs {
	customer := func(id string, company, contract int64) testharness.Attrs {
		return testharness.Attrs{"customer_id": id, "company_id": company, "contract_id": contract}
	}
	code := func(c string, product int64) testharness.Attrs {
		return testharness.Attrs{"product_code": c, "psa_product_id": product}
	}
	return testharness.Attrs{
		"customer_mappings": []any{
			customer(seedCustomerAlpine, 251, 501), customer(reconCustomerAlpineTwin, 251, reconAgreementTwin), customer(seedCustomerBayside, 252, 502),
			customer(seedCustomerCedarRidge, 253, 504), customer(seedCustomerHarborline, 255, 506), customer(seedCustomerKestrel, 257, 508),
			customer(seedCustomerLakeview, 258, 509), customer(seedCustomerMeridian, 259, 510), customer(seedCustomerOakwood, 261, 513),
			customer(seedCustomerPinnacle, 262, 514),
		},
		"product_mappings": []any{
			code("CIXA1CSAA", seedCWIXA), code("CEMA1CSAA", seedCWEmail), code("CIXE1CSAA", seedCWIXAXDR), code("MDRC1CSAA", seedCWMDR),
			code("CEPB1CSAA", seedCWEndpoint),
		},
	}
}

// noRequestsTo is a check that the emulator answered no request on a route containing part.
func noRequestsTo(e *emulator.Emulator, part string) func(*terraform.State) error {
	return func(*terraform.State) error {
		if n := routeRequests(e, part); n > 0 {
			return fmt.Errorf("%d requests to %s; want none", n, part)
		}
		return nil
	}
}

// TestAccBillingReconciliation_mappingsFromTheConfiguration: with both mapping arguments
// and the PSA API of Sophos failing on every request, the reconciliation reads only the
// Partner Billing API and ConnectWise, and finds what it finds through Sophos's tables (rows
// name billing codes, not Sophos products; Summit, whose mapping is in no input, is usage no
// PSA line holds).
func TestAccBillingReconciliation_mappingsFromTheConfiguration(t *testing.T) {
	e, base := startRecon(t)
	e.InjectNext(emulator.InjectedFault{Kind: emulator.Fault503, PathPrefix: "/partner/v1/psa/", Count: 1000})
	cfg := base.Data("sophos_billing_reconciliation", "connectwise", reconciliation("connectwise", reconInputs())).String()
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config: cfg,
			Check: acc.ComposeAggregateTestCheckFunc(noRequestsTo(e, "/partner/v1/psa/"), func(*terraform.State) error {
				if routeRequests(e, "/partner/v1/billing/usage/") == 0 {
					return fmt.Errorf("the billing report was not read")
				}
				return nil
			}),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(reconCW, tfjsonpath.New("rows"), rowsAre(append([]wantRow{
					{customer: "", sophos: 3, problems: noLine},
					{customer: seedCustomerSummit, sophos: 22, problems: noLine},
					{customer: seedCustomerRiverside, sophos: 48, problems: noLine},
				}, reconCWRows(over)...)...)),
				statecheck.ExpectKnownValue(reconCW, tfjsonpath.New("rows").AtSliceIndex(5), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"sophos_products": knownvalue.ListExact([]knownvalue.Check{}),
					"product_codes":   knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("CEMA1CSAA")}),
				})),
			},
		}},
	})
}

// TestAccBillingReconciliation_planTimeErrors: what cannot be reconciled fails the plan,
// naming the attribute, the value and the fix, before anything of the month is read; a PSA
// the provider has no block for names the block and its settings.
func TestAccBillingReconciliation_planTimeErrors(t *testing.T) {
	e, base := startRecon(t)
	withInputs := func(change testharness.Attrs) string {
		return base.Data("sophos_billing_reconciliation", "connectwise", reconciliation("connectwise", reconInputs().With(change))).String()
	}
	twice := func(list string, i int) testharness.Attrs {
		l, _ := reconInputs()[list].([]any)
		return testharness.Attrs{list: append(append([]any{}, l...), l[i])}
	}
	sharedContract := testharness.Attrs{"customer_mappings": []any{
		testharness.Attrs{"customer_id": seedCustomerAlpine, "company_id": 251, "contract_id": 501},
		testharness.Attrs{"customer_id": reconCustomerAlpineTwin, "company_id": 251, "contract_id": 501},
	}}
	noBlock := testharness.Config(e).Data("sophos_billing_reconciliation", "x", reconciliation("autotask", nil)).String()
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{Config: noBlock, ExpectError: errorPhrases("The sophos_billing_reconciliation data source needs the provider's autotask block",
				`with data.sophos_billing_reconciliation.x`, `psa = "autotask"`, "Add the autotask block to the provider", "username (AUTOTASK_USERNAME), secret (AUTOTASK_SECRET), integration_code (AUTOTASK_INTEGRATION_CODE)",
				"Nothing was read")},
			{Config: withInputs(testharness.Attrs{"month": 13}), ExpectError: errorPhrases("month", "value must be between 1 and 12, got: 13")},
			{Config: withInputs(testharness.Attrs{"tolerance": -1.0}), ExpectError: errorPhrases("tolerance", "value must be at least 0", "got: -1")},
			{Config: withInputs(twice("customer_mappings", 2)), ExpectError: errorPhrases("customer_mappings",
				"Customer "+seedCustomerBayside+" is listed twice")},
			{Config: withInputs(twice("product_mappings", 1)), ExpectError: errorPhrases("product_mappings",
				`element 5: product_code "CEMA1CSAA" is listed twice (elements 1 and 5)`, "List each code once")},
			{Config: withInputs(sharedContract), ExpectError: errorPhrases("Contract mapped to two customers", "customer_mappings",
				"ConnectWise agreement 501 for ConnectWise PSA is mapped to customers")},
			{Config: withInputs(testharness.Attrs{"customer_mappings": []any{testharness.Attrs{"customer_id": "29946C86-596B-4918-B186-DBE32C6A986B",
				"company_id": 251, "contract_id": 501}}}), ExpectError: errorPhrases("has upper-case letters", `write "29946c86-596b-4918-b186-dbe32c6a986b"`)},
		},
	})
	if n := routeRequests(e, "/partner/v1/billing/usage/"); n > 0 {
		t.Errorf("the billing report was read %d times; a plan that fails on its arguments reads nothing of the month", n)
	}
}

// TestAccBillingReconciliation_unknownAtPlan: mappings known only at apply leave the rows
// unknown at plan (nothing is read then), and the apply reads them.
func TestAccBillingReconciliation_unknownAtPlan(t *testing.T) {
	_, base := startRecon(t)
	cfg := base.Resource("terraform_data", "agreement", testharness.Attrs{"input": 501}).
		Data("sophos_billing_reconciliation", "connectwise", reconciliation("connectwise", testharness.Attrs{
			"customer_mappings": []any{testharness.Attrs{"customer_id": seedCustomerAlpine, "company_id": 251,
				"contract_id": testharness.Expr("terraform_data.agreement.output")}},
			"product_mappings": reconInputs()["product_mappings"],
		})).
		Block("output", testharness.Attrs{"value": testharness.Expr(`{ for r in data.sophos_billing_reconciliation.connectwise.rows : r.psa_product_id => r.status if r.customer_id == "` + seedCustomerAlpine + `" }`)}, "alpine").
		String()
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config: cfg,
			ConfigPlanChecks: acc.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownOutputValue("alpine"),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("alpine", knownvalue.MapExact(map[string]knownvalue.Check{
					fmt.Sprint(seedCWIXA): knownvalue.StringExact("matches"), fmt.Sprint(seedCWEmail): knownvalue.StringExact("matches"),
				})),
			},
		}},
	})
}

// TestAccBillingReconciliation_integrationNotUsable: with Sophos's ConnectWise integration in
// error, reading Sophos's mapping tables fails, saying so and that the reconciliation can do
// without them; with the mappings written in the configuration it reads none of them and
// works.
func TestAccBillingReconciliation_integrationNotUsable(t *testing.T) {
	e, base := startRecon(t)
	for _, psa := range api.PSAs() {
		if err := e.Admin().SetIntegrationStatus(psa, api.IntegrationStatusError); err != nil {
			t.Fatal(err)
		}
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				Config: base.Data("sophos_billing_reconciliation", "connectwise", reconciliation("connectwise", nil)).String(),
				ExpectError: errorPhrases("ConnectWise PSA integration not usable", "The reconciliation can do without Sophos's mapping tables",
					"with customer_mappings and product_mappings written in the configuration"),
			},
			{
				PreConfig: e.ResetCounters,
				Config:    base.Data("sophos_billing_reconciliation", "connectwise", reconciliation("connectwise", reconInputs())).String(),
				Check:     noRequestsTo(e, "/partner/v1/psa/"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(reconCW, tfjsonpath.New("totals_by_status").AtMapKey("psa_short").AtMapKey("rows"), knownvalue.Int64Exact(2)),
				},
			},
		},
	})
}
