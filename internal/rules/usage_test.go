package rules

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Fixtures of the usage roll-up and the reconciliation: three customers (two of them with
// the same name), Sophos products with their billing codes, and ConnectWise ids.
const (
	custA = "aaaaaaaa-0000-4000-8000-000000000001"
	custB = "bbbbbbbb-0000-4000-8000-000000000002"
	custC = "cccccccc-0000-4000-8000-000000000003"

	ixa = "Sophos_Intercept_X_Advanced"
	ema = "Sophos_Email_Advanced"
	mdr = "Sophos_MDR_Complete"
	xgs = "Sophos_Firewall_Xstream"
)

func testProducts() []api.SophosProduct {
	return []api.SophosProduct{
		{Identifier: ixa, BillingProductCodes: []string{"CIXA1", "CIXA2"}},
		{Identifier: ema, BillingProductCodes: []string{"CEMA1"}},
		{Identifier: mdr, BillingProductCodes: []string{"MDRC1"}},
		{Identifier: xgs, BillingProductCodes: []string{"XGS1"}, SyncsWithInvoiceOnly: true},
	}
}

func bill(customer, code string, quantity float64, price ...float64) api.BillingUsageItem {
	l := api.BillingUsageItem{ProductCode: code, BillableQuantity: quantity}
	if customer != "" {
		l.AccountId = ptr(customer)
	}
	if len(price) > 0 {
		l.UnitPrice = ptr(price[0])
	}
	return l
}

// mapCustomer maps a customer in psa to a company and contract with usage sync on or off; a
// contract of 0 is none.
func mapCustomer(psa api.Psa, customer string, company, contract int64, usage bool, status api.CustomerMappingContractStatus) api.CustomerMapping {
	m := api.CustomerMapping{Psa: psa, CustomerId: customer, CustomerName: "Customer " + customer[:4], Mapped: true,
		CompanyId: ptr(company), UsageSyncEnabled: usage, BillingType: api.BillingTypeUsage}
	if contract != 0 {
		m.ContractId = ptr(contract)
	}
	if status != "" {
		m.ContractStatus = ptr(status)
	}
	return m
}

// mapProduct maps a Sophos product in psa to a PSA product with sync on.
func mapProduct(psa api.Psa, sophos string, psaProduct int64) api.ProductMapping {
	return api.ProductMapping{Psa: psa, SophosProduct: sophos, Mapped: true, PsaProductId: ptr(psaProduct), SyncEnabled: true}
}

const active = api.CustomerMappingContractStatusActive

// syncLines writes lines as "customer/company/contract/psaProduct [sophos products] [their quantities] quantity".
func syncLines(lines []SyncLine) string {
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "%s/%d/%d/%d %v %v %g\n", l.CustomerID[:4], l.CompanyID, l.ContractID, l.PSAProductID, l.SophosProducts, l.SophosQuantities, l.Quantity)
	}
	return b.String()
}

func TestNextSync(t *testing.T) {
	cw := api.PsaConnectwise
	base := func() SyncInput {
		return SyncInput{
			Lines: []api.BillingUsageItem{
				bill(custA, "CIXA1", 6), bill(custA, "CIXA2", 4), bill(custA, "CEMA1", 5), bill(custA, "XGS1", 1),
				bill(custB, "CIXA1", 7),
			},
			Products: testProducts(),
			Customers: []api.CustomerMapping{
				mapCustomer(cw, custA, 10, 100, true, active),
				mapCustomer(cw, custB, 20, 200, true, api.CustomerMappingContractStatusExpired),
			},
			ProductMappings: []api.ProductMapping{mapProduct(cw, ixa, 1001), mapProduct(cw, ema, 1002), mapProduct(cw, xgs, 1004)},
		}
	}
	cases := []struct {
		name   string
		change func(*SyncInput)
		want   string
	}{
		{"a month: codes roll up to their product, expired contracts take usage, firewalls wait for the invoice", func(*SyncInput) {},
			"aaaa/10/100/1001 [Sophos_Intercept_X_Advanced] [10] 10\naaaa/10/100/1002 [Sophos_Email_Advanced] [5] 5\nbbbb/20/200/1001 [Sophos_Intercept_X_Advanced] [7] 7\n"},
		{"with the invoice, firewalls too", func(in *SyncInput) { in.WithInvoice = true },
			"aaaa/10/100/1001 [Sophos_Intercept_X_Advanced] [10] 10\naaaa/10/100/1002 [Sophos_Email_Advanced] [5] 5\naaaa/10/100/1004 [Sophos_Firewall_Xstream] [1] 1\nbbbb/20/200/1001 [Sophos_Intercept_X_Advanced] [7] 7\n"},
		{"customer usage sync off", func(in *SyncInput) { in.Customers[1].UsageSyncEnabled = false },
			"aaaa/10/100/1001 [Sophos_Intercept_X_Advanced] [10] 10\naaaa/10/100/1002 [Sophos_Email_Advanced] [5] 5\n"},
		{"product sync off", func(in *SyncInput) { in.ProductMappings[1].SyncEnabled = false },
			"aaaa/10/100/1001 [Sophos_Intercept_X_Advanced] [10] 10\nbbbb/20/200/1001 [Sophos_Intercept_X_Advanced] [7] 7\n"},
		{"product not mapped", func(in *SyncInput) { in.ProductMappings = in.ProductMappings[:1] },
			"aaaa/10/100/1001 [Sophos_Intercept_X_Advanced] [10] 10\nbbbb/20/200/1001 [Sophos_Intercept_X_Advanced] [7] 7\n"},
		{"two Sophos products on one PSA product are one line", func(in *SyncInput) { in.ProductMappings[1].PsaProductId = ptr(int64(1001)) },
			"aaaa/10/100/1001 [Sophos_Email_Advanced Sophos_Intercept_X_Advanced] [5 10] 15\nbbbb/20/200/1001 [Sophos_Intercept_X_Advanced] [7] 7\n"},
		{"unknown codes and lines of no customer are not sent", func(in *SyncInput) {
			in.Lines = append(in.Lines, bill(custA, "ZZZ9", 3), bill("", "CIXA1", 2))
		}, "aaaa/10/100/1001 [Sophos_Intercept_X_Advanced] [10] 10\naaaa/10/100/1002 [Sophos_Email_Advanced] [5] 5\nbbbb/20/200/1001 [Sophos_Intercept_X_Advanced] [7] 7\n"},
		{"customer ids in another case", func(in *SyncInput) { in.Lines[4].AccountId = ptr(strings.ToUpper(custB)) },
			"aaaa/10/100/1001 [Sophos_Intercept_X_Advanced] [10] 10\naaaa/10/100/1002 [Sophos_Email_Advanced] [5] 5\nbbbb/20/200/1001 [Sophos_Intercept_X_Advanced] [7] 7\n"},
		{"unmapped customer", func(in *SyncInput) { in.Customers = in.Customers[:1] },
			"aaaa/10/100/1001 [Sophos_Intercept_X_Advanced] [10] 10\naaaa/10/100/1002 [Sophos_Email_Advanced] [5] 5\n"},
		{"empty inputs", func(in *SyncInput) { *in = SyncInput{} }, ""},
		{"no billing lines", func(in *SyncInput) { in.Lines = nil }, ""},
		{"quantities of 0 are sent", func(in *SyncInput) { in.Lines = []api.BillingUsageItem{bill(custB, "CIXA1", 0)} },
			"bbbb/20/200/1001 [Sophos_Intercept_X_Advanced] [0] 0\n"},
	}
	for _, status := range []api.CustomerMappingContractStatus{api.CustomerMappingContractStatusCancelled, api.CustomerMappingContractStatusInactive, api.CustomerMappingContractStatusMissing, ""} {
		cases = append(cases, struct {
			name   string
			change func(*SyncInput)
			want   string
		}{"contract " + string(status) + " takes no usage", func(in *SyncInput) {
			in.Customers[1] = mapCustomer(cw, custB, 20, 200, true, status)
		}, "aaaa/10/100/1001 [Sophos_Intercept_X_Advanced] [10] 10\naaaa/10/100/1002 [Sophos_Email_Advanced] [5] 5\n"})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			c.change(&in)
			got, vs := NextSync(in)
			if len(vs) > 0 {
				t.Fatalf("violations: %v", vs)
			}
			if got == nil {
				t.Error("nil lines; want an empty list")
			}
			if s := syncLines(got); s != c.want {
				t.Errorf("got\n%swant\n%s", s, c.want)
			}
		})
	}
}

func TestNextSyncRefusesAmbiguousInput(t *testing.T) {
	cases := []struct {
		name  string
		in    SyncInput
		field string
		frag  string
	}{
		{"a customer twice", SyncInput{Customers: []api.CustomerMapping{
			mapCustomer("", custA, 10, 100, true, active), mapCustomer("", strings.ToUpper(custA), 11, 110, true, active)}},
			InputCustomerMappings, "Customer " + strings.ToUpper(custA) + " is listed twice; a customer has one mapping per PSA"},
		{"a product twice", SyncInput{ProductMappings: []api.ProductMapping{mapProduct("", ixa, 1), mapProduct("", ixa, 2)}},
			InputProductMappings, "Sophos product Sophos_Intercept_X_Advanced is listed twice"},
		{"a code of two products", SyncInput{Products: []api.SophosProduct{{Identifier: ixa, BillingProductCodes: []string{"X"}}, {Identifier: ema, BillingProductCodes: []string{"X"}}}},
			InputSophosProducts, `"X" rolls up to Sophos_Intercept_X_Advanced and to Sophos_Email_Advanced`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lines, vs := NextSync(c.in)
			if lines != nil {
				t.Errorf("lines %v despite violations", lines)
			}
			if len(vs) != 1 || vs[0].Field != c.field || !strings.Contains(vs[0].Message, c.frag) {
				t.Errorf("got %+v, want one on %s with %q", vs, c.field, c.frag)
			}
		})
	}
}

func TestSophosUnitPriceIsWeightedByQuantity(t *testing.T) {
	used := rollUpUsage([]api.BillingUsageItem{bill(custA, "CIXA1", 3, 2), bill(custA, "CIXA2", 1, 6), bill(custA, "CIXA2", 5)},
		map[string]string{"CIXA1": ixa, "CIXA2": ixa})
	u := used[usageKey{customer: custA, product: ixa}]
	if u == nil || u.quantity != 9 || *u.unitPrice() != 3 || !reflect.DeepEqual(sortedKeys(u.codes), []string{"CIXA1", "CIXA2"}) {
		t.Fatalf("got %+v", u)
	}
	zero := rollUpUsage([]api.BillingUsageItem{bill(custA, "CIXA1", 0, 2), bill(custA, "CIXA1", 0, 4)}, map[string]string{"CIXA1": ixa})
	if p := zero[usageKey{customer: custA, product: ixa}].unitPrice(); p == nil || *p != 4 {
		t.Errorf("no quantity: want the highest price, got %v", p)
	}
	if p := rollUpUsage([]api.BillingUsageItem{bill(custA, "CIXA1", 2)}, nil)[usageKey{customer: custA, code: "CIXA1"}].unitPrice(); p != nil {
		t.Errorf("no price: got %v", *p)
	}
}
