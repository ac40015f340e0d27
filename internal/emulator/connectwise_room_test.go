package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
)

// TestConnectWiseAuthentication: the room takes an API member's Basic keys and the
// integration's clientId on every API call, answering ConnectWise's 401s otherwise;
// login/companyinfo needs neither and answers null for a company it does not know; a member
// whose security role only reads gets 403 on writes.
func TestConnectWiseAuthentication(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	var info cw.CompanyInfo
	mustUnmarshal(t, en.call(req{path: "/login/companyinfo/NORTHWINDIT", token: strp(""), partner: strp("")}).body, &info)
	if info.Codebase != cw.DefaultCodebase || info.CompanyName != "Northwind IT Services" || info.CompanyID != "northwindit" {
		t.Errorf("companyinfo = %+v", info)
	}
	if r := en.call(req{path: "/login/companyinfo/nobody", token: strp(""), partner: strp("")}); r.status != http.StatusOK || strings.TrimSpace(string(r.body)) != "null" {
		t.Errorf("unknown company: %d %s", r.status, r.body)
	}
	for _, tc := range []struct {
		name    string
		member  cwMember
		headers []string
		want    string
	}{
		{"wrong private key", cwMember{"northwindit", cwTerraform.public, "nope", cwTerraform.clientID}, nil, cw.MessageUserNotAuthenticated},
		{"unknown public key", cwMember{"northwindit", "nope", cwTerraform.private, cwTerraform.clientID}, nil, cw.MessageUserNotAuthenticated},
		{"other company", cwMember{"contoso", cwTerraform.public, cwTerraform.private, cwTerraform.clientID}, nil, cw.MessageUserNotAuthenticated},
		{"no clientId", cwMember{"northwindit", cwTerraform.public, cwTerraform.private, ""}, nil, "clientId header is required"},
		{"unknown clientId", cwMember{"northwindit", cwTerraform.public, cwTerraform.private, "00000000-0000-4000-8000-000000000000"}, nil, "clientId is not valid"},
		{"bearer token", cwTerraform, []string{"Authorization", "Bearer x"}, cw.MessageUserNotAuthenticated},
	} {
		r := en.cwCall(tc.member, http.MethodGet, cw.PathCatalog, nil, tc.headers...)
		if r.status != http.StatusUnauthorized {
			t.Errorf("%s: %d %s", tc.name, r.status, r.body)
			continue
		}
		cwError(t, r, cw.ErrorCodeConnectWiseAPI, tc.want)
	}
	if r := en.cwExpect(http.StatusOK, http.MethodGet, cw.PathCatalog, nil); r.header.Get(cw.CurrentVersionHeader) != cw.APIVersion {
		t.Errorf("%s: %q", cw.CurrentVersionHeader, r.header.Get(cw.CurrentVersionHeader))
	}
	if r := en.cwCall(cwReadOnly, http.MethodGet, cw.PathCatalog+"/101", nil); r.status != http.StatusOK {
		t.Errorf("read-only member reading: %d %s", r.status, r.body)
	}
	r := en.cwCall(cwReadOnly, http.MethodPatch, cw.PathCatalog+"/101", []cw.PatchOperation{{Op: cw.PatchReplace, Path: "price", Value: 1}})
	if r.status != http.StatusForbidden {
		t.Fatalf("read-only member writing: %d %s", r.status, r.body)
	}
	cwError(t, r, "Forbidden", "security role")
}

// TestConnectWiseListQuery: conditions, fields, orderBy, navigable paging with its Link
// header, forward-only paging with pageId and Link, and count, as ConnectWise documents them;
// a query it cannot read is 400 InvalidObject naming the parameter.
func TestConnectWiseListQuery(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	cond := url.QueryEscape(`identifier like "SOPHOS-CIX*" and inactiveFlag = False`)
	r := en.cwExpect(http.StatusOK, http.MethodGet, cw.PathCatalog+"?conditions="+cond+"&orderBy=identifier%20desc&fields=id,identifier,subcategory/name", nil)
	items := cwList[map[string]any](t, r)
	if got := ids(t, r); !slices.Equal(got, []int{101, 103, 102}) {
		t.Errorf("conditions and orderBy: ids %v", got)
	}
	if sub, _ := items[0]["subcategory"].(map[string]any); len(items[0]) != 3 || len(sub) != 1 || sub["name"] != "Endpoint Security" {
		t.Errorf("fields: %v", items[0])
	}

	// Navigable paging: page 2 of 3-record pages, Link with first, prev, next and last.
	r = en.cwExpect(http.StatusOK, http.MethodGet, cw.PathCatalog+"?pageSize=3&page=2&fields=id", nil)
	if got := ids(t, r); !slices.Equal(got, []int{104, 105, 106}) {
		t.Errorf("page 2: %v", got)
	}
	for _, rel := range []string{`page=1&pageSize=3>; rel="first"`, `page=1&pageSize=3>; rel="prev"`, `page=3&pageSize=3>; rel="next"`, `page=4&pageSize=3>; rel="last"`} {
		if !strings.Contains(r.header.Get("Link"), rel) {
			t.Errorf("Link %q lacks %q", r.header.Get("Link"), rel)
		}
	}

	// Forward-only: records after pageId by id, a next link naming the last id, the end an
	// empty page; conditions hold on every page.
	var seen []int
	pageID := 0
	for range 10 {
		r = en.cwExpect(http.StatusOK, http.MethodGet, cw.PathCatalog+"?pageSize=5&fields=id&conditions="+url.QueryEscape("price > 2")+"&pageId="+strconv.Itoa(pageID),
			nil, cw.PaginationTypeHeader, cw.PaginationForwardOnly)
		page := ids(t, r)
		if len(page) == 0 {
			if r.header.Get("Link") != "" {
				t.Errorf("empty page has a Link: %s", r.header.Get("Link"))
			}
			break
		}
		seen = append(seen, page...)
		pageID = page[len(page)-1]
		if want := `pageId=` + strconv.Itoa(pageID); !strings.Contains(r.header.Get("Link"), want) || !strings.Contains(r.header.Get("Link"), `rel="next"`) {
			t.Errorf("Link %q lacks %s", r.header.Get("Link"), want)
		}
	}
	if !slices.Equal(seen, []int{101, 102, 103, 104, 105, 106, 108, 110, 111, 112}) {
		t.Errorf("forward-only pages: %v", seen)
	}

	var n cw.Count
	mustUnmarshal(t, en.cwExpect(http.StatusOK, http.MethodGet, cw.PathCatalog+cw.PathCount+"?conditions="+url.QueryEscape("inactiveFlag = True"), nil).body, &n)
	if n.Count != 1 {
		t.Errorf("count of inactive items: %d", n.Count)
	}

	for _, tc := range []struct{ query, param, code string }{
		{"conditions=" + url.QueryEscape("identifier == 1"), "conditions", cw.ErrorCodeInvalidObject},
		{"conditions=" + url.QueryEscape("nosuch = 1"), "conditions", cw.ErrorCodeInvalidObject},
		{"conditions=" + url.QueryEscape(`price = "x"`), "conditions", cw.ErrorCodeInvalidObject},
		{"pageSize=1001", "pageSize", cw.ErrorCodeOutOfRange},
		{"pageSize=0", "pageSize", cw.ErrorCodeOutOfRange},
		{"fields=id,nosuch", "fields", cw.ErrorCodeInvalidObject},
		{"orderBy=identifier%20sideways", "orderBy", cw.ErrorCodeInvalidObject},
	} {
		r := en.cwCall(cwTerraform, http.MethodGet, cw.PathCatalog+"?"+tc.query, nil)
		if r.status != http.StatusBadRequest {
			t.Errorf("%s: %d %s", tc.query, r.status, r.body)
			continue
		}
		e := cwError(t, r, cw.ErrorCodeInvalidObject)
		if len(e.Errors) != 1 || e.Errors[0].Field != tc.param || e.Errors[0].Code != tc.code {
			t.Errorf("%s: errors %+v", tc.query, e.Errors)
		}
	}
	r = en.cwCall(cwTerraform, http.MethodGet, cw.PathCatalog+"?orderBy=id%20desc", nil, cw.PaginationTypeHeader, cw.PaginationForwardOnly)
	if r.status != http.StatusBadRequest || !strings.Contains(string(r.body), "forward-only") {
		t.Errorf("orderBy with forward-only paging: %d %s", r.status, r.body)
	}
}

// TestConnectWiseSharesTheDatabase: the room serves the same rows as the Sophos side: a
// product created through the integration is a catalog item, an item created here is a
// product there; companies in the recycle bin and cancelled agreements are ConnectWise's to
// show, never the integration's.
func TestConnectWiseSharesTheDatabase(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	var viaSophos api.PsaProduct
	mustUnmarshal(t, en.expect(http.StatusCreated, req{method: http.MethodPost, path: "/partner/v1/psa/connectwise/products",
		body: map[string]any{"identifier": "SOPHOS-ZTNA", "description": "Sophos ZTNA", "subcategory": map[string]any{"name": "Network Security"},
			"category": map[string]any{"name": "Services"}, "type": map[string]any{"name": "Service"}, "price": 1.5}}).body, &viaSophos)
	var item cw.CatalogItem
	mustUnmarshal(t, en.cwExpect(http.StatusOK, http.MethodGet, cw.PathCatalog+"/"+strconv.FormatInt(viaSophos.Id, 10), nil).body, &item)
	if item.Identifier != "SOPHOS-ZTNA" || item.Category == nil || item.Category.Name != "Services" || item.Subcategory.Name != "Network Security" ||
		*item.Price != 1.5 || item.UnitOfMeasure == nil || item.UnitOfMeasure.Name != "Each" || item.Info.LastUpdated() == "" ||
		item.Info[cw.InfoUpdatedBy] != "SophosCentral" {
		t.Errorf("the integration's product as a catalog item: %+v", item)
	}

	mustUnmarshal(t, en.cwExpect(http.StatusCreated, http.MethodPost, cw.PathCatalog, cw.CatalogItem{
		Identifier: "NW-XDR", Description: "Northwind XDR", CustomerDescription: "Managed XDR",
		Subcategory: &cw.Reference{ID: 21}, Type: &cw.Reference{ID: 2}, Price: ptr(9.0), Manufacturer: &cw.Reference{ID: 3},
	}).body, &item)
	var viaCW api.PsaProduct
	en.get("/partner/v1/psa/connectwise/products/"+strconv.Itoa(item.ID), &viaCW)
	if viaCW.Identifier != "NW-XDR" || viaCW.CustomerDescription != "Managed XDR" || *viaCW.Category.Name != "Services" || viaCW.Price != 9 {
		t.Errorf("the catalog item through the integration: %+v", viaCW)
	}
	if item.Info[cw.InfoUpdatedBy] != "TerraformAPI" || item.Manufacturer == nil || item.Manufacturer.Name != "Northwind IT Services" {
		t.Errorf("created item: %+v", item)
	}

	var companies api.PsaCompanyList
	en.get("/partner/v1/psa/connectwise/companies?pageSize=100", &companies)
	for _, c := range companies.Items {
		if c.Id == 268 {
			t.Error("the integration offers a company in the recycle bin")
		}
	}
	en.expect(http.StatusNotFound, req{path: "/partner/v1/psa/connectwise/companies/268"})
	deleted := cwList[cw.Company](t, en.cwExpect(http.StatusOK, http.MethodGet, cw.PathCompanies+"?conditions=deletedFlag%3DTrue", nil))
	if len(deleted) != 1 || deleted[0].ID != 268 || !*deleted[0].DeletedFlag || deleted[0].DateDeleted == nil {
		t.Errorf("recycle bin: %+v", deleted)
	}
	cancelled := cwList[cw.Agreement](t, en.cwExpect(http.StatusOK, http.MethodGet, cw.PathAgreements+"?conditions=cancelledFlag%3DTrue", nil))
	if len(cancelled) != 1 || cancelled[0].ID != 512 || *cancelled[0].AgreementStatus != cw.AgreementStatusCancelled {
		t.Errorf("cancelled agreements: %+v", cancelled)
	}
	var ag cw.Agreement
	mustUnmarshal(t, en.cwExpect(http.StatusOK, http.MethodGet, cw.PathAgreements+"/503", nil).body, &ag)
	if *ag.AgreementStatus != cw.AgreementStatusExpired || *ag.EndDate != "2023-12-31T00:00:00Z" || ag.Company.ID != 253 || ag.Company.Name != "Cedar Ridge Veterinary Clinic" {
		t.Errorf("agreement 503: %+v", ag)
	}
	subs := cwList[cw.Subcategory](t, en.cwExpect(http.StatusOK, http.MethodGet, cw.PathCategories+"/3/subcategories", nil))
	if len(subs) != 3 || subs[2].Name != "Network Security" || subs[2].Category.Name != "Hardware" {
		t.Errorf("subcategories of Hardware: %+v", subs)
	}
	if got := ids(t, en.cwExpect(http.StatusOK, http.MethodGet, cw.PathSubcategories+"?conditions="+url.QueryEscape(`name = "network security"`), nil)); !slices.Equal(got, []int{24, 33}) {
		t.Errorf("subcategories named Network Security: %v", got)
	}
	en.cwExpect(http.StatusNotFound, http.MethodGet, cw.PathCatalog+"/29680001", nil) // an Autotask product
}
