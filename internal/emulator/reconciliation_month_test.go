package emulator

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// TestReconciliationMonth: the reconciliation month (README) shows, after one usage sync per
// PSA, what the README's table says: in each PSA a clean customer, a PSA short, a PSA over
// and a line on a cancelled contract, and every other status. Everything is read through the
// emulator's APIs (the Partner Billing API, the PSA Integration API, ConnectWise's and
// Autotask's own) and compared by the project's one reconciliation (rules.Reconcile).
func TestReconciliationMonth(t *testing.T) {
	t.Parallel()
	en, _ := reconciliationEnv(t)
	for _, psa := range api.PSAs() {
		if _, err := en.e.Admin().SyncUsage(psa); err != nil {
			t.Fatal(err)
		}
	}
	in := rules.ReconcileInput{}
	var billing api.BillingUsageList
	en.get("/partner/v1/billing/usage/2025/6?pageSize=1000", &billing)
	in.Lines = billing.Items
	var products api.SophosProductList
	en.get("/partner/v1/psa/sophos-products?pageSize=100", &products)
	in.Products = products.Items
	for _, psa := range api.PSAs() {
		var customers api.CustomerMappingList
		en.get("/partner/v1/psa/"+string(psa)+"/customer-mappings?pageSize=100", &customers)
		in.Customers = append(in.Customers, customers.Items...)
		var mappings api.ProductMappingList
		en.get("/partner/v1/psa/"+string(psa)+"/product-mappings?pageSize=100", &mappings)
		in.ProductMappings = append(in.ProductMappings, mappings.Items...)
		for _, m := range customers.Items {
			if m.ContractId != nil {
				in.PSALines = append(in.PSALines, en.psaLines(psa, m, "2025-06-01")...)
			}
		}
	}
	got, vs := rules.Reconcile(in)
	if len(vs) > 0 {
		t.Fatal(vs)
	}
	names := map[string]string{cedarRidge: "Cedar Ridge", harborline: "Harborline", meridian: "Meridian", northgate: "Northgate", riverside: "Riverside",
		alpineDental: "Alpine", kestrel: "Kestrel", lakeview: "Lakeview", pinnacle: "Pinnacle", tidewater: "Tidewater", summit: "Summit"}
	var rows []string
	for _, r := range got.Rows {
		if r.PSA == "" {
			continue // customers mapped in no PSA
		}
		product := strings.Join(r.SophosProducts, "+")
		if r.PSAProductID != nil {
			product = fmt.Sprint(*r.PSAProductID)
		}
		rows = append(rows, fmt.Sprintf("%s %s %s: %s %g/%g", r.PSA, names[r.CustomerID], product, r.Status, r.SophosQuantity, r.PSAQuantity))
	}
	want := []string{
		"autotask Alpine 29680001: matches 42/42",
		"autotask Alpine 29680005: matches 38/38",
		"autotask Alpine Sophos_Central_Phish_Threat: no_psa_line 38/0",
		"autotask Cedar Ridge 29680001: contract_not_invoiced 18/18",
		"autotask Harborline 29680003: psa_short 64/58",
		"autotask Harborline 29680004: matches 6/6",
		"autotask Kestrel 29680002: matches 55/55",
		"autotask Kestrel 29680005: psa_line_without_usage 0/15",
		"autotask Kestrel Sophos_Intercept_X_Adv_Srv_XDR: no_psa_line 4/0",
		"autotask Kestrel Sophos_Mobile_Advanced: no_psa_line 20/0",
		"autotask Lakeview 29680001: contract_not_invoiced 31/0",
		"autotask Northgate 29680001: contract_not_invoiced 27/27",
		"autotask Pinnacle 29680002: matches 16/16",
		"autotask Summit 29680001: price_below_cost 22/22",
		"autotask Summit Sophos_ZTNA: no_psa_line 22/0",
		"autotask Tidewater 29680002: psa_over 35/40",
		"autotask Tidewater Sophos_Mobile_Advanced: no_psa_line 12/0",
		"connectwise Cedar Ridge 102: matches 18/18",
		"connectwise Harborline 104: psa_short 64/58",
		"connectwise Harborline 105: matches 6/6",
		"connectwise Meridian 101: psa_over 12/24",
		"connectwise Northgate 102: contract_not_invoiced 27/27",
		"connectwise Riverside 102: psa_line_without_usage 0/8",
		"connectwise Riverside 105: matches 5/5",
		"connectwise Riverside Sophos_MDR_Essentials: no_psa_line 48/0",
	}
	slices.Sort(rows)
	if !slices.Equal(rows, want) {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
}

// psaLines reads the lines a customer's mapped contract holds for the month starting on
// first, through the PSA's own API: the agreement's additions, or the contract's services
// with their units of the month.
func (en *env) psaLines(psa api.Psa, m api.CustomerMapping, first string) []rules.PSALine {
	en.t.Helper()
	base := rules.PSALine{PSA: psa, CompanyID: *m.CompanyId, ContractID: *m.ContractId, ContractStatus: *m.ContractStatus}
	var out []rules.PSALine
	if psa == api.PsaConnectwise {
		for _, a := range en.additions(*m.ContractId) {
			l := base
			l.PSAProductID, l.Quantity, l.UnitPrice = int64(a.Product.ID), derefF(a.Quantity), a.UnitPrice
			out = append(out, l)
		}
		return out
	}
	for _, cs := range en.contractServices(*m.ContractId) {
		if u := en.monthUnits(cs.ID, first); u != nil {
			l := base
			l.PSAProductID, l.Quantity, l.UnitPrice = cs.ServiceID, derefF(u.Units), u.Price
			out = append(out, l)
		}
	}
	return out
}
