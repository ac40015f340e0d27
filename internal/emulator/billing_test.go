package emulator

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/sophoscentral"
)

// seedBillingLines is the number of billing lines of the primary partner in the default
// seed, every month from 2024-01.
const seedBillingLines = 24

func clockEnv(t *testing.T, opts ...func(*Options)) (*env, *fakeClock) {
	clock := newFakeClock() // 2025-06-01
	return newEnv(t, append([]func(*Options){func(o *Options) { o.Now = clock.Now }}, opts...)...), clock
}

// readAllBilling follows pages.nextKey from the first page and returns every line.
func readAllBilling(en *env, path string, query url.Values) ([]api.BillingUsageItem, int) {
	en.t.Helper()
	var all []api.BillingUsageItem
	pages := 0
	for key := ""; ; {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		if key != "" {
			q.Set("pageFromKey", key)
		}
		var l api.BillingUsageList
		en.get(path+"?"+q.Encode(), &l)
		pages++
		all = append(all, l.Items...)
		if l.Pages.NextKey == nil {
			return all, pages
		}
		if key != "" && (l.Pages.FromKey == nil || *l.Pages.FromKey != key) {
			en.t.Fatalf("page %d: fromKey %v, want %q", pages, l.Pages.FromKey, key)
		}
		key = *l.Pages.NextKey
	}
}

func TestBillingUsageReport(t *testing.T) {
	t.Parallel()
	en, _ := clockEnv(t)
	var l api.BillingUsageList
	en.get("/partner/v1/billing/usage/2025/6?pageTotal=true", &l)
	if len(l.Items) != seedBillingLines || l.Pages.NextKey != nil || *l.Pages.Items != seedBillingLines || *l.Pages.Total != 1 || l.Pages.MaxSize != api.MaxBillingPageSize {
		t.Fatalf("%d lines, pages %+v", len(l.Items), l.Pages)
	}
	first := l.Items[0]
	if first.ProductCode != "CIXA1CSAA" || first.BillableQuantity != 42 || *first.AccountId != alpineDental || *first.AssignedAccountIdentifier != "Alpine Dental Group" ||
		*first.UnitPrice != 2.90 || *first.NetPrice != 121.8 || *first.BillingStartDate != "2025-06-01" || *first.BillingEndDate != "2025-06-30" ||
		*first.ProductGroup != "Endpoint" || *first.PartnerAccountId != primaryPartner || *first.PartnerAccountName != "Northwind IT Services" ||
		*first.DestributorAccountName != "Westcoast Ltd" || *first.ContactCountry != "IE" || first.OrderLineItemNumber == nil {
		t.Fatalf("first line = %+v", first)
	}
	device := l.Items[len(l.Items)-1]
	if device.AccountId != nil || *device.AccountNumberOrSerialNumber != "X2101CTQ9JKR7A4" || *device.ProductGroup != "Firewall" {
		t.Fatalf("stand-alone device line = %+v", device)
	}
	// The same month always answers the same lines; a zero-padded month is the same month.
	var again api.BillingUsageList
	en.get("/partner/v1/billing/usage/2025/06", &again)
	if !reflect.DeepEqual(l.Items, again.Items) {
		t.Fatal("the report of a month changed between two reads")
	}
	// Another month has the same lines for its own dates.
	var may api.BillingUsageList
	en.get("/partner/v1/billing/usage/2024/5", &may)
	if len(may.Items) != seedBillingLines || *may.Items[0].BillingStartDate != "2024-05-01" || *may.Items[0].OrderNumber == *first.OrderNumber {
		t.Fatalf("May 2024 = %+v", may.Items[0])
	}
	// Empty months: before the partner's first month and after the current month.
	for _, p := range []string{"/partner/v1/billing/usage/2023/12", "/partner/v1/billing/usage/2025/7"} {
		var empty api.BillingUsageList
		r := en.get(p+"?pageTotal=true", &empty)
		if len(empty.Items) != 0 || empty.Pages.NextKey != nil || *empty.Pages.Items != 0 || !strings.Contains(string(r.body), `"items":[]`) {
			t.Fatalf("%s = %s", p, r.body)
		}
	}
	// The other partner sees only its own line.
	foreign := en.getToken("foreign-client", "foreign-secret")
	fp := foreignPartner
	r := en.expect(http.StatusOK, req{path: "/partner/v1/billing/usage/2025/6", token: &foreign, partner: &fp})
	var fl api.BillingUsageList
	mustUnmarshal(t, r.body, &fl)
	if len(fl.Items) != 1 || *fl.Items[0].AccountId != fabrikam {
		t.Fatalf("foreign partner's report = %s", r.body)
	}
	// Bad requests name the parameter.
	for _, tc := range []struct{ path, param string }{
		{"/partner/v1/billing/usage/2025/13", "month"},
		{"/partner/v1/billing/usage/1999/1", "year"},
		{"/partner/v1/billing/usage/2025/6?pageSize=1001", "pageSize"},
		{"/partner/v1/billing/usage/2025/6?pageFromKey=nonsense", "pageFromKey"},
		{"/partner/v1/billing/usage/2025/6?pageFromKey=" + base64.RawURLEncoding.EncodeToString([]byte("billing:2025-05:10")), "pageFromKey"},
	} {
		e := en.expectError(http.StatusBadRequest, "BadRequest", req{path: tc.path})
		if e.Details == nil || (*e.Details)[0].Field != tc.param {
			t.Errorf("%s: details %+v, want field %s", tc.path, e.Details, tc.param)
		}
	}
}

// TestBillingUsagePaging: key-based pages cover the month exactly once, in order, for a
// month with thousands of lines.
func TestBillingUsagePaging(t *testing.T) {
	t.Parallel()
	en, _ := clockEnv(t)
	total, err := en.e.Admin().SynthesizeUsage(3000)
	if err != nil || total != seedBillingLines+3000 {
		t.Fatalf("SynthesizeUsage: %d, %v", total, err)
	}
	whole, pages := readAllBilling(en, "/partner/v1/billing/usage/2025/6", url.Values{"pageSize": {"1000"}})
	if len(whole) != total || pages != 4 {
		t.Fatalf("%d lines in %d pages, want %d in 4", len(whole), pages, total)
	}
	small, pages := readAllBilling(en, "/partner/v1/billing/usage/2025/6", url.Values{"pageSize": {"250"}})
	if pages != 13 || !reflect.DeepEqual(small, whole) {
		t.Fatalf("pages of 250: %d pages, same lines %t", pages, reflect.DeepEqual(small, whole))
	}
	seen := map[string]bool{}
	for _, it := range whole {
		if seen[*it.OrderLineItemNumber] {
			t.Fatalf("line %s twice", *it.OrderLineItemNumber)
		}
		seen[*it.OrderLineItemNumber] = true
	}
	var def api.BillingUsageList
	en.get("/partner/v1/billing/usage/2025/6", &def)
	if len(def.Items) != sophoscentral.DefaultBillingPageSize || def.Pages.Size != sophoscentral.DefaultBillingPageSize || def.Pages.NextKey == nil {
		t.Fatalf("default page: %d lines, pages %+v", len(def.Items), def.Pages)
	}
}

// TestBillingUsageFromTheSeed: a seed sets the lines, their months and the first month.
func TestBillingUsageFromTheSeed(t *testing.T) {
	t.Parallel()
	seed := DefaultSeed()
	seed.Partners[0].BillingUsage = &SeedBillingUsage{Since: "2025-03", Distributor: "Ingram Micro", Lines: []SeedBillingLine{
		{CustomerID: alpineDental, ProductCode: "CIXE1CSAA", Quantity: 7},
		{CustomerID: bayside, ProductCode: "CEPB1CSAA", Quantity: 3, Months: []string{"2025-05"}},
	}}
	en, _ := clockEnv(t, func(o *Options) { o.Seed = seed })
	for month, want := range map[string]int{"2025/2": 0, "2025/3": 1, "2025/5": 2, "2025/6": 1} {
		var l api.BillingUsageList
		en.get("/partner/v1/billing/usage/"+month, &l)
		if len(l.Items) != want {
			t.Errorf("%s: %d lines, want %d", month, len(l.Items), want)
		}
		if len(l.Items) > 0 && *l.Items[0].DestributorAccountName != "Ingram Micro" {
			t.Errorf("%s: distributor %q", month, *l.Items[0].DestributorAccountName)
		}
	}
	bad := DefaultSeed()
	bad.Partners[0].BillingUsage.Lines = append(bad.Partners[0].BillingUsage.Lines,
		SeedBillingLine{CustomerID: fabrikam, ProductCode: "NOPE", Quantity: 0, Months: []string{"June"}})
	err := bad.Validate()
	for _, want := range []string{"no tenant " + fabrikam + " in this partner", `"NOPE" is not in billingProducts`, "quantity: must be more than 0", `must be a month YYYY-MM (got "June")`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("seed error %v lacks %q", err, want)
		}
	}
}

func TestSophosProductsList(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	var l api.SophosProductList
	en.get("/partner/v1/psa/sophos-products?pageSize=100&pageTotal=true", &l)
	if *l.Pages.Items != len(DefaultSeed().SophosProducts) {
		t.Fatalf("%d Sophos products, want %d", *l.Pages.Items, len(DefaultSeed().SophosProducts))
	}
	byID := map[string]api.SophosProduct{}
	for _, p := range l.Items {
		byID[p.Identifier] = p
	}
	if got := byID["Sophos_Intercept_X_Advanced"]; !reflect.DeepEqual(got.BillingProductCodes, []string{"CIXA1CSAA"}) || !got.HasUsage || got.SyncsWithInvoiceOnly {
		t.Errorf("Sophos_Intercept_X_Advanced = %+v", got)
	}
	if got := byID["Sophos_Cloud_Optix"]; got.HasUsage || got.BillingProductCodes == nil || len(got.BillingProductCodes) != 0 {
		t.Errorf("Sophos_Cloud_Optix = %+v", got)
	}
}
