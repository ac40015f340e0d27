package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
)

// The Autotask room: Autotask's REST API over the shared rows (README: "The Autotask room").

func TestAutotaskZoneLookup(t *testing.T) {
	t.Parallel()
	a := newAtEnv(t, Options{})
	noAuth := map[string]string{at.HeaderUserName: "", at.HeaderSecret: "", at.HeaderIntegrationCode: ""}
	var zone at.ZoneInformation
	r := a.call(http.MethodGet, at.ZoneInformationPath+"?user="+url.QueryEscape(atUser), nil, noAuth)
	if r.status != http.StatusOK {
		t.Fatalf("zone lookup: %d %s", r.status, r.body)
	}
	mustUnmarshal(t, r.body, &zone)
	if zone.URL != a.e.AutotaskURL() || !strings.HasSuffix(zone.URL, "/ATServicesRest/") || zone.ZoneName == "" || zone.CI == 0 {
		t.Fatalf("zone = %+v, want the room's URL %s", zone, a.e.AutotaskURL())
	}
	// Paths are case-insensitive, as the vendor's help pages spell them.
	r = a.call(http.MethodGet, a.e.URL()+"/atservicesrest/v1.0/ZONEINFORMATION?user="+url.QueryEscape(strings.ToUpper(atUser)), nil, noAuth)
	if r.status != http.StatusOK {
		t.Fatalf("lower-case lookup: %d %s", r.status, r.body)
	}
	a.refused(http.StatusInternalServerError, http.MethodGet, at.ZoneInformationPath+"?user=nobody@example.com", nil, noAuth,
		"Zone information could not be determined", "nobody@example.com")
	a.refused(http.StatusInternalServerError, http.MethodGet, at.ZoneInformationPath, nil, noAuth, "Zone information could not be determined")
	if _, used := a.e.AutotaskUsage(); used != 0 {
		t.Errorf("zone lookups counted %d requests against the threshold; they are not", used)
	}
}

func TestAutotaskAuthentication(t *testing.T) {
	t.Parallel()
	a := newAtEnv(t, Options{})
	path := at.VersionPath + at.EntityThresholdInformation
	a.refused(http.StatusUnauthorized, http.MethodGet, path, nil, map[string]string{at.HeaderSecret: ""}, "Secret")
	a.refused(http.StatusUnauthorized, http.MethodGet, path, nil, map[string]string{at.HeaderSecret: "wrong"}, "Unauthorized")
	a.refused(http.StatusUnauthorized, http.MethodGet, path, nil, map[string]string{at.HeaderUserName: "nobody@example.com"}, "Unauthorized")
	r := a.refused(http.StatusInternalServerError, http.MethodGet, path, nil, map[string]string{at.HeaderIntegrationCode: "WRONGCODE"}, "IntegrationCode is invalid")
	if strings.Contains(string(r.body), "WRONGCODE") || strings.Contains(string(r.body), atCode) {
		t.Errorf("the refusal repeats an integration code: %s", r.body)
	}
	a.refused(http.StatusInternalServerError, http.MethodGet, path, nil, map[string]string{at.HeaderImpersonation: "someone"}, "ImpersonationResourceId")
	a.ok(http.MethodGet, path, nil, nil)
	if r := a.call(http.MethodGet, path, nil, map[string]string{at.HeaderImpersonation: "29682001", at.HeaderUserName: strings.ToUpper(atUser)}); r.status != http.StatusOK {
		t.Fatalf("impersonating, user name in upper case: %d %s", r.status, r.body)
	}
	// Sophos's own API user works too, with its own integration code.
	sophos := map[string]string{at.HeaderUserName: "sophos-api@northwindit.example", at.HeaderSecret: "emulator-autotask-secret", at.HeaderIntegrationCode: "NWSOPHOSCENTRAL7Q2X"}
	if r := a.call(http.MethodGet, path, nil, sophos); r.status != http.StatusOK {
		t.Fatalf("Sophos's API user: %d %s", r.status, r.body)
	}
	// A user whose secret was regenerated in Autotask is refused from then on.
	if err := a.e.Admin().SetPSAAPIUser(api.PsaAutotask, SeedPSACredentials{UserName: atUser, Secret: "regenerated", IntegrationCode: atCode}); err != nil {
		t.Fatal(err)
	}
	a.refused(http.StatusUnauthorized, http.MethodGet, path, nil, nil, "Unauthorized")
}

// TestAutotaskContractsAreTheSharedRows: Autotask's contracts are the rows the PSA
// Integration API serves, their status a value of the database's picklist, and an
// out-of-band change shows in both.
func TestAutotaskContractsAreTheSharedRows(t *testing.T) {
	t.Parallel()
	a := newAtEnv(t, Options{})
	page := a.query(at.EntityContracts, at.Query{Filter: all(), IncludeFields: []string{"id", "status", "contractType", "companyID", "contractName", "endDate"}})
	byID := map[int64]map[string]any{}
	for _, c := range page.Items {
		byID[itemIDs([]map[string]any{c})[0]] = c
	}
	if len(byID) != 17 {
		t.Fatalf("%d contracts, want the seed's 17", len(byID))
	}
	// The default picklist: 1 Active, 0 Inactive, 2 Expired, 3 Terminated; 7 Recurring
	// Service, 4 Block Hours.
	for id, want := range map[int64][2]float64{29684001: {1, 7}, 29684008: {0, 7}, 29684003: {2, 7}, 29684012: {3, 7}, 29684017: {2, 4}} {
		if c := byID[id]; c["status"] != want[0] || c["contractType"] != want[1] {
			t.Errorf("contract %d = %v, want status %v and type %v", id, c, want[0], want[1])
		}
	}
	if c := byID[29684003]; c["endDate"] != "2023-12-31T00:00:00Z" || c["companyID"] != float64(29682004) || len(c) != 6 {
		t.Errorf("contract 29684003 = %v, want only the included fields", c)
	}
	if err := a.e.Admin().DeactivateContract(api.PsaAutotask, 29684001); err != nil {
		t.Fatal(err)
	}
	if err := a.e.Admin().RenameContract(api.PsaAutotask, 29684001, "Alpine Dental - Renamed"); err != nil {
		t.Fatal(err)
	}
	var got at.ItemResponse[at.Contract]
	a.ok(http.MethodGet, at.VersionPath+"Contracts/29684001", nil, &got)
	if c := got.Item; c == nil || *c.Status != 0 || c.ContractName != "Alpine Dental - Renamed" || c.CompanyID != 29682002 || *c.StartDate != "2024-01-01T00:00:00Z" || c.EndDate != nil {
		t.Fatalf("contract after the out-of-band change = %+v", got.Item)
	}
	// ConnectWise's agreements are not Autotask's.
	a.refused(http.StatusNotFound, http.MethodGet, at.VersionPath+"Contracts/501", nil, nil, "No Contracts with id 501")
}

func TestAutotaskQueries(t *testing.T) {
	t.Parallel()
	a := newAtEnv(t, Options{})
	q := at.Query{Filter: []at.Filter{{Op: at.OpEq, Field: "companyID", Value: 29682004}, {Op: at.OpOr, Items: []at.Filter{
		{Op: at.OpBeginsWith, Field: "CONTRACTNAME", Value: "cedar"}, {Op: at.OpExist, Field: "endDate"}}}}}
	posted := a.query(at.EntityContracts, q)
	if got := itemIDs(posted.Items); !slices.Equal(got, []int64{29684003, 29684004}) || posted.PageDetails.NextPageURL != nil || posted.PageDetails.RequestCount != at.MaxRecords {
		t.Fatalf("POST query = %v %+v", got, posted.PageDetails)
	}
	raw := `{"filter":[{"op":"eq","field":"companyID","value":29682004},{"op":"or","items":[{"op":"beginsWith","field":"CONTRACTNAME","value":"cedar"},{"op":"exist","field":"endDate"}]}]}`
	var searched at.ListResponse[map[string]any]
	a.ok(http.MethodGet, at.VersionPath+"Contracts/query?search="+url.QueryEscape(raw), nil, &searched)
	if !slices.Equal(itemIDs(searched.Items), itemIDs(posted.Items)) {
		t.Errorf("GET ?search= found %v, POST %v", itemIDs(searched.Items), itemIDs(posted.Items))
	}
	var n at.CountResponse
	a.ok(http.MethodPost, at.VersionPath+"Contracts/query/count", q, &n)
	if n.QueryCount != 2 {
		t.Errorf("count = %d, want 2", n.QueryCount)
	}
	a.ok(http.MethodGet, at.VersionPath+"Companies/query/count?search="+url.QueryEscape(`{"filter":[{"op":"eq","field":"isActive","value":true}]}`), nil, &n)
	if n.QueryCount != 17 {
		t.Errorf("active companies = %d, want 17", n.QueryCount)
	}
	var company at.ItemResponse[at.Company]
	a.ok(http.MethodGet, at.VersionPath+"companies/29682002", nil, &company)
	if c := company.Item; c == nil || c.CompanyName != "Alpine Dental Group" || *c.CompanyNumber != "10412" || !*c.IsActive || *c.CompanyType != 1 {
		t.Fatalf("company = %+v", company.Item)
	}
	small := a.query(at.EntityServices, at.Query{Filter: all(), MaxRecords: 2, IncludeFields: []string{"name", "sku"}})
	if len(small.Items) != 2 || small.PageDetails.RequestCount != 2 || small.PageDetails.NextPageURL == nil || len(small.Items[0]) != 2 {
		t.Errorf("MaxRecords 2 = %+v", small)
	}
	for _, tc := range []struct {
		name, method, path string
		body               any
		fragment           string
	}{
		{"MaxRecords above 500", http.MethodPost, "Contracts/query", at.Query{Filter: all(), MaxRecords: 501}, "MaxRecords must be between 1 and 500"},
		{"MaxRecords below 1", http.MethodPost, "Contracts/query", `{"filter":[{"op":"gte","field":"id","value":0}],"MaxRecords":-1}`, "MaxRecords"},
		{"unknown field", http.MethodPost, "Contracts/query", at.Query{Filter: []at.Filter{{Op: at.OpEq, Field: "cancelled", Value: true}}}, "Unable to find cancelled in the Contracts entity"},
		{"unknown operator", http.MethodPost, "Contracts/query", `{"filter":[{"op":"like","field":"id","value":1}]}`, "not a filter operator"},
		{"no filter", http.MethodPost, "Contracts/query/count", `{}`, "needs a filter"},
		{"not JSON", http.MethodPost, "Companies/query", `{"filter":`, "not valid JSON"},
		{"unknown IncludeFields", http.MethodPost, "Companies/query", at.Query{Filter: all(), IncludeFields: []string{"id", "colour"}}, "IncludeFields"},
		{"no search", http.MethodGet, "Companies/query", nil, "search parameter is required"},
		{"string id", http.MethodGet, "Companies/abc", nil, "not an id"},
		{"forged paging", http.MethodGet, "Companies/query/next?paging=xyz", nil, "follow pageDetails.nextPageUrl as given"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := *a
			a.t = t
			a.refused(http.StatusInternalServerError, tc.method, at.VersionPath+tc.path, tc.body, nil, tc.fragment)
		})
	}
	a.refused(http.StatusNotFound, http.MethodGet, at.VersionPath+"Companies/1", nil, nil, "No Companies with id 1")
	a.refused(http.StatusMethodNotAllowed, http.MethodPatch, at.VersionPath+"Contracts/query", `{}`, nil, "reads only")
	a.refused(http.StatusNotFound, http.MethodGet, at.VersionPath+"Tickets/query", nil, nil, "no Autotask API route")
}

func TestAutotaskPagingPast500(t *testing.T) {
	t.Parallel()
	a := newAtEnv(t, Options{})
	if err := a.e.Admin().Synthesize(SynthOptions{Companies: 1100}); err != nil {
		t.Fatal(err)
	}
	q := at.Query{Filter: all(), IncludeFields: []string{"id", "companyName"}}
	page := a.query(at.EntityCompanies, q)
	var seen []int64
	var pages []at.ListResponse[map[string]any]
	for {
		pages = append(pages, page)
		seen = append(seen, itemIDs(page.Items)...)
		if page.PageDetails.Count != len(page.Items) || len(page.Items) > at.MaxRecords {
			t.Fatalf("page %d: count %d, %d items", len(pages), page.PageDetails.Count, len(page.Items))
		}
		if page.PageDetails.NextPageURL == nil {
			break
		}
		next := *page.PageDetails.NextPageURL
		if !strings.HasPrefix(next, a.e.AutotaskURL()+"V1.0/Companies/query/next?") {
			t.Fatalf("nextPageUrl %s is not on the zone", next)
		}
		page = at.ListResponse[map[string]any]{}
		a.ok(http.MethodGet, next, nil, &page)
	}
	if len(pages) != 3 || len(seen) != 1117 || !slices.IsSorted(seen) || len(slices.Compact(slices.Clone(seen))) != 1117 {
		t.Fatalf("%d pages, %d companies (sorted %v)", len(pages), len(seen), slices.IsSorted(seen))
	}
	if pages[0].PageDetails.PrevPageURL != nil || pages[2].PageDetails.PrevPageURL == nil {
		t.Errorf("prevPageUrl: first %v, last %v", pages[0].PageDetails.PrevPageURL, pages[2].PageDetails.PrevPageURL)
	}
	var back at.ListResponse[map[string]any]
	a.ok(http.MethodGet, *pages[2].PageDetails.PrevPageURL, nil, &back)
	if !slices.Equal(itemIDs(back.Items), itemIDs(pages[1].Items)) {
		t.Errorf("prevPageUrl of page 3 leads to %d.., not page 2", itemIDs(back.Items)[0])
	}
	// Autotask wants id among IncludeFields beyond 500 results.
	a.refused(http.StatusInternalServerError, http.MethodPost, at.VersionPath+"Companies/query", at.Query{Filter: all(), IncludeFields: []string{"companyName"}}, nil,
		"IncludeFields must include id")
}

func TestAutotaskServicesBundlesAndContractServices(t *testing.T) {
	t.Parallel()
	a := newAtEnv(t, Options{Seed: autotaskTestSeed(t)})
	a.header = map[string]string{at.HeaderUserName: "terraform@picklist.example", at.HeaderSecret: "tf-secret", at.HeaderIntegrationCode: "PICKLISTTERRAFORM"}
	services := a.query(at.EntityServices, at.Query{Filter: all()})
	bundles := a.query(at.EntityServiceBundles, at.Query{Filter: all()})
	if !slices.Equal(itemIDs(services.Items), []int64{7001, 7002, 7003}) || !slices.Equal(itemIDs(bundles.Items), []int64{7010}) {
		t.Fatalf("services %v, bundles %v", itemIDs(services.Items), itemIDs(bundles.Items))
	}
	b := bundles.Items[0]
	if b["name"] != "Managed Endpoint Bundle" || b["sku"] != "NW-BUNDLE" || b["periodType"] != float64(42) || b["isActive"] != true || b["markupRate"] != nil {
		t.Errorf("bundle = %v", b)
	}
	s := services.Items[2]
	if s["isActive"] != false || s["externalID"] != "Sophos_Endpoint_Protection" || s["description"] != "legacy" || s["catalogNumberPartNumber"] != "VSKU-3" {
		t.Errorf("inactive service = %v", s)
	}
	cs := a.query(at.EntityContractServices, at.Query{Filter: []at.Filter{{Op: at.OpEq, Field: "contractID", Value: 8101}}})
	units := a.query(at.EntityContractServiceUnits, at.Query{Filter: []at.Filter{{Op: at.OpEq, Field: "contractID", Value: 8101}}})
	if len(cs.Items) != 1 || cs.Items[0]["serviceID"] != float64(7001) || cs.Items[0]["adjustedPrice"] != 3.5 {
		t.Fatalf("contract services = %v", cs.Items)
	}
	if len(units.Items) != 2 || units.Items[1]["units"] != float64(12) || units.Items[1]["serviceID"] != float64(7001) ||
		units.Items[1]["contractServiceID"] != cs.Items[0]["id"] || units.Items[1]["startDate"] != "2024-02-01T00:00:00Z" {
		t.Fatalf("contract service units = %v", units.Items)
	}
}

func TestAutotaskFaultsAndCounters(t *testing.T) {
	t.Parallel()
	a := newAtEnv(t, Options{})
	a.e.InjectNext(InjectedFault{Kind: Fault503, PathPrefix: "/atservicesrest/v1.0/Contracts", RetryAfter: 7})
	r := a.refused(http.StatusServiceUnavailable, http.MethodPost, at.VersionPath+"contracts/query", at.Query{Filter: all()}, nil, "fault injected")
	if r.header.Get("Retry-After") != "7" {
		t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
	}
	a.query(at.EntityContracts, at.Query{Filter: all()})
	a.query(at.EntityCompanies, at.Query{Filter: all()})
	c := a.e.Counters()
	if c["POST /atservicesrest/v1.0/Contracts/query"] != 2 || c["POST /atservicesrest/v1.0/Companies/query"] != 1 {
		t.Errorf("counters = %v", c)
	}
}
