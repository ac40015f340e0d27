package rules

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

func psaLine(psa api.Psa, company, contract int64, status api.CustomerMappingContractStatus, product int64, quantity float64, price ...float64) PSALine {
	l := PSALine{PSA: psa, CompanyID: company, ContractID: contract, ContractStatus: status, PSAProductID: product, Quantity: quantity}
	if len(price) > 0 {
		l.UnitPrice = ptr(price[0])
	}
	return l
}

var abbreviations = strings.NewReplacer(ixa, "IXA", ema, "EMA", mdr, "MDR", xgs, "XGS")

func optText[T any](v *T) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%v", *v)
}

// rowText writes a row on one line: PSA, customer, PSA product, Sophos products, codes,
// quantities (PSA lines), prices, contract status, status, problems and money at stake.
func rowText(r ReconcileRow) string {
	psa, customer, status := string(r.PSA), r.CustomerID, string(r.ContractStatus)
	if psa == "" {
		psa = "-"
	}
	if status == "" {
		status = "-"
	}
	if customer == "" {
		customer = "-"
	} else {
		customer = customer[:4]
	}
	return abbreviations.Replace(fmt.Sprintf("%s %s %s/%s %s %s S=%g P=%g/%d sp=%s pp=%s %s %s %v q=%g p=%g",
		psa, customer, optText(r.CompanyID), optText(r.ContractID), optText(r.PSAProductID), strings.Join(append(r.SophosProducts, r.ProductCodes...), ","),
		r.SophosQuantity, r.PSAQuantity, r.PSALines, optText(r.SophosUnitPrice), optText(r.PSAUnitPrice), status, r.Status, r.Problems,
		math.Round(r.QuantityAtStake*1000)/1000, math.Round(r.PriceAtStake*1000)/1000))
}

func reconcileBase() ReconcileInput {
	cw := api.PsaConnectwise
	return ReconcileInput{
		Lines:     []api.BillingUsageItem{bill(custA, "CIXA1", 6, 2), bill(custA, "CIXA2", 4, 2), bill(custA, "CEMA1", 5, 1)},
		Products:  testProducts(),
		Customers: []api.CustomerMapping{mapCustomer(cw, custA, 10, 100, true, active)},
		ProductMappings: []api.ProductMapping{
			mapProduct(cw, ixa, 1001), mapProduct(cw, ema, 1002), mapProduct(cw, mdr, 1003),
		},
		PSALines: []PSALine{psaLine(cw, 10, 100, active, 1001, 10, 3), psaLine(cw, 10, 100, active, 1002, 5, 1.5)},
	}
}

const (
	cwIXAMatches = "connectwise aaaa 10/100 1001 IXA,CIXA1,CIXA2 S=10 P=10/1 sp=2 pp=3 active matches [] q=0 p=0"
	cwEMAMatches = "connectwise aaaa 10/100 1002 EMA,CEMA1 S=5 P=5/1 sp=1 pp=1.5 active matches [] q=0 p=0"
)

func TestReconcile(t *testing.T) {
	cw, at := api.PsaConnectwise, api.PsaAutotask
	cases := []struct {
		name   string
		change func(*ReconcileInput)
		want   []string
	}{
		{"a clean month", func(*ReconcileInput) {}, []string{cwIXAMatches, cwEMAMatches}},
		{"a product mapped with sync off is still compared", func(in *ReconcileInput) { in.ProductMappings[0].SyncEnabled = false },
			[]string{cwIXAMatches, cwEMAMatches}},
		{"PSA short", func(in *ReconcileInput) { in.PSALines[0].Quantity = 8 }, []string{
			"connectwise aaaa 10/100 1001 IXA,CIXA1,CIXA2 S=10 P=8/1 sp=2 pp=3 active psa_short [psa_short] q=6 p=0", cwEMAMatches}},
		{"PSA over", func(in *ReconcileInput) { in.PSALines[0].Quantity = 12 }, []string{
			"connectwise aaaa 10/100 1001 IXA,CIXA1,CIXA2 S=10 P=12/1 sp=2 pp=3 active psa_over [psa_over] q=6 p=0", cwEMAMatches}},
		{"no PSA line: the money at stake is at Sophos's price", func(in *ReconcileInput) { in.PSALines = in.PSALines[:1] }, []string{
			cwIXAMatches, "connectwise aaaa 10/100 1002 EMA,CEMA1 S=5 P=0/0 sp=1 pp=- active no_psa_line [no_psa_line] q=5 p=0"}},
		{"PSA line without usage", func(in *ReconcileInput) { in.PSALines = append(in.PSALines, psaLine(cw, 10, 100, active, 1003, 4, 5)) }, []string{
			cwIXAMatches, cwEMAMatches, "connectwise aaaa 10/100 1003 MDR S=0 P=4/1 sp=- pp=5 active psa_line_without_usage [psa_line_without_usage] q=20 p=0"}},
		{"price below what Sophos charges", func(in *ReconcileInput) { in.PSALines[0].UnitPrice = ptr(1.5) }, []string{
			"connectwise aaaa 10/100 1001 IXA,CIXA1,CIXA2 S=10 P=10/1 sp=2 pp=1.5 active price_below_cost [price_below_cost] q=0 p=5", cwEMAMatches}},
		{"two problems: the first is the status, both are problems", func(in *ReconcileInput) { in.PSALines[0].Quantity, in.PSALines[0].UnitPrice = 8, ptr(1.5) }, []string{
			"connectwise aaaa 10/100 1001 IXA,CIXA1,CIXA2 S=10 P=8/1 sp=2 pp=1.5 active psa_short [psa_short price_below_cost] q=3 p=5", cwEMAMatches}},
		{"within the tolerance", func(in *ReconcileInput) { in.PSALines[0].Quantity, in.Tolerance = 9.5, 0.5 }, []string{
			"connectwise aaaa 10/100 1001 IXA,CIXA1,CIXA2 S=10 P=9.5/1 sp=2 pp=3 active matches [] q=1.5 p=0", cwEMAMatches}},
		{"beyond the tolerance", func(in *ReconcileInput) { in.PSALines[0].Quantity, in.Tolerance = 9.5, 0.4 }, []string{
			"connectwise aaaa 10/100 1001 IXA,CIXA1,CIXA2 S=10 P=9.5/1 sp=2 pp=3 active psa_short [psa_short] q=1.5 p=0", cwEMAMatches}},
		{"sums that round do not break a match", func(in *ReconcileInput) {
			in.Lines = []api.BillingUsageItem{bill(custA, "CIXA1", 0.1, 2), bill(custA, "CIXA2", 0.2, 2)}
			in.PSALines = []PSALine{psaLine(cw, 10, 100, active, 1001, 0.3, 3)}
		}, []string{"connectwise aaaa 10/100 1001 IXA,CIXA1,CIXA2 S=0.30000000000000004 P=0.3/1 sp=2 pp=3 active matches [] q=0 p=0"}},
		{"two lines of one product add up; the lowest price counts", func(in *ReconcileInput) {
			in.PSALines[0].Quantity = 6
			in.PSALines = append(in.PSALines, psaLine(cw, 10, 100, active, 1001, 4, 2.5))
		}, []string{"connectwise aaaa 10/100 1001 IXA,CIXA1,CIXA2 S=10 P=10/2 sp=2 pp=2.5 active matches [] q=0 p=0", cwEMAMatches}},
		{"two customers with the same name are two customers", func(in *ReconcileInput) {
			a, b := mapCustomer(cw, custA, 10, 100, true, active), mapCustomer(cw, custB, 10, 101, true, active)
			a.CustomerName, b.CustomerName = "Harbor Dental", "Harbor Dental"
			in.Customers = []api.CustomerMapping{a, b}
			in.Lines = append(in.Lines, bill(custB, "CIXA1", 3, 2))
			in.PSALines = append(in.PSALines, psaLine(cw, 10, 101, active, 1001, 1, 3))
		}, []string{cwIXAMatches, cwEMAMatches,
			"connectwise bbbb 10/101 1001 IXA,CIXA1 S=3 P=1/1 sp=2 pp=3 active psa_short [psa_short] q=6 p=0"}},
		{"a customer mapped in both PSAs with usage sync on is compared with both", func(in *ReconcileInput) {
			in.Customers = append(in.Customers, mapCustomer(at, custA, 50, 500, true, active))
			in.ProductMappings = append(in.ProductMappings, mapProduct(at, ixa, 2001))
			in.PSALines = append(in.PSALines, psaLine(at, 50, 500, active, 2001, 7, 4))
		}, []string{
			"autotask aaaa 50/500 2001 IXA,CIXA1,CIXA2 S=10 P=7/1 sp=2 pp=4 active psa_short [psa_short] q=12 p=0",
			"autotask aaaa 50/500 - EMA,CEMA1 S=5 P=0/0 sp=1 pp=- active no_psa_line [no_psa_line] q=5 p=0",
			cwIXAMatches, cwEMAMatches}},
		{"only one PSA: another PSA's rows are left out, rows of no PSA kept", func(in *ReconcileInput) {
			in.Only = cw
			in.Customers = append(in.Customers, mapCustomer(at, custA, 50, 500, true, active), mapCustomer(at, custB, 51, 501, true, active))
			in.ProductMappings = append(in.ProductMappings, mapProduct(at, ixa, 2001))
			in.PSALines = append(in.PSALines, psaLine(at, 50, 500, active, 2001, 7, 4))
			in.Lines = append(in.Lines, bill(custB, "CIXA1", 3, 2), bill(custC, "CIXA1", 2, 2))
		}, []string{"- cccc -/- - IXA,CIXA1 S=2 P=0/0 sp=2 pp=- - no_psa_line [no_psa_line] q=4 p=0", cwIXAMatches, cwEMAMatches}},
		{"a customer mapped in both PSAs is compared with the one that bills it", func(in *ReconcileInput) {
			in.Customers = append(in.Customers, mapCustomer(at, custA, 50, 500, false, active))
			in.ProductMappings = append(in.ProductMappings, mapProduct(at, ixa, 2001))
		}, []string{cwIXAMatches, cwEMAMatches}},
		{"a PSA whose mapped contract holds lines bills the customer, usage sync or not", func(in *ReconcileInput) {
			in.Customers = append(in.Customers, mapCustomer(at, custA, 50, 500, false, active))
			in.ProductMappings = append(in.ProductMappings, mapProduct(at, ixa, 2001))
			in.PSALines = append(in.PSALines, psaLine(at, 50, 500, active, 2001, 10, 4))
		}, []string{
			"autotask aaaa 50/500 2001 IXA,CIXA1,CIXA2 S=10 P=10/1 sp=2 pp=4 active matches [] q=0 p=0",
			"autotask aaaa 50/500 - EMA,CEMA1 S=5 P=0/0 sp=1 pp=- active no_psa_line [no_psa_line] q=5 p=0",
			cwIXAMatches, cwEMAMatches}},
		{"mapped with usage sync off everywhere, compared with its PSA", func(in *ReconcileInput) {
			in.Customers[0].UsageSyncEnabled = false
			in.PSALines = nil
		}, []string{
			"connectwise aaaa 10/100 1001 IXA,CIXA1,CIXA2 S=10 P=0/0 sp=2 pp=- active no_psa_line [no_psa_line] q=20 p=0",
			"connectwise aaaa 10/100 1002 EMA,CEMA1 S=5 P=0/0 sp=1 pp=- active no_psa_line [no_psa_line] q=5 p=0"}},
		{"unknown product codes get a row of their own", func(in *ReconcileInput) { in.Lines = append(in.Lines, bill(custA, "ZZZ9", 3, 4)) }, []string{
			cwIXAMatches, cwEMAMatches, "connectwise aaaa 10/100 - ZZZ9 S=3 P=0/0 sp=4 pp=- active no_psa_line [no_psa_line] q=12 p=0"}},
		{"a Sophos product not mapped in the PSA", func(in *ReconcileInput) {
			in.ProductMappings = in.ProductMappings[:2]
			in.Lines = append(in.Lines, bill(custA, "MDRC1", 2, 10))
		}, []string{cwIXAMatches, cwEMAMatches, "connectwise aaaa 10/100 - MDR,MDRC1 S=2 P=0/0 sp=10 pp=- active no_psa_line [no_psa_line] q=20 p=0"}},
		{"two Sophos products on one PSA product share a row", func(in *ReconcileInput) {
			in.ProductMappings[1].PsaProductId = ptr(int64(1001))
			in.PSALines = []PSALine{psaLine(cw, 10, 100, active, 1001, 15, 3)}
		}, []string{"connectwise aaaa 10/100 1001 EMA,IXA,CEMA1,CIXA1,CIXA2 S=15 P=15/1 sp=1.6666666666666667 pp=3 active matches [] q=0 p=0"}},
		{"usage of no customer and of unmapped customers is compared with no PSA", func(in *ReconcileInput) {
			in.Lines = append(in.Lines, bill("", "XGS1", 1, 30), bill(custC, "CIXA1", 2, 2))
		}, []string{
			"- - -/- - XGS,XGS1 S=1 P=0/0 sp=30 pp=- - no_psa_line [no_psa_line] q=30 p=0",
			"- cccc -/- - IXA,CIXA1 S=2 P=0/0 sp=2 pp=- - no_psa_line [no_psa_line] q=4 p=0",
			cwIXAMatches, cwEMAMatches}},
		{"customer ids in another case", func(in *ReconcileInput) {
			for i := range in.Lines {
				in.Lines[i].AccountId = ptr(strings.ToUpper(custA))
			}
		}, []string{cwIXAMatches, cwEMAMatches}},
		{"lines of other products and of unmapped contracts are not Sophos's", func(in *ReconcileInput) {
			in.PSALines = append(in.PSALines, psaLine(cw, 10, 100, active, 9999, 40, 1), psaLine(cw, 10, 999, active, 1001, 40, 1))
		}, []string{cwIXAMatches, cwEMAMatches}},
		{"a mapping without a contract holds no line", func(in *ReconcileInput) {
			in.Customers = []api.CustomerMapping{mapCustomer(cw, custA, 10, 0, false, "")}
			in.Lines = in.Lines[2:]
		}, []string{"connectwise aaaa 10/- 1002 EMA,CEMA1 S=5 P=0/0 sp=1 pp=- - no_psa_line [no_psa_line] q=5 p=0"}},
		{"empty inputs", func(in *ReconcileInput) { *in = ReconcileInput{} }, nil},
		{"no usage: every PSA line is without usage", func(in *ReconcileInput) { in.Lines = nil }, []string{
			"connectwise aaaa 10/100 1001 IXA S=0 P=10/1 sp=- pp=3 active psa_line_without_usage [psa_line_without_usage] q=30 p=0",
			"connectwise aaaa 10/100 1002 EMA S=0 P=5/1 sp=- pp=1.5 active psa_line_without_usage [psa_line_without_usage] q=7.5 p=0"}},
		{"a PSA line of 0 without usage matches", func(in *ReconcileInput) {
			in.Lines = in.Lines[:2]
			in.PSALines[1].Quantity = 0
		}, []string{cwIXAMatches, "connectwise aaaa 10/100 1002 EMA S=0 P=0/1 sp=- pp=1.5 active matches [] q=0 p=0"}},
	}
	for _, status := range []api.CustomerMappingContractStatus{api.CustomerMappingContractStatusCancelled, api.CustomerMappingContractStatusExpired, api.CustomerMappingContractStatusInactive} {
		cases = append(cases, struct {
			name   string
			change func(*ReconcileInput)
			want   []string
		}{"lines on a contract " + string(status), func(in *ReconcileInput) {
			in.PSALines[0].ContractStatus, in.PSALines[1].ContractStatus = status, status
			in.PSALines[1].Quantity = 4
		}, []string{
			"connectwise aaaa 10/100 1001 IXA,CIXA1,CIXA2 S=10 P=10/1 sp=2 pp=3 " + string(status) + " contract_not_invoiced [contract_not_invoiced] q=30 p=0",
			"connectwise aaaa 10/100 1002 EMA,CEMA1 S=5 P=4/1 sp=1 pp=1.5 " + string(status) + " contract_not_invoiced [contract_not_invoiced psa_short] q=7.5 p=0"}})
	}
	cases = append(cases, struct {
		name   string
		change func(*ReconcileInput)
		want   []string
	}{"mapped to a cancelled contract, no line", func(in *ReconcileInput) {
		in.Customers[0].ContractStatus = ptr(api.CustomerMappingContractStatusCancelled)
		in.PSALines = nil
		in.Lines = in.Lines[2:]
	}, []string{"connectwise aaaa 10/100 1002 EMA,CEMA1 S=5 P=0/0 sp=1 pp=- cancelled contract_not_invoiced [contract_not_invoiced no_psa_line] q=5 p=0"}})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := reconcileBase()
			c.change(&in)
			got, vs := Reconcile(in)
			if len(vs) > 0 {
				t.Fatalf("violations: %v", vs)
			}
			var rows []string
			for _, r := range got.Rows {
				rows = append(rows, rowText(r))
			}
			if strings.Join(rows, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(c.want, "\n"))
			}
			checkTotals(t, got)
		})
	}
}

// checkTotals holds the totals to the rows: every status once, in order; each row counted
// once by status and once by customer.
func checkTotals(t *testing.T, r *Reconciliation) {
	t.Helper()
	if len(r.ByStatus) != len(ReconcileStatuses()) {
		t.Fatalf("ByStatus has %d statuses, want %d", len(r.ByStatus), len(ReconcileStatuses()))
	}
	want := map[ReconcileStatus]ReconcileTotal{}
	wantCustomer := map[string]CustomerTotal{}
	for _, row := range r.Rows {
		s := want[row.Status]
		s.add(&row)
		want[row.Status] = s
		c := wantCustomer[row.CustomerID]
		c.CustomerID = row.CustomerID
		c.add(&row)
		if row.Status != StatusMatches {
			c.Problems++
		}
		wantCustomer[row.CustomerID] = c
	}
	for i, s := range ReconcileStatuses() {
		if got := r.ByStatus[i]; got.Status != s || got.ReconcileTotal != want[s] {
			t.Errorf("ByStatus[%d] = %+v, want %s %+v", i, got, s, want[s])
		}
	}
	if len(r.ByCustomer) != len(wantCustomer) {
		t.Errorf("ByCustomer has %d customers, want %d", len(r.ByCustomer), len(wantCustomer))
	}
	for i, c := range r.ByCustomer {
		if c != wantCustomer[c.CustomerID] || i > 0 && r.ByCustomer[i-1].CustomerID >= c.CustomerID {
			t.Errorf("ByCustomer[%d] = %+v, want %+v, in order of id", i, c, wantCustomer[c.CustomerID])
		}
	}
}

func TestReconcileTotals(t *testing.T) {
	in := reconcileBase()
	in.Customers = append(in.Customers, mapCustomer(api.PsaConnectwise, custB, 20, 200, true, active))
	in.Lines = append(in.Lines, bill(custB, "CIXA1", 10, 2), bill(custB, "CEMA1", 3, 1))
	in.PSALines[0].Quantity = 8                                                                  // A's IXA: short by 2 at 3 = 6
	in.PSALines = append(in.PSALines, psaLine(api.PsaConnectwise, 20, 200, active, 1001, 10, 1)) // B's IXA: 1 below 2, x10 = 10
	got, vs := Reconcile(in)
	if len(vs) > 0 {
		t.Fatal(vs)
	}
	byStatus := map[ReconcileStatus]ReconcileTotal{}
	for _, s := range got.ByStatus {
		byStatus[s.Status] = s.ReconcileTotal
	}
	want := map[ReconcileStatus]ReconcileTotal{
		StatusMatches:        {Rows: 1},
		StatusPSAShort:       {Rows: 1, QuantityAtStake: 6},
		StatusNoPSALine:      {Rows: 1, QuantityAtStake: 3},
		StatusPriceBelowCost: {Rows: 1, PriceAtStake: 10},
	}
	for _, s := range ReconcileStatuses() {
		if byStatus[s] != want[s] {
			t.Errorf("%s: got %+v, want %+v", s, byStatus[s], want[s])
		}
	}
	wantCustomers := []CustomerTotal{
		{CustomerID: custA, Problems: 1, ReconcileTotal: ReconcileTotal{Rows: 2, QuantityAtStake: 6}},
		{CustomerID: custB, Problems: 2, ReconcileTotal: ReconcileTotal{Rows: 2, QuantityAtStake: 3, PriceAtStake: 10}},
	}
	if fmt.Sprint(got.ByCustomer) != fmt.Sprint(wantCustomers) {
		t.Errorf("by customer: got %+v, want %+v", got.ByCustomer, wantCustomers)
	}
}

func TestReconcileRefusesAmbiguousInput(t *testing.T) {
	cw := api.PsaConnectwise
	cases := []struct {
		name   string
		change func(*ReconcileInput)
		field  string
		frag   string
	}{
		{"negative tolerance", func(in *ReconcileInput) { in.Tolerance = -1 }, InputTolerance, "0 or more (got -1)"},
		{"tolerance not a number", func(in *ReconcileInput) { in.Tolerance = math.NaN() }, InputTolerance, "got NaN"},
		{"a customer twice in one PSA", func(in *ReconcileInput) {
			in.Customers = append(in.Customers, mapCustomer(cw, custA, 11, 110, true, active))
		}, InputCustomerMappings, "Customer " + custA + " is listed twice for ConnectWise PSA"},
		{"a product twice in one PSA", func(in *ReconcileInput) {
			in.ProductMappings = append(in.ProductMappings, mapProduct(cw, ixa, 1009))
		}, InputProductMappings, "Sophos product Sophos_Intercept_X_Advanced is listed twice for ConnectWise PSA"},
		{"a contract of two customers", func(in *ReconcileInput) {
			in.Customers = append(in.Customers, mapCustomer(cw, custB, 10, 100, true, active))
		}, InputCustomerMappings, "ConnectWise agreement 100 for ConnectWise PSA is mapped to customers " + custA + " and " + custB},
		{"a code of two products", func(in *ReconcileInput) {
			in.Products[1].BillingProductCodes = append(in.Products[1].BillingProductCodes, "CIXA1")
		}, InputSophosProducts, `"CIXA1" rolls up to Sophos_Intercept_X_Advanced and to Sophos_Email_Advanced`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := reconcileBase()
			c.change(&in)
			got, vs := Reconcile(in)
			if got != nil {
				t.Errorf("a reconciliation despite violations: %+v", got)
			}
			if len(vs) != 1 || vs[0].Field != c.field || !strings.Contains(vs[0].Message, c.frag) {
				t.Errorf("got %+v, want one on %s with %q", vs, c.field, c.frag)
			}
		})
	}
	// The same customer, product and contract in two PSAs are no duplicates.
	in := reconcileBase()
	at := api.PsaAutotask
	in.Customers = append(in.Customers, mapCustomer(at, custA, 10, 100, true, active))
	in.ProductMappings = append(in.ProductMappings, mapProduct(at, ixa, 1001))
	if _, vs := Reconcile(in); len(vs) > 0 {
		t.Errorf("one id in two PSAs: %v", vs)
	}
}

// TestReconcileAThousandCustomers: 5,000 billing lines of 1,000 customers (all of the same
// name) against 400 PSA lines; the expected counts follow from the construction, not from
// the code under test.
func TestReconcileAThousandCustomers(t *testing.T) {
	cw := api.PsaConnectwise
	in := ReconcileInput{Products: testProducts(), ProductMappings: []api.ProductMapping{mapProduct(cw, ixa, 1001), mapProduct(cw, ema, 1002)}}
	const customers = 1000
	for i := range customers {
		id := fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
		contract := int64(10000 + i)
		status := active
		if i%5 == 4 {
			status = api.CustomerMappingContractStatusCancelled
		}
		m := mapCustomer(cw, id, int64(i), contract, true, status)
		m.CustomerName = "Same Name" // every customer has the same name
		in.Customers = append(in.Customers, m)
		// Five lines per customer: Intercept X 4 x 3 (codes CIXA1, CIXA2), Email 2 x 1.
		in.Lines = append(in.Lines, bill(id, "CIXA1", 3, 2), bill(id, "CIXA1", 3, 2), bill(id, "CIXA2", 3, 2), bill(id, "CIXA2", 3, 2),
			bill(id, "CEMA1", 2, 1))
		if i%5 == 3 || i%2 == 1 { // PSA lines for Intercept X only, of 400 customers
			continue
		}
		quantity := []float64{12, 11, 14, 0, 12}[i%5]
		in.PSALines = append(in.PSALines, psaLine(cw, int64(i), contract, status, 1001, quantity, 3))
	}
	got, vs := Reconcile(in)
	if len(vs) > 0 {
		t.Fatal(vs)
	}
	if len(got.Rows) != 2*customers || len(got.ByCustomer) != customers {
		t.Fatalf("%d rows of %d customers, want %d of %d", len(got.Rows), len(got.ByCustomer), 2*customers, customers)
	}
	// Intercept X of customers with a PSA line: i%5 = 0 matches, 1 is short by 1, 2 over by 2.
	// Email never has a PSA line. A cancelled contract (i%5 = 4) is the status of both rows.
	want := map[ReconcileStatus]int{}
	for i := range customers {
		want[StatusNoPSALine]++ // Email
		switch {
		case i%5 == 4:
			want[StatusContractNotInvoiced] += 2 // Intercept X and Email
			want[StatusNoPSALine]--
		case i%2 == 1 || i%5 == 3:
			want[StatusNoPSALine]++
		default:
			want[[]ReconcileStatus{StatusMatches, StatusPSAShort, StatusPSAOver}[i%5]]++
		}
	}
	for _, s := range got.ByStatus {
		if s.Rows != want[s.Status] {
			t.Errorf("%s: %d rows, want %d", s.Status, s.Rows, want[s.Status])
		}
	}
	checkTotals(t, got)
}
