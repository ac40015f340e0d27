package emulator

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
)

func TestDefaultSeedLooksLikeAnMSP(t *testing.T) {
	t.Parallel()
	s := DefaultSeed()
	if len(s.SophosProducts) < 25 {
		t.Errorf("%d Sophos products, want at least 25", len(s.SophosProducts))
	}
	noUsage := 0
	for _, p := range s.SophosProducts {
		if !*p.HasUsage {
			noUsage++
		}
	}
	if noUsage < 2 {
		t.Errorf("%d Sophos products without usage, want a couple", noUsage)
	}
	primary := s.Partners[0]
	billing := map[string]int{}
	for _, tn := range primary.Tenants {
		billing[tn.BillingType]++
	}
	if len(primary.Tenants) < 14 || billing["usage"] < 10 || billing["term"] < 1 || billing["trial"] != 1 {
		t.Errorf("tenants by billing type: %v", billing)
	}
	statuses := map[string]int{}
	for _, c := range append(primary.ConnectWise.Agreements, primary.Autotask.Contracts...) {
		statuses[c.Status]++
	}
	for _, st := range store.ContractStatuses() {
		if statuses[st] == 0 {
			t.Errorf("no %s contract in the default seed", st)
		}
	}
	inactive := 0
	for _, p := range primary.ConnectWise.Products {
		if p.Inactive {
			inactive++
		}
	}
	if len(primary.ConnectWise.Products) < 10 || inactive != 1 || len(primary.Autotask.Products) < 6 {
		t.Errorf("products: %d ConnectWise (%d inactive), %d Autotask", len(primary.ConnectWise.Products), inactive, len(primary.Autotask.Products))
	}
	if len(s.Partners) < 2 || len(s.Partners[1].Tenants) != 2 {
		t.Error("no foreign partner with 2 tenants")
	}
	if file, err := os.ReadFile(filepath.Join("seed", "default.yaml")); err != nil || string(DefaultSeedYAML()) != string(file) {
		t.Errorf("DefaultSeedYAML differs from seed/default.yaml (%v)", err)
	}
}

const userSeedYAML = `
sophosProducts:
  - {identifier: Sophos_Intercept_X_Advanced, name: Intercept X Advanced}
  - {identifier: Sophos_Firewall_Manager, name: Firewall Management, hasUsage: false}
credentials:
  - {clientId: my-client, clientSecret: my-secret, partnerId: 11111111-1111-4111-8111-111111111111}
partners:
  - id: 11111111-1111-4111-8111-111111111111
    name: Tiny MSP
    tenants:
      - {id: 22222222-2222-4222-8222-222222222222, name: Only Customer, billingType: usage, dataRegion: us01}
    integrations:
      - {psa: autotask}
    autotask:
      products:
        - {id: 5001, identifier: IXA, description: Intercept X Advanced}
      companies:
        - {id: 6001, name: Only Customer Inc}
      contracts:
        - {id: 7001, companyId: 6001, name: Only Contract, status: active, startDate: "2025-01-01"}
    productMappings:
      - {psa: autotask, sophosProduct: Sophos_Intercept_X_Advanced, psaProductId: 5001}
    customerMappings:
      - {psa: autotask, customerId: 22222222-2222-4222-8222-222222222222, companyId: 6001, contractId: 7001, usageSyncEnabled: true}
`

const userSeedJSON = `{
  "sophosProducts": [{"identifier": "Sophos_MDR_Complete", "name": "MDR Complete"}],
  "credentials": [{"clientId": "json-client", "clientSecret": "json-secret", "partnerId": "33333333-3333-4333-8333-333333333333"}],
  "partners": [{
    "id": "33333333-3333-4333-8333-333333333333", "name": "JSON MSP",
    "tenants": [{"id": "44444444-4444-4444-8444-444444444444", "name": "JSON Customer", "billingType": "term"}],
    "integrations": [{"psa": "connectwise"}],
    "connectwise": {
      "categories": [{"id": 1, "name": "Software", "subcategories": [{"id": 2, "name": "Security"}]}],
      "productTypes": [{"id": 1, "name": "Service"}],
      "unitsOfMeasure": [{"id": 1, "name": "Each"}],
      "products": [{"id": 100, "identifier": "MDR", "description": "MDR", "subcategory": "security", "type": "Service"}]
    }
  }]
}`

// twoLicenseCategoriesJSON is a ConnectWise catalog as real ones are: the subcategory name
// "Licenses" in two categories. Its products name their category where the name alone is
// ambiguous, and not where it is not.
var twoLicenseCategoriesJSON = strings.Replace(strings.Replace(userSeedJSON,
	`"categories": [{"id": 1, "name": "Software", "subcategories": [{"id": 2, "name": "Security"}]}]`,
	`"categories": [{"id": 1, "name": "Software", "subcategories": [{"id": 2, "name": "Security"}, {"id": 3, "name": "Licenses"}]},
	               {"id": 4, "name": "Hardware", "subcategories": [{"id": 5, "name": "Licenses"}]}]`, 1),
	`"products": [{"id": 100, "identifier": "MDR", "description": "MDR", "subcategory": "security", "type": "Service"}]`,
	`"products": [{"id": 100, "identifier": "MDR", "description": "MDR", "subcategory": "security", "type": "Service"},
	              {"id": 101, "identifier": "XGS-LIC", "description": "Firewall licence", "category": "Hardware", "subcategory": "licenses", "type": "Service"},
	              {"id": 102, "identifier": "IXA-LIC", "description": "Intercept X licence", "category": "software", "subcategory": "Licenses", "type": "Service"}]`, 1)

// TestSeedProductNamesItsCategory: a seed whose catalog has a subcategory name in two
// categories loads, its products naming the category where the name alone is ambiguous; the
// console (admin API) adds products the same way. A product that does not name its category
// is refused, naming both.
func TestSeedProductNamesItsCategory(t *testing.T) {
	t.Parallel()
	seed, err := ParseSeed([]byte(twoLicenseCategoriesJSON), "catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	const partner = "33333333-3333-4333-8333-333333333333"
	e := StartForTest(t, Options{Seed: seed})
	en := &env{t: t, e: e, http: http.DefaultClient, partner: partner}
	en.token = en.getToken("json-client", "json-secret")
	want := map[int64][2]string{100: {"Software", "Security"}, 101: {"Hardware", "Licenses"}, 102: {"Software", "Licenses"}}
	wantSub := map[int64]int64{100: 2, 101: 5, 102: 3}
	check := func(id int64) {
		t.Helper()
		var p api.PsaProduct
		en.get("/partner/v1/psa/connectwise/products/"+itoa(id), &p)
		if p.Category == nil || p.Subcategory == nil || *p.Category.Name != want[id][0] || *p.Subcategory.Name != want[id][1] || *p.Subcategory.Id != wantSub[id] {
			t.Fatalf("product %d: category %+v, subcategory %+v; want %v (subcategory %d)", id, p.Category, p.Subcategory, want[id], wantSub[id])
		}
	}
	for id := range want {
		check(id)
	}

	adm := e.Admin().ForPartner(partner)
	id, err := adm.AddProduct(api.PsaConnectwise, SeedProduct{Identifier: "AP-LIC", Description: "Access point licence", Category: "Hardware", Subcategory: "Licenses", Type: "Service"})
	if err != nil {
		t.Fatal(err)
	}
	want[id], wantSub[id] = [2]string{"Hardware", "Licenses"}, 5
	check(id)
	_, err = adm.AddProduct(api.PsaConnectwise, SeedProduct{Identifier: "AMBIGUOUS", Description: "Which licence?", Subcategory: "Licenses", Type: "Service"})
	if StatusOf(err) != http.StatusBadRequest || !strings.Contains(err.Error(), `"Licenses" exists in more than one category ("Software", "Hardware")`) {
		t.Fatalf("a product of an ambiguous subcategory without its category: %v", err)
	}

	ambiguous := strings.Replace(twoLicenseCategoriesJSON, `"category": "Hardware", "subcategory": "licenses"`, `"subcategory": "licenses"`, 1)
	if _, err := ParseSeed([]byte(ambiguous), "ambiguous.json"); err == nil ||
		!strings.Contains(err.Error(), `connectwise.products[1].subcategory: "licenses" exists in more than one category ("Software", "Hardware"); name the one this product is in with category`) {
		t.Fatalf("a seed product of an ambiguous subcategory without its category: %v", err)
	}
}

func TestUserSeedFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		file, content, client, secret, partner, tenant string
		psa                                            api.Psa
	}{
		{"seed.yaml", userSeedYAML, "my-client", "my-secret", "11111111-1111-4111-8111-111111111111", "Only Customer", api.PsaAutotask},
		{"seed.json", userSeedJSON, "json-client", "json-secret", "33333333-3333-4333-8333-333333333333", "JSON Customer", api.PsaConnectwise},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join(dir, tc.file)
			if err := os.WriteFile(path, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			seed, err := LoadSeedFile(path)
			if err != nil {
				t.Fatal(err)
			}
			e := StartForTest(t, Options{Seed: seed})
			if c := e.Credentials(); c.ClientID != tc.client || c.ClientSecret != tc.secret || c.PartnerID != tc.partner {
				t.Fatalf("credentials = %+v", c)
			}
			en := &env{t: t, e: e, http: http.DefaultClient, partner: tc.partner}
			en.token = en.getToken(tc.client, tc.secret)
			var l api.TenantList
			en.get("/partner/v1/tenants", &l)
			if len(l.Items) != 1 || l.Items[0].Name != tc.tenant || l.Items[0].ShowAs != tc.tenant {
				t.Fatalf("tenants = %+v", l.Items)
			}
			var pl api.ProductMappingList
			en.get("/partner/v1/psa/"+string(tc.psa)+"/product-mappings", &pl)
			if len(pl.Items) != 1 {
				t.Fatalf("product mappings = %+v", pl.Items)
			}
		})
	}
	// The YAML seed's initial mappings are loaded.
	seed, err := ParseSeed([]byte(userSeedYAML), "inline")
	if err != nil {
		t.Fatal(err)
	}
	e := StartForTest(t, Options{Seed: seed})
	en := &env{t: t, e: e, http: http.DefaultClient, partner: "11111111-1111-4111-8111-111111111111"}
	en.token = en.getToken("my-client", "my-secret")
	var m api.CustomerMapping
	en.get("/partner/v1/psa/autotask/customer-mappings/22222222-2222-4222-8222-222222222222", &m)
	if !m.Mapped || !m.UsageSyncEnabled || *m.ContractName != "Only Contract" {
		t.Fatalf("seeded customer mapping = %+v", m)
	}
	var pm api.ProductMapping
	en.get("/partner/v1/psa/autotask/product-mappings/Sophos_Intercept_X_Advanced", &pm)
	if !pm.Mapped || !pm.SyncEnabled {
		t.Fatalf("seeded product mapping = %+v", pm)
	}
	en.expectError(http.StatusConflict, "IntegrationNotConnected", req{path: "/partner/v1/psa/connectwise/products"}, "not connected")
}

func TestBadSeeds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, content string
		fragments     []string
	}{
		{"empty", "", []string{"bad.yaml", "empty"}},
		{"syntax", "partners: [", []string{"bad.yaml"}},
		{"unknown field", "partners: []\ncolour: blue\n", []string{"colour"}},
		{"no partners", "credentials: []\n", []string{"partners: at least one partner"}},
		{"bad billing type", strings.Replace(userSeedYAML, "billingType: usage", "billingType: monthly", 1),
			[]string{"partners[0].tenants[0].billingType", "usage, term, trial", `"monthly"`}},
		{"bad uuid", strings.Replace(userSeedYAML, "id: 22222222-2222-4222-8222-222222222222,", "id: customer-1,", 1),
			[]string{"partners[0].tenants[0].id: must be a UUID"}},
		{"contract of unknown company", strings.Replace(userSeedYAML, "companyId: 6001, name: Only Contract", "companyId: 6002, name: Only Contract", 1),
			[]string{"partners[0].autotask.contracts[0].companyId", "6002"}},
		{"duplicate id", strings.Replace(userSeedYAML, "{id: 5001, identifier: IXA, description: Intercept X Advanced}",
			"{id: 5001, identifier: IXA, description: Intercept X Advanced}\n        - {id: 5001, identifier: IXA2, description: Other}", 1),
			[]string{"partners[0].autotask.products[1].id", "already used at partners[0].autotask.products[0].id"}},
		{"unknown credential partner", strings.Replace(userSeedYAML, "partnerId: 11111111-1111-4111-8111-111111111111", "partnerId: 99999999-1111-4111-8111-111111111111", 1),
			[]string{"credentials[0].partnerId", "no partner"}},
		{"mapping to unknown product", strings.Replace(userSeedYAML, "psaProductId: 5001", "psaProductId: 5002", 1),
			[]string{"productMappings[0].psaProductId"}},
		{"mapping of product without usage", strings.Replace(userSeedYAML, "sophosProduct: Sophos_Intercept_X_Advanced", "sophosProduct: Sophos_Firewall_Manager", 1),
			[]string{"productMappings[0].sophosProduct"}},
		{"seed product of an ambiguous subcategory", strings.Replace(userSeedJSON, `[{"id": 2, "name": "Security"}]}]`,
			`[{"id": 2, "name": "Security"}]}, {"id": 3, "name": "Hardware", "subcategories": [{"id": 4, "name": "Security"}]}]`, 1),
			[]string{"connectwise.products[0].subcategory", "more than one category"}},
		{"subcategory twice in a category", strings.Replace(userSeedJSON, `[{"id": 2, "name": "Security"}]`,
			`[{"id": 2, "name": "Security"}, {"id": 5, "name": "SECURITY"}]`, 1),
			[]string{"subcategories[1].name", "duplicate subcategory"}},
		{"ConnectWise fields on Autotask product", strings.Replace(userSeedYAML, "description: Intercept X Advanced}", "description: Intercept X Advanced, type: Service}", 1),
			[]string{"ConnectWise fields"}},
		{"category on Autotask product", strings.Replace(userSeedYAML, "description: Intercept X Advanced}", "description: Intercept X Advanced, category: Software}", 1),
			[]string{"ConnectWise fields"}},
		{"unknown category", strings.Replace(userSeedJSON, `"subcategory": "security"`, `"category": "Services", "subcategory": "security"`, 1),
			[]string{"connectwise.products[0].category", `"Services" is not a category`}},
		{"category without the subcategory", strings.Replace(twoLicenseCategoriesJSON, `"category": "Hardware", "subcategory": "licenses"`, `"category": "Hardware", "subcategory": "Security"`, 1),
			[]string{"connectwise.products[1].category", `category "Hardware" has no subcategory "Security"`, `"Software"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSeed([]byte(tc.content), "bad.yaml")
			if err == nil {
				t.Fatal("no error")
			}
			for _, f := range tc.fragments {
				if !strings.Contains(err.Error(), f) {
					t.Errorf("error %q lacks %q", err, f)
				}
			}
		})
	}
	if _, err := LoadSeedFile(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Fatal("no error for a missing file")
	}
}

func TestPersistenceAcrossRestarts(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "emulator.db")
	e, err := Start(context.Background(), Options{DBPath: path})
	if err != nil {
		t.Fatal(err)
	}
	en := &env{t: t, e: e, http: &http.Client{Timeout: 10 * time.Second}, partner: primaryPartner}
	en.token = en.getToken("emulator-client", "emulator-secret")
	token := en.token
	r := en.expect(http.StatusCreated, req{method: http.MethodPost, path: cwProducts, body: validProduct()})
	var p api.PsaProduct
	mustUnmarshal(t, r.body, &p)
	en.expect(http.StatusOK, req{method: http.MethodPut, path: "/partner/v1/psa/connectwise/product-mappings/Sophos_ZTNA", body: map[string]any{"psaProductId": p.Id}})
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}

	// A different seed is ignored: the database already holds data.
	other, err := ParseSeed([]byte(userSeedYAML), "other")
	if err != nil {
		t.Fatal(err)
	}
	e2 := StartForTest(t, Options{DBPath: path, Seed: other})
	if mode, err := e2.store.JournalMode(context.Background()); err != nil || mode != "wal" {
		t.Fatalf("journal mode %q, %v; want wal", mode, err)
	}
	if e2.Credentials().ClientID != "emulator-client" {
		t.Fatalf("credentials after restart = %+v", e2.Credentials())
	}
	en2 := &env{t: t, e: e2, http: en.http, partner: primaryPartner, token: token} // the old token survives
	var m api.ProductMapping
	en2.get("/partner/v1/psa/connectwise/product-mappings/Sophos_ZTNA", &m)
	if !m.Mapped || *m.PsaProductId != p.Id {
		t.Fatalf("mapping after restart = %+v", m)
	}
	var got api.PsaProduct
	r = en2.get(cwProducts+"/"+itoa(p.Id), &got)
	if got.Identifier != "SOPHOS-ZTNA" || r.header.Get("ETag") != `"1"` {
		t.Fatalf("product after restart = %+v", got)
	}
}

func TestStartOptions(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.10:0"} {
		if _, err := Start(context.Background(), Options{Addr: addr}); err == nil || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("%s: err = %v, want a loopback refusal", addr, err)
		}
	}
	e := StartForTest(t, Options{Addr: "0.0.0.0:0", AllowNonLoopback: true})
	if !strings.HasPrefix(e.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL = %s", e.URL())
	}
	if _, err := Start(context.Background(), Options{Seed: &Seed{}}); err == nil {
		t.Fatal("an invalid seed was accepted")
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestSynthesize(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	if err := en.e.Admin().Synthesize(SynthOptions{Customers: 1000, Products: 30, Companies: 10}); err != nil {
		t.Fatal(err)
	}
	var tenants api.TenantList
	en.get("/partner/v1/tenants?pageTotal=true&pageSize=100&page=11", &tenants)
	if *tenants.Pages.Items != 1016 || *tenants.Pages.Total != 11 {
		t.Fatalf("tenants: %d items, %d pages", *tenants.Pages.Items, *tenants.Pages.Total)
	}
	var companies api.PsaCompanyList
	en.get("/partner/v1/psa/autotask/companies?name=Synth%20Customer%200042", &companies)
	if len(companies.Items) != 1 {
		t.Fatalf("companies named Synth Customer 0042: %+v", companies.Items)
	}
	var contracts api.PsaContractList
	en.get("/partner/v1/psa/autotask/contracts?companyId="+itoa(companies.Items[0].Id), &contracts)
	if len(contracts.Items) != 1 || contracts.Items[0].Status != "active" || !contracts.Items[0].NameUnique {
		t.Fatalf("contracts of a synthetic company: %+v", contracts.Items)
	}
	var cm api.CustomerMappingList
	en.get("/partner/v1/psa/connectwise/customer-mappings?usageSyncAvailable=true&pageTotal=true", &cm)
	if *cm.Pages.Items != 1013 {
		t.Fatalf("usage customers: %d", *cm.Pages.Items)
	}
	var products api.PsaProductList
	en.get(cwProducts+"?search=synth-product&pageTotal=true", &products)
	if *products.Pages.Items != 30 {
		t.Fatalf("synthetic products: %d", *products.Pages.Items)
	}
	// Numbering continues over the HTTP admin API.
	r := en.expect(http.StatusCreated, req{method: http.MethodPost, path: "/_emulator/synthesize", body: `{"customers": 2}`})
	var res SynthResult
	mustUnmarshal(t, r.body, &res)
	if len(res.Customers) != 2 || res.Companies != 4 || res.Contracts != 4 {
		t.Fatalf("synthesize result = %s", r.body)
	}
	var m api.CustomerMapping
	en.get(cmPath+res.Customers[1], &m)
	if m.CustomerName != "Synth Customer 1002" {
		t.Fatalf("second batch named %q", m.CustomerName)
	}
}

// BenchmarkSynthesize1000Customers adds 1,000 customers with companies and contracts in
// both PSAs. Target: well under a second, so benchmarks and tests can build large partners.
func BenchmarkSynthesize1000Customers(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		e, err := Start(context.Background(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := e.Admin().Synthesize(SynthOptions{Customers: 1000, Products: 30, Companies: 10}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		_ = e.Close()
		b.StartTimer()
	}
}
