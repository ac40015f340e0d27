package provider

import (
	"fmt"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// budgetCustomers is how many customers the budget test bills and maps in both PSAs; each has
// 12 billing lines and two lines in each PSA.
const budgetCustomers = 240

// budgetSeed is the default seed with budgetCustomers more usage-billed customers, each with
// a ConnectWise company and agreement and an Autotask company and contract, mapped in both
// PSAs, with 12 billing lines in reconMonthText (six of Intercept X Advanced, six of Email
// Advanced; the default lines are dropped) and in each PSA the two lines Sophos's sync
// writes for them; every tenth customer's Intercept X line is one short.
func budgetSeed() *emulator.Seed {
	s := emulator.DefaultSeed()
	p := &s.Partners[0]
	p.BillingUsage.Lines = nil
	contract := func(id int64) *int64 { return &id }
	for i := range budgetCustomers {
		n := int64(i + 1)
		id := fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
		name := fmt.Sprintf("Budget Customer %03d", n)
		p.Tenants = append(p.Tenants, emulator.SeedTenant{ID: id, Name: name, BillingType: "usage"})
		ixa := float64(6 * (n%5 + 1))
		for range 6 {
			p.BillingUsage.Lines = append(p.BillingUsage.Lines,
				emulator.SeedBillingLine{CustomerID: id, ProductCode: "CIXA1CSAA", Quantity: ixa / 6, Months: []string{reconMonthText}},
				emulator.SeedBillingLine{CustomerID: id, ProductCode: "CEMA1CSAA", Quantity: 2, Months: []string{reconMonthText}})
		}
		held := ixa
		if n%10 == 0 {
			held--
		}
		cwCompany, cwAgreement, atCompany, atContract := 3000+n, 4000+n, 29690000+n, 29700000+n
		p.ConnectWise.Companies = append(p.ConnectWise.Companies, emulator.SeedCompany{ID: cwCompany, Name: name, Identifier: fmt.Sprintf("Budget%03d", n)})
		p.ConnectWise.Agreements = append(p.ConnectWise.Agreements, emulator.SeedContract{ID: cwAgreement, CompanyID: cwCompany, Name: name + " - Security", Status: "active", StartDate: "2024-01-01"})
		p.ConnectWise.Additions = append(p.ConnectWise.Additions,
			emulator.SeedAddition{AgreementID: cwAgreement, ProductID: seedCWIXA, Quantity: held, UnitPrice: 4.50},
			emulator.SeedAddition{AgreementID: cwAgreement, ProductID: seedCWEmail, Quantity: 12, UnitPrice: 2.10})
		units := func(q, price float64) []emulator.SeedUnits {
			return []emulator.SeedUnits{{Units: q, StartDate: "2025-06-01", EndDate: "2025-06-30", Price: ptr(price)}}
		}
		p.Autotask.Companies = append(p.Autotask.Companies, emulator.SeedCompany{ID: atCompany, Name: name})
		p.Autotask.Contracts = append(p.Autotask.Contracts, emulator.SeedContract{ID: atContract, CompanyID: atCompany, Name: name + " - Flex", Status: "active",
			StartDate: "2024-01-01", Services: []emulator.SeedContractService{
				{ServiceID: seedATIXA, UnitPrice: ptr(4.40), Units: units(held, 4.40)},
				{ServiceID: seedATEmail, UnitPrice: ptr(2.00), Units: units(12, 2.00)},
			}})
		p.CustomerMappings = append(p.CustomerMappings,
			emulator.SeedCustomerMapping{PSA: "connectwise", CustomerID: id, CompanyID: cwCompany, ContractID: contract(cwAgreement), UsageSyncEnabled: true},
			emulator.SeedCustomerMapping{PSA: "autotask", CustomerID: id, CompanyID: atCompany, ContractID: contract(atContract), UsageSyncEnabled: true})
	}
	p.ProductMappings = append(p.ProductMappings, []emulator.SeedProductMapping{
		{PSA: "connectwise", SophosProduct: "Sophos_Intercept_X_Advanced", PsaProductID: seedCWIXA},
		{PSA: "connectwise", SophosProduct: "Sophos_Email_Advanced", PsaProductID: seedCWEmail},
		{PSA: "autotask", SophosProduct: "Sophos_Intercept_X_Advanced", PsaProductID: seedATIXA},
		{PSA: "autotask", SophosProduct: "Sophos_Email_Advanced", PsaProductID: seedATEmail},
	}...)
	return s
}

// budgetRequests are the requests one provider process that reads the ConnectWise and the
// Autotask reconciliation of budgetSeed sends, by the emulator's route: one paged listing per
// source, shared by both data sources, and ConnectWise's additions one request per mapped
// agreement.
var budgetRequests = map[string]int{
	"POST /api/v2/oauth2/token": 1,
	"GET /whoami/v1":            1,
	// 2,880 lines: the service's first page of 100, then pages of 1,000.
	"GET /partner/v1/billing/usage/{year}/{month}": 4,
	// 256 customers of each PSA, 100 a page.
	"GET /partner/v1/psa/{psa}/customer-mappings": 2 * 3,
	"GET /partner/v1/psa/{psa}/product-mappings":  2,
	"GET /partner/v1/psa/sophos-products":         1,
	"GET /login/companyinfo/{companyId}":          1,
	// 259 agreements: a forward-only page and the empty page that ends it.
	"GET /v4_6_release/apis/3.0/finance/agreements":                      2,
	"GET /v4_6_release/apis/3.0/finance/agreements/{parentId}/additions": budgetCustomers,
	"GET /atservicesrest/v1.0/zoneInformation":                           1,
	"POST /atservicesrest/v1.0/Contracts/query":                          1,
	"POST /atservicesrest/v1.0/Companies/query":                          1,
	"GET /atservicesrest/v1.0/Contracts/entityInformation/fields":        1,
	"POST /atservicesrest/v1.0/ContractServices/query":                   1,
	"POST /atservicesrest/v1.0/ContractServiceUnits/query":               1,
}

// TestAccBillingReconciliation_requestBudget: 2,880 billing lines and 960 PSA lines in two
// PSAs are reconciled by one plan within the documented budget, each route counted.
func TestAccBillingReconciliation_requestBudget(t *testing.T) {
	e, ca := testharness.EmulatorTLSWith(t, emulator.Options{Seed: budgetSeed()})
	cfg := testharness.NewConfig().Provider(testharness.ProviderAttrs(e).With(testharness.Attrs{
		"connectwise": testharness.ConnectWiseBlock(e, ca), "autotask": testharness.AutotaskBlock(e, ca)})).
		Data("sophos_billing_reconciliation", "connectwise", reconciliation("connectwise", nil)).
		Data("sophos_billing_reconciliation", "autotask", reconciliation("autotask", nil)).String()
	totals := func(address string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(address, tfjsonpath.New("totals_by_status"), knownvalue.MapPartial(map[string]knownvalue.Check{
			"matches":   knownvalue.ObjectPartial(map[string]knownvalue.Check{"rows": knownvalue.Int64Exact(2*budgetCustomers - budgetCustomers/10)}),
			"psa_short": knownvalue.ObjectPartial(map[string]knownvalue.Check{"rows": knownvalue.Int64Exact(budgetCustomers / 10)}),
		}))
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{totals(reconCW), totals(reconAT)}},
			{PreConfig: e.ResetCounters, Config: cfg, PlanOnly: true},
			{
				PreConfig: func() {
					// plugin-testing plans a PlanOnly step more than once, each in a provider
					// process of its own (one token each): the budget holds for each.
					counts := e.Counters()
					runs := counts["POST /api/v2/oauth2/token"]
					t.Logf("%d plans of both reconciliations sent: %v", runs, counts)
					if runs == 0 {
						t.Fatal("no plan ran")
					}
					for route, n := range counts {
						if budgetRequests[route]*runs != n {
							t.Errorf("%s: %d requests in %d plans, want %d each", route, n, runs, budgetRequests[route])
						}
					}
					for route, n := range budgetRequests {
						if _, ok := counts[route]; !ok {
							t.Errorf("%s: no request, want %d", route, n)
						}
					}
				},
				Config:   cfg,
				PlanOnly: true,
			},
		},
	})
}
