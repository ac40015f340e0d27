package provider

import (
	"cmp"
	"regexp"
	"slices"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// provider::sophos::usage_rollup run by the engine: on the data sources it computes what the
// emulator's usage sync (a separate implementation, over the database) sends, and on literal
// inputs it handles unknown values at plan, empty and null inputs and unknown codes.

// functionsSupported skips a test on engines without provider-defined functions.
var functionsSupported = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}

const rollupExample = "functions/usage_rollup/function.tf"

// rollupSeed is the default seed with a firewall product that syncs with the invoice only
// (the stand-alone firewall code now rolls up to it, and Alpine has one), a second billing
// code of Intercept X Advanced, a code of no Sophos product, and Email Advanced usage of
// Tidewater and Cedar Ridge.
func rollupSeed() *emulator.Seed {
	s := emulator.DefaultSeed()
	s.SophosProducts = append(s.SophosProducts, emulator.SeedSophosProduct{Identifier: "Sophos_Firewall_MSP_Flex", Name: "Sophos Firewall (MSP Flex)", SyncsWithInvoiceOnly: true})
	for i := range s.BillingProducts {
		if s.BillingProducts[i].ProductCode == "XGS1XSPMSP" {
			s.BillingProducts[i].SophosProduct = "Sophos_Firewall_MSP_Flex"
		}
	}
	s.BillingProducts = append(s.BillingProducts,
		emulator.SeedBillingProduct{ProductCode: "CIXA1CSAB", Description: "Sophos Central Intercept X Advanced (annual term)",
			ProductGroup: "Endpoint", UnitPrice: 2.75, SophosProduct: "Sophos_Intercept_X_Advanced"},
		emulator.SeedBillingProduct{ProductCode: "NDR1CSAA", Description: "Sophos NDR", ProductGroup: "Network", UnitPrice: 3.10}) // of no product
	usage := &s.Partners[0].BillingUsage.Lines
	*usage = append(*usage,
		emulator.SeedBillingLine{CustomerID: seedCustomerAlpine, ProductCode: "XGS1XSPMSP", Quantity: 2},
		emulator.SeedBillingLine{CustomerID: seedCustomerAlpine, ProductCode: "CIXA1CSAB", Quantity: 5},
		emulator.SeedBillingLine{CustomerID: seedCustomerTidewater, ProductCode: "CEMA1CSAA", Quantity: 9},
		emulator.SeedBillingLine{CustomerID: seedCustomerCedarRidge, ProductCode: "CEMA1CSAA", Quantity: 4},
		emulator.SeedBillingLine{CustomerID: seedCustomerAlpine, ProductCode: "NDR1CSAA", Quantity: 7},
	)
	return s
}

// syncedLines is what a usage-sync run sent, as the function returns it: per customer and
// PSA product (Sophos products mapped to one PSA product summed), sorted by customer id and
// PSA product id.
func syncedLines(t *testing.T, run *api.UsageSyncRun) knownvalue.Check {
	t.Helper()
	type line struct {
		customer                   string
		company, contract, product int64
		sophos                     []string
		quantity                   float64
	}
	var lines []*line
	for _, r := range run.Results {
		if r.Status != api.SyncStatusSuccessful {
			continue
		}
		for _, l := range r.Lines {
			i := slices.IndexFunc(lines, func(x *line) bool { return x.customer == r.CustomerId && x.product == l.PsaProductId })
			if i < 0 {
				lines = append(lines, &line{customer: r.CustomerId, company: r.CompanyId, contract: *r.ContractId, product: l.PsaProductId})
				i = len(lines) - 1
			}
			lines[i].sophos = append(lines[i].sophos, l.SophosProduct)
			lines[i].quantity += l.Quantity
		}
	}
	slices.SortFunc(lines, func(a, b *line) int {
		return cmp.Or(cmp.Compare(a.customer, b.customer), cmp.Compare(a.product, b.product))
	})
	checks := []knownvalue.Check{}
	for _, l := range lines {
		slices.Sort(l.sophos)
		sophos := make([]knownvalue.Check, len(l.sophos))
		for i, s := range l.sophos {
			sophos[i] = knownvalue.StringExact(s)
		}
		checks = append(checks, knownvalue.ObjectExact(map[string]knownvalue.Check{
			"customer_id": knownvalue.StringExact(l.customer), "company_id": knownvalue.Int64Exact(l.company),
			"contract_id": knownvalue.Int64Exact(l.contract), "psa_product_id": knownvalue.Int64Exact(l.product),
			"sophos_products": knownvalue.ListExact(sophos), "quantity": knownvalue.Float64Exact(l.quantity),
		}))
	}
	if len(checks) < 2 {
		t.Fatalf("the sync sent %d lines; the test needs a month with more", len(checks))
	}
	return knownvalue.ListExact(checks)
}

// TestAccUsageRollupFunction_isWhatTheSyncSends applies the function's documentation
// example, plus the same call for ConnectWise, on a partner with every case the roll-up
// judges (an expired contract, an inactive one, usage sync off, an unmapped customer, a
// product with sync off, two Sophos products on one PSA product, a code of no product, a
// customer mapped in both PSAs), and compares the result with what the emulator's usage sync
// sends: daily (no firewall) and with the invoice.
func TestAccUsageRollupFunction_isWhatTheSyncSends(t *testing.T) {
	e := emulator.StartForTest(t, emulator.Options{Seed: rollupSeed()})
	adm := e.Admin()
	at, cw := api.PsaAutotask, api.PsaConnectwise
	setCustomerMappingOutOfBand(t, e, at, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, false)
	// An expired contract takes usage. Tidewater's own expired one is Block Hours, which takes
	// no contract services in Autotask (the sync fails there), so its Recurring Service
	// contract is expired for this.
	if err := adm.ExpireContract(at, seedATContractTidewater); err != nil {
		t.Fatal(err)
	}
	setCustomerMappingOutOfBand(t, e, at, seedCustomerTidewater, seedATCompanyTidewater, seedATContractTidewater, true, false)
	setCustomerMappingOutOfBand(t, e, at, seedCustomerCedarRidge, 29682004, 29684004, true, false)
	setCustomerMappingOutOfBand(t, e, at, "7c62543e-dd0a-4b1b-9e5a-e262232ca62b", 29682009, 29684008, true, false) // Lakeview: inactive contract
	setCustomerMappingOutOfBand(t, e, at, seedCustomerBayside, seedATCompanyBayside, seedATContractBayside, false, true)
	setCustomerMappingOutOfBand(t, e, cw, seedCustomerCedarRidge, seedCWCompanyCedarRidge, seedCWAgreementCedarRidge, true, false)
	for _, m := range []struct {
		psa     api.Psa
		product string
		id      int64
		sync    bool
	}{
		{at, "Sophos_Intercept_X_Advanced", 29680001, true},
		{at, "Sophos_Firewall_MSP_Flex", 29680001, true}, // one Autotask product for two Sophos products
		{at, "Sophos_Intercept_X_Advanced_XDR", 29680002, true},
		{at, "Sophos_Email_Advanced", 29680005, true},
		{at, "Sophos_MDR_Complete", seedATMDRComplete, false},
		{cw, "Sophos_Intercept_X_Advanced", seedCWIXA, true},
		{cw, "Sophos_Email_Advanced", 106, true},
	} {
		if err := adm.SetProductMapping(m.psa, m.product, m.id, m.sync); err != nil {
			t.Fatal(err)
		}
	}
	sync := func(psa api.Psa, schedule api.UsageSyncFrequency) knownvalue.Check {
		if err := adm.SetUsageSyncSchedule(psa, schedule, nil); err != nil {
			t.Fatal(err)
		}
		run, err := adm.SyncUsage(psa)
		if err != nil {
			t.Fatal(err)
		}
		return syncedLines(t, run)
	}
	cwInvoice := sync(cw, api.UsageSyncFrequencyWithInvoice)
	atInvoice := sync(at, api.UsageSyncFrequencyWithInvoice)
	atDaily := sync(at, api.UsageSyncFrequencyDaily)
	schedule := func(s api.UsageSyncFrequency) func() {
		return func() {
			if err := adm.SetUsageSyncSchedule(at, s, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	cfg := exampleConfig(t, e, rollupExample) + `
data "sophos_psa_customer_mappings" "connectwise" {
  psa = "connectwise"
}

data "sophos_psa_product_mappings" "connectwise" {
  psa = "connectwise"
}

output "next_connectwise_sync" {
  value = provider::sophos::usage_rollup(
    data.sophos_billing_usage.this_month.lines,
    data.sophos_products.all.products,
    data.sophos_psa_customer_mappings.connectwise.mappings,
    data.sophos_psa_product_mappings.connectwise.mappings,
    one([for i in data.sophos_psa_integrations.all.integrations : i.usage_sync_schedule if i.psa == "connectwise"]),
  )
}
`
	alpineFromInputs := statecheck.ExpectKnownOutputValue("alpine_from_inputs", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
		"customer_id": knownvalue.StringExact(seedCustomerAlpine), "company_id": knownvalue.Int64Exact(seedATCompanyAlpine),
		"contract_id": knownvalue.Int64Exact(seedATContractAlpine), "psa_product_id": knownvalue.Int64Exact(29680001),
		"sophos_products": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("Sophos_Intercept_X_Advanced")}),
		"quantity":        knownvalue.Float64Exact(47),
	})}))
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks:   functionsSupported,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				PreConfig:        schedule(api.UsageSyncFrequencyDaily),
				Config:           cfg,
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("next_autotask_sync", atDaily),
					statecheck.ExpectKnownOutputValue("next_connectwise_sync", cwInvoice),
					statecheck.ExpectKnownOutputValue("next_autotask_quantities", knownvalue.MapPartial(map[string]knownvalue.Check{
						seedCustomerAlpine + "/29680001": knownvalue.Float64Exact(47),
					})),
					alpineFromInputs,
				},
			},
			{
				PreConfig: schedule(api.UsageSyncFrequencyWithInvoice),
				Config:    cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("next_autotask_sync", atInvoice),
					statecheck.ExpectKnownOutputValue("next_autotask_quantities", knownvalue.MapPartial(map[string]knownvalue.Check{
						seedCustomerAlpine + "/29680001": knownvalue.Float64Exact(49), // with the firewall
					})),
					alpineFromInputs,
				},
			},
		},
	})
}

// rollupInputs are literal inputs: a customer with usage of a known and an unknown code;
// `later` is unknown until terraform_data.later is created.
const rollupInputs = `
resource "terraform_data" "later" {}

locals {
  later = terraform_data.later.id != ""
  lines = [
    { account_id = "aaaaaaaa-0000-4000-8000-000000000001", product_code = "CIXA1CSAA", billable_quantity = 4, unit_price = null },
    { account_id = "aaaaaaaa-0000-4000-8000-000000000001", product_code = "NO-SUCH-CODE", billable_quantity = 9, unit_price = 1 },
    { account_id = "aaaaaaaa-0000-4000-8000-000000000001", product_code = "CIXA1CSAA", billable_quantity = 3, unit_price = 2.9 },
  ]
  products  = [{ identifier = "Sophos_Intercept_X_Advanced", billing_product_codes = ["CIXA1CSAA"], syncs_with_invoice_only = false }]
  customers = [{ customer_id = "aaaaaaaa-0000-4000-8000-000000000001", company_id = 1, contract_id = 2, contract_status = "active", usage_sync_enabled = true }]
  mappings  = [{ sophos_product = "Sophos_Intercept_X_Advanced", psa_product_id = 3, sync_enabled = true }]
}
`

// TestAccUsageRollupFunction_edgeCases: bad input fails the plan, naming the argument;
// unknown codes are left out, empty and null inputs give an empty list, and an argument not
// known at plan (wholly, or one attribute of one element) gives an unknown result, known
// after the apply. (The good configuration is the last step: the test's destroy plans it.)
func TestAccUsageRollupFunction_edgeCases(t *testing.T) {
	e := testharness.Emulator(t)
	line := knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
		"customer_id": knownvalue.StringExact("aaaaaaaa-0000-4000-8000-000000000001"), "company_id": knownvalue.Int64Exact(1),
		"contract_id": knownvalue.Int64Exact(2), "psa_product_id": knownvalue.Int64Exact(3),
		"sophos_products": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("Sophos_Intercept_X_Advanced")}),
		"quantity":        knownvalue.Float64Exact(7),
	})})
	empty := knownvalue.ListExact([]knownvalue.Check{})
	call := func(args string) string { return "provider::sophos::usage_rollup(" + args + ")" }
	outputs := testharness.Config(e).Raw(rollupInputs + `
output "known" {
  value = ` + call(`local.lines, local.products, local.customers, local.mappings, "daily"`) + `
}
output "empty" {
  value = ` + call(`[], [], [], [], null`) + `
}
output "nulls" {
  value = ` + call(`null, null, null, null, null`) + `
}
output "unknown_list" {
  value = ` + call(`local.later ? local.lines : local.lines, local.products, local.customers, local.mappings, "daily"`) + `
}
output "unknown_attribute" {
  value = ` + call(`local.lines, local.products, [for c in local.customers : merge(c, { usage_sync_enabled = local.later })], local.mappings, "daily"`) + `
}
output "unknown_schedule" {
  value = ` + call(`local.lines, local.products, local.customers, local.mappings, local.later ? "daily" : "monthly"`) + `
}
`).String()
	bad := func(args string) string {
		return testharness.Config(e).Raw(rollupInputs + "output \"bad\" {\n  value = " + call(args) + "\n}\n").String()
	}
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks:   functionsSupported,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				Config:      bad(`local.lines, local.products, concat(local.customers, local.customers), local.mappings, "daily"`),
				ExpectError: regexp.MustCompile(`(?s)customer_mappings.*aaaaaaaa-0000-4000-8000-000000000001\s+is\s+listed\s+twice`),
			},
			{
				Config:      bad(`local.lines, local.products, local.customers, local.mappings, "weekly"`),
				ExpectError: regexp.MustCompile(`(?s)usage_sync_schedule.*value must be one of.*"withInvoice".*got:\s+"weekly"`),
			},
			{
				Config:      bad(`local.lines, local.products, [merge(local.customers[0], { contract_status = "Active" })], local.mappings, "daily"`),
				ExpectError: regexp.MustCompile(`(?s)customer_mappings.*contract_status\s+"Active".*is\s+not\s+a\s+contract\s+status`),
			},
			{
				Config:      bad(`local.lines, local.products, [{ customer_id = "x" }], local.mappings, "daily"`),
				ExpectError: regexp.MustCompile(`(?s)customer_mappings.*attribute.*required`),
			},
			{
				Config: outputs,
				ConfigPlanChecks: acc.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownOutputValue("known", line),
					plancheck.ExpectKnownOutputValue("empty", empty),
					plancheck.ExpectKnownOutputValue("nulls", empty),
					plancheck.ExpectUnknownOutputValue("unknown_list"),
					plancheck.ExpectUnknownOutputValue("unknown_attribute"),
					plancheck.ExpectUnknownOutputValue("unknown_schedule"),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("unknown_list", line),
					statecheck.ExpectKnownOutputValue("unknown_attribute", line),
					statecheck.ExpectKnownOutputValue("unknown_schedule", line),
				},
			},
		},
	})
}
