package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

func TestCompanies(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"?search=CEDAR", []string{"Cedar Ridge Veterinary Clinic"}},
		{"?name=alpine%20dental%20group", []string{"Alpine Dental Group"}},
		{"?name=alpine", nil},
		{"?search=north", []string{"Northgate Property Management", "Northwind IT Services"}},
	}
	for _, tc := range tests {
		var l api.PsaCompanyList
		en.get("/partner/v1/psa/connectwise/companies"+tc.query, &l)
		var got []string
		for _, c := range l.Items {
			got = append(got, c.Name)
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: got %v, want %v", tc.query, got, tc.want)
		}
	}
	var l api.PsaCompanyList
	en.get("/partner/v1/psa/autotask/companies?pageTotal=true", &l)
	if *l.Pages.Items != 17 || l.Items[0].Psa != api.PsaAutotask {
		t.Fatalf("autotask companies: %d", *l.Pages.Items)
	}
	en.expectError(http.StatusBadRequest, "BadRequest", req{path: "/partner/v1/psa/autotask/companies?search=a"}, "2 characters")
	var c api.PsaCompany
	en.get("/partner/v1/psa/connectwise/companies/251", &c)
	if c.Name != "Alpine Dental Group" || c.Identifier == nil || *c.Identifier != "AlpineDental" {
		t.Fatalf("company = %+v", c)
	}
	en.expectError(http.StatusNotFound, "NotFound", req{path: "/partner/v1/psa/connectwise/companies/29682002"}, "Autotask company")
	en.expectError(http.StatusNotFound, "NotFound", req{path: "/partner/v1/psa/connectwise/companies/951"}, "no ConnectWise company")
	en.expectError(http.StatusBadRequest, "BadRequest", req{path: "/partner/v1/psa/connectwise/companies/abc"}, "integer")
}

func TestContracts(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	list := func(query string) []api.PsaContract {
		var l api.PsaContractList
		en.get("/partner/v1/psa/autotask/contracts"+query, &l)
		return l.Items
	}
	all := list("?pageSize=100")
	if len(all) != 16 {
		t.Fatalf("%d Autotask contracts listed, want 16 (the cancelled one is never listed)", len(all))
	}
	for _, c := range all {
		if c.Status == "cancelled" || c.CompanyName == "" {
			t.Fatalf("contract %+v", c)
		}
		wantUnique := c.Name != "Managed Security Services"
		if c.NameUnique != wantUnique {
			t.Errorf("contract %d %q nameUnique = %v", c.Id, c.Name, c.NameUnique)
		}
	}
	if got := list("?companyId=29682004"); len(got) != 2 {
		t.Fatalf("Cedar Ridge has %d contracts, want 2 (one expired)", len(got))
	}
	if got := list("?companyId=29682004&includeExpired=false"); len(got) != 1 || got[0].Status != "active" {
		t.Fatalf("without expired: %+v", got)
	}
	if got := list("?name=managed%20security%20SERVICES"); len(got) != 2 {
		t.Fatalf("by name: %+v", got)
	}
	if got := list("?companyId=29682011"); len(got) != 1 {
		t.Fatalf("Northgate: %+v (its cancelled contract must not be listed)", got)
	}
	var c api.PsaContract
	en.get("/partner/v1/psa/autotask/contracts/29684003", &c)
	if c.Status != "expired" || c.EndDate == nil || *c.EndDate != "2023-12-31" || c.CompanyName != "Cedar Ridge Veterinary Clinic" {
		t.Fatalf("expired contract = %+v", c)
	}
	en.expectError(http.StatusNotFound, "NotFound", req{path: "/partner/v1/psa/autotask/contracts/29684012"}, "cancelled")
	en.expectError(http.StatusNotFound, "NotFound", req{path: "/partner/v1/psa/autotask/contracts/501"}, "ConnectWise agreement")

	// nameUnique ignores cancelled contracts and follows out-of-band changes.
	if err := en.e.Admin().CancelContract(api.PsaAutotask, 29684011); err != nil {
		t.Fatal(err)
	}
	en.get("/partner/v1/psa/autotask/contracts/29684010", &c)
	if !c.NameUnique {
		t.Fatal("nameUnique stays false after the duplicate was cancelled")
	}
	if err := en.e.Admin().RenameContract(api.PsaConnectwise, 502, "alpine dental - managed security"); err != nil {
		t.Fatal(err)
	}
	en.get("/partner/v1/psa/connectwise/contracts/501", &c)
	if c.NameUnique {
		t.Fatal("ConnectWise agreement names differing only in case count as duplicates")
	}
}

const cmPath = "/partner/v1/psa/connectwise/customer-mappings/"

func TestCustomerMappingRules(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	// The seed has no agreement for the trial customer Quartz Analytics (company 263); add one,
	// so the trial case gets past the contract checks to the billing-type rule.
	quartzAgreement, err := en.e.Admin().AddContract(api.PsaConnectwise, NewContract{CompanyID: 263, Name: "Quartz Analytics - Trial"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		customer  string
		body      string
		status    int
		code      string
		field     string
		fragments []string
	}{
		{"company required", alpineDental, `{"contractId": 501}`, 400, "BadRequest", "companyId", []string{"companyId is required"}},
		{"unknown company", alpineDental, `{"companyId": 4242}`, 400, "BadRequest", "companyId", []string{"4242"}},
		{"company of the other PSA", alpineDental, `{"companyId": 29682002}`, 400, "BadRequest", "companyId", []string{"is an Autotask company"}},
		{"contract of the other PSA", alpineDental, `{"companyId": 251, "contractId": 29684001}`, 400, "BadRequest", "contractId", []string{"is an Autotask contract", "Pick an agreement of ConnectWise PSA"}},
		{"unknown contract", alpineDental, `{"companyId": 251, "contractId": 4242}`, 400, "BadRequest", "contractId", []string{"ConnectWise PSA has no agreement 4242"}},
		{"cancelled contract", northgate, `{"companyId": 260, "contractId": 512}`, 400, "BadRequest", "contractId", []string{"cancelled", "never synced", "another agreement"}},
		{"contract of another company", alpineDental, `{"companyId": 251, "contractId": 502}`, 400, "BadRequest", "contractId", []string{"Bayside Legal LLP", "Alpine Dental Group", "502"}},
		{"usage sync without contract", alpineDental, `{"companyId": 251, "usageSyncEnabled": true}`, 400, "BadRequest", "usageSyncEnabled", []string{"needs an agreement"}},
		{"usage sync for a term customer", greenfield, `{"companyId": 254, "contractId": 505, "usageSyncEnabled": true}`, 422, "UnprocessableEntity", "", []string{"Greenfield Manufacturing", "term-billed"}},
		{"usage sync for a trial customer", quartz, fmt.Sprintf(`{"companyId": 263, "contractId": %d, "usageSyncEnabled": true}`, quartzAgreement), 422, "UnprocessableEntity", "", []string{"Quartz Analytics Ltd", quartz, "trial-billed"}},
		{"unknown customer", "00000000-0000-4000-8000-000000000000", `{"companyId": 251}`, 404, "NotFound", "", []string{"not a customer of this partner"}},
		{"foreign partner's customer", fabrikam, `{"companyId": 251}`, 404, "NotFound", "", []string{"not a customer of this partner"}},
		{"bad customer id", "nope", `{"companyId": 251}`, 400, "BadRequest", "customerId", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			en := en.with(t)
			e := en.expectError(tc.status, tc.code, req{method: http.MethodPut, path: cmPath + tc.customer, body: tc.body}, tc.fragments...)
			if tc.field != "" && (e.Details == nil || (*e.Details)[0].Field != tc.field) {
				t.Fatalf("details = %+v, want field %s", e.Details, tc.field)
			}
		})
	}
	// Autotask calls it a contract, with its article.
	e := en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPut, path: "/partner/v1/psa/autotask/customer-mappings/" + alpineDental,
		body: `{"companyId": 29682002, "usageSyncEnabled": true}`}, "needs a contract")
	if e.Details == nil || (*e.Details)[0].Field != "usageSyncEnabled" {
		t.Fatalf("details = %+v, want field usageSyncEnabled", e.Details)
	}
}

func TestCustomerMappingLifecycle(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	var m api.CustomerMapping
	r := en.get(cmPath+alpineDental, &m)
	if m.Mapped || m.UsageSyncEnabled || !m.UsageSyncAvailable || m.CustomerName != "Alpine Dental Group" || r.header.Get("ETag") != `"0"` || m.LastSync != nil {
		t.Fatalf("fresh mapping = %s", r.body)
	}
	r = en.expect(http.StatusOK, req{method: http.MethodPut, path: cmPath + alpineDental, body: `{"companyId": 251, "contractId": 501, "usageSyncEnabled": true, "ticketSyncEnabled": true}`})
	mustUnmarshal(t, r.body, &m)
	if !m.Mapped || *m.CompanyName != "Alpine Dental Group" || *m.ContractName != "Alpine Dental - Managed Security" || *m.ContractStatus != "active" ||
		!*m.CompanyExists || !m.UsageSyncEnabled || !m.TicketSyncEnabled || r.header.Get("ETag") != `"1"` {
		t.Fatalf("mapped = %s", r.body)
	}
	// A second customer on the same company and contract conflicts, naming the first.
	en.expectError(http.StatusConflict, "Conflict", req{method: http.MethodPut, path: cmPath + bayside, body: `{"companyId": 251, "contractId": 501}`},
		"Alpine Dental Group", alpineDental)
	// ... but the same company without a contract is fine, and ticket sync alone works for a term customer.
	en.expect(http.StatusOK, req{method: http.MethodPut, path: cmPath + bayside, body: `{"companyId": 251, "ticketSyncEnabled": true}`})
	r = en.expect(http.StatusOK, req{method: http.MethodPut, path: cmPath + greenfield, body: `{"companyId": 254, "contractId": 505, "ticketSyncEnabled": true}`})
	mustUnmarshal(t, r.body, &m)
	if m.UsageSyncAvailable || m.UsageSyncEnabled || !m.TicketSyncEnabled {
		t.Fatalf("term customer = %s", r.body)
	}
	// Remapping the same customer to its own target is not a duplicate; a stale ETag is refused.
	en.expect(http.StatusOK, req{method: http.MethodPut, path: cmPath + alpineDental, body: `{"companyId": 251, "contractId": 501, "usageSyncEnabled": true}`, headers: map[string]string{"If-Match": `"1"`}})
	en.expectError(http.StatusPreconditionFailed, "PreconditionFailed", req{method: http.MethodPut, path: cmPath + alpineDental, body: `{"companyId": 251}`, headers: map[string]string{"If-Match": `"1"`}},
		"Alpine Dental Group")

	// Names are snapshots: a rename in the PSA shows after a refresh; live status is immediate.
	adm := en.e.Admin()
	if err := adm.RenameCompany(api.PsaConnectwise, 251, "Alpine Dental Group Ltd"); err != nil {
		t.Fatal(err)
	}
	if err := adm.DeactivateContract(api.PsaConnectwise, 501); err != nil {
		t.Fatal(err)
	}
	en.get(cmPath+alpineDental, &m)
	if *m.CompanyName != "Alpine Dental Group" || *m.ContractStatus != "inactive" {
		t.Fatalf("before refresh: %+v", m)
	}
	r = en.expect(http.StatusOK, req{method: http.MethodPost, path: cmPath + alpineDental + "/refresh"})
	mustUnmarshal(t, r.body, &m)
	if *m.CompanyName != "Alpine Dental Group Ltd" {
		t.Fatalf("after refresh: %s", r.body)
	}
	if err := adm.CancelContract(api.PsaConnectwise, 501); err != nil {
		t.Fatal(err)
	}
	en.get(cmPath+alpineDental, &m)
	if *m.ContractStatus != "cancelled" {
		t.Fatalf("contract status = %s", *m.ContractStatus)
	}
	if err := adm.RemoveCompany(api.PsaConnectwise, 251); err != nil {
		t.Fatal(err)
	}
	en.get(cmPath+alpineDental, &m)
	if *m.CompanyExists || *m.ContractStatus != "missing" || *m.CompanyName != "Alpine Dental Group Ltd" {
		t.Fatalf("after company removal: %+v", m)
	}

	// List and filters.
	var l api.CustomerMappingList
	en.get("/partner/v1/psa/connectwise/customer-mappings?pageTotal=true", &l)
	if *l.Pages.Items != 16 {
		t.Fatalf("%d customer mappings, want every tenant (16)", *l.Pages.Items)
	}
	en.get("/partner/v1/psa/connectwise/customer-mappings?usageSyncAvailable=false", &l)
	if len(l.Items) != 3 {
		t.Fatalf("%d customers without usage sync, want 3 (2 term, 1 trial)", len(l.Items))
	}
	en.get("/partner/v1/psa/connectwise/customer-mappings?usageSyncAvailable=true&pageTotal=true", &l)
	if *l.Pages.Items != 13 {
		t.Fatalf("%d usage customers, want 13", *l.Pages.Items)
	}
	en.expectError(http.StatusBadRequest, "BadRequest", req{path: "/partner/v1/psa/connectwise/customer-mappings?syncStatus=meh"}, "successful or failed")

	// Delete unmaps, switches both syncs off and clears the last sync; it is idempotent.
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: cmPath + bayside})
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: cmPath + bayside})
	var after api.CustomerMapping
	en.get(cmPath+bayside, &after)
	if after.Mapped || after.TicketSyncEnabled || after.CompanyId != nil {
		t.Fatalf("after delete: %+v", after)
	}
	en.expectError(http.StatusNotFound, "NotFound", req{method: http.MethodDelete, path: cmPath + fabrikam})
}

func TestUsageSyncPass(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	en := newEnv(t, func(o *Options) { o.Now = clock.Now })
	const at = "/partner/v1/psa/autotask/customer-mappings/"
	maps := []struct{ customer, body string }{
		{alpineDental, `{"companyId": 29682002, "contractId": 29684001, "usageSyncEnabled": true}`}, // ok
		{cedarRidge, `{"companyId": 29682004, "contractId": 29684003, "usageSyncEnabled": true}`},   // expired: ok
		{lakeview, `{"companyId": 29682009, "contractId": 29684008, "usageSyncEnabled": true}`},     // inactive
		{northgate, `{"companyId": 29682011, "contractId": 29684010, "usageSyncEnabled": true}`},    // duplicate name
		{riverside, `{"companyId": 29682015, "contractId": 29684011, "usageSyncEnabled": true}`},    // duplicate name
		{bayside, `{"companyId": 29682003, "contractId": 29684002, "usageSyncEnabled": true}`},      // company removed below
		{greenfield, `{"companyId": 29682005, "contractId": 29684005, "ticketSyncEnabled": true}`},  // no usage sync: skipped
	}
	for _, m := range maps {
		en.expect(http.StatusOK, req{method: http.MethodPut, path: at + m.customer, body: m.body})
	}
	adm := en.e.Admin()
	if err := adm.RemoveCompany(api.PsaAutotask, 29682003); err != nil {
		t.Fatal(err)
	}
	// Someone in the console switches a term customer's usage sync on anyway.
	if err := adm.SetCustomerMapping(api.PsaAutotask, greenfield, api.CustomerMappingInput{CompanyId: 29682005, ContractId: ptr(int64(29684005)), UsageSyncEnabled: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(30 * time.Minute)
	results := syncUsage(t, adm, api.PsaAutotask)
	want := map[string][]string{
		alpineDental: nil,
		cedarRidge:   nil,
		lakeview:     {"inactive"},
		northgate:    {"not unique", "29684011", "Riverside Credit Union"},
		riverside:    {"not unique", "29684010", "Northgate Property Management"},
		bayside:      {"no longer exists", "Bayside Legal LLP"},
		greenfield:   {"term-billed"},
	}
	if len(results) != len(want) {
		t.Fatalf("%d results, want %d: %+v", len(results), len(want), results)
	}
	for _, res := range results {
		frags, ok := want[res.CustomerID]
		if !ok {
			t.Fatalf("unexpected result %+v", res)
		}
		if (frags == nil) != (res.Status == api.SyncStatusSuccessful) || !res.At.Equal(clock.Now()) {
			t.Errorf("%s: %+v", res.CustomerName, res)
		}
		for _, f := range frags {
			if !strings.Contains(res.Error, f) {
				t.Errorf("%s: error %q lacks %q", res.CustomerName, res.Error, f)
			}
		}
	}
	var m api.CustomerMapping
	en.get(at+lakeview, &m)
	if m.LastSync == nil || m.LastSync.Status != api.SyncStatusFailed || m.LastSync.Error == nil || !m.LastSync.At.Equal(clock.Now()) {
		t.Fatalf("lastSync = %+v", m.LastSync)
	}
	var l api.CustomerMappingList
	en.get("/partner/v1/psa/autotask/customer-mappings?syncStatus=failed", &l)
	if len(l.Items) != 5 {
		t.Fatalf("%d failed customers, want 5", len(l.Items))
	}
	en.get("/partner/v1/psa/autotask/customer-mappings?syncStatus=successful", &l)
	if len(l.Items) != 2 {
		t.Fatalf("%d successful customers, want 2", len(l.Items))
	}
	var ints api.IntegrationList
	en.get("/partner/v1/psa/integrations", &ints)
	if ints.Items[1].LastUsageSyncAt == nil || !ints.Items[1].LastUsageSyncAt.Equal(clock.Now()) {
		t.Fatalf("lastUsageSyncAt = %v", ints.Items[1].LastUsageSyncAt)
	}
	// Changing the mapped contract clears the stale result; DELETE clears it too.
	en.expect(http.StatusOK, req{method: http.MethodPut, path: at + lakeview, body: `{"companyId": 29682009}`})
	var remapped api.CustomerMapping
	en.get(at+lakeview, &remapped)
	if remapped.LastSync != nil {
		t.Fatalf("lastSync kept after remapping: %+v", remapped.LastSync)
	}
	stored, err := adm.SyncResults(api.PsaAutotask)
	if err != nil || len(stored) != len(want) {
		t.Fatalf("stored results: %d, %v", len(stored), err)
	}
}

// TestUsageSyncContractOfAnotherCompany maps a customer, as a person in the console could,
// to its own company but to another company's contract: the API refuses that, and the sync
// pass must fail it instead of billing the other company's contract.
func TestUsageSyncContractOfAnotherCompany(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	adm := en.e.Admin()
	// Alpine Dental Group (company 29682002) with Bayside Legal's contract 29684002.
	if err := adm.SetCustomerMapping(api.PsaAutotask, alpineDental, api.CustomerMappingInput{
		CompanyId: 29682002, ContractId: ptr(int64(29684002)), UsageSyncEnabled: ptr(true),
	}); err != nil {
		t.Fatal(err)
	}
	results := syncUsage(t, adm, api.PsaAutotask)
	if len(results) != 1 || results[0].CustomerID != alpineDental || results[0].Status != api.SyncStatusFailed {
		t.Fatalf("results = %+v, want Alpine Dental failed", results)
	}
	for _, f := range []string{"Bayside Legal - Sophos MSP Flex", "29684002", "Bayside Legal LLP", "29682003", "Alpine Dental Group", "29682002", "a contract of Alpine Dental Group"} {
		if !strings.Contains(results[0].Error, f) {
			t.Errorf("error %q lacks %q", results[0].Error, f)
		}
	}
	var m api.CustomerMapping
	en.get("/partner/v1/psa/autotask/customer-mappings/"+alpineDental, &m)
	if m.LastSync == nil || m.LastSync.Status != api.SyncStatusFailed || m.LastSync.Error == nil || *m.LastSync.Error != results[0].Error {
		t.Fatalf("lastSync = %+v", m.LastSync)
	}
}
