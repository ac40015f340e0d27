package emulator

import (
	"net/http"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
)

// autotaskSeedYAML is an Autotask database whose picklists differ from the defaults: other
// status and type values and labels, a service bundle, contract services with units, an
// inactive company and an API user whose security level hides contracts.
const autotaskSeedYAML = `
credentials:
  - {clientId: at-client, clientSecret: at-secret, partnerId: 55555555-5555-4555-8555-555555555555}
partners:
  - id: 55555555-5555-4555-8555-555555555555
    name: Picklist MSP
    tenants:
      - {id: 66666666-6666-4666-8666-666666666666, name: Customer One, billingType: usage}
    integrations:
      - psa: autotask
        credentials: {userName: sophos@picklist.example, secret: sophos-secret, integrationCode: PICKLISTSOPHOS}
        apiUsers:
          - {userName: terraform@picklist.example, secret: tf-secret, integrationCode: PICKLISTTERRAFORM}
          - {userName: restricted@picklist.example, secret: r-secret, integrationCode: PICKLISTTERRAFORM, cannotSee: [Contracts]}
    autotask:
      picklists:
        - entity: Contracts
          field: status
          values:
            - {value: 11, label: In Effect, default: true}
            - {value: 12, label: On Hold}
            - {value: 13, label: Lapsed}
            - {value: 14, label: Cancelled by Customer}
            - {value: 15, label: Old Cancelled, inactive: true}
        - entity: Contracts
          field: contractType
          values:
            - {value: 21, label: Managed Services, default: true}
            - {value: 22, label: Project Work}
        - entity: ServiceBundles
          field: periodType
          values:
            - {value: 41, label: Per Month}
            - {value: 42, label: Per Year, default: true}
      products:
        - {id: 7001, identifier: SVC-IXA, description: Intercept X Advanced, price: 4.5, cost: 3}
        - {id: 7002, identifier: SVC-MDR, description: MDR Complete, price: 11, cost: 7.4, periodType: Quarterly}
        - {id: 7003, identifier: SVC-EP, description: Endpoint (legacy), inactive: true, notes: legacy, vendorSku: VSKU-3, integrationXRef: Sophos_Endpoint_Protection}
        - {id: 7010, identifier: NW-BUNDLE, description: Managed Endpoint Bundle, productClass: Bundle, price: 20, services: [7001, 7002]}
      companies:
        - {id: 8001, name: Customer One Ltd, identifier: "C1"}
        - {id: 8002, name: Gone Ltd, identifier: "C2", inactive: true}
      contracts:
        - id: 8101
          companyId: 8001
          name: Customer One - Flex
          status: active
          startDate: "2024-01-01"
          services:
            - serviceId: 7001
              adjustedPrice: 3.5
              units:
                - {units: 10, startDate: "2024-01-01", endDate: "2024-01-31"}
                - {units: 12, startDate: "2024-02-01", endDate: "2024-02-29"}
        - {id: 8102, companyId: 8001, name: Customer One - On Hold, status: inactive, startDate: "2024-01-01", type: Project Work}
        - {id: 8103, companyId: 8001, name: Customer One - 2023, status: expired, startDate: "2023-01-01", endDate: "2023-12-31"}
        - {id: 8104, companyId: 8001, name: Customer One - Old, status: cancelled, startDate: "2022-01-01", endDate: "2022-12-31"}
`

func autotaskTestSeed(t *testing.T) *Seed {
	t.Helper()
	s, err := ParseSeed([]byte(autotaskSeedYAML), "autotask seed")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestAutotaskPicklistsOfTheDatabase: entityInformation/fields answers the seed's
// picklists, and contracts carry their values.
func TestAutotaskPicklistsOfTheDatabase(t *testing.T) {
	t.Parallel()
	a := newAtEnv(t, Options{Seed: autotaskTestSeed(t)})
	a.header = map[string]string{at.HeaderUserName: "terraform@picklist.example", at.HeaderSecret: "tf-secret", at.HeaderIntegrationCode: "PICKLISTTERRAFORM"}
	var fields at.EntityFields
	a.ok(http.MethodGet, at.VersionPath+"Contracts/entityInformation/fields", nil, &fields)
	picklists := map[string][]at.PicklistValue{}
	for _, f := range fields.Fields {
		if f.IsPickList {
			picklists[f.Name] = f.PicklistValues
		}
		if f.Name == "id" && (!f.IsReadOnly || f.DataType != "long") || f.Name == "startDate" && f.DataType != "datetime" || f.Name == "userDefinedFields" {
			t.Errorf("field %+v", f)
		}
	}
	if st := picklists["status"]; len(st) != 5 || st[0].Value != "11" || st[0].Label != "In Effect" || !st[0].IsDefaultValue || st[4].IsActive || st[4].SortOrder != 5 {
		t.Fatalf("status picklist = %+v", st)
	}
	if ct := picklists["contractType"]; len(ct) != 2 || ct[1].Label != "Project Work" {
		t.Fatalf("contractType picklist = %+v", ct)
	}
	page := a.query(at.EntityContracts, at.Query{Filter: all(), IncludeFields: []string{"id", "status", "contractType"}})
	want := map[float64][2]float64{8101: {11, 21}, 8102: {12, 22}, 8103: {13, 21}, 8104: {14, 21}}
	for _, c := range page.Items {
		if w := want[c["id"].(float64)]; c["status"] != w[0] || c["contractType"] != w[1] { //nolint:forcetypeassert // the test's own data
			t.Errorf("contract %v, want status %v and type %v", c, w[0], w[1])
		}
	}
	// Services keep the default period types; the bundles' were replaced.
	var sf at.EntityFields
	a.ok(http.MethodGet, at.VersionPath+"Services/entityInformation/fields", nil, &sf)
	for _, f := range sf.Fields {
		if f.Name == "periodType" && (len(f.PicklistValues) != 4 || f.PicklistValues[1].Label != "Quarterly") {
			t.Errorf("Services periodType = %+v", f.PicklistValues)
		}
	}
	mdr := a.query(at.EntityServices, at.Query{Filter: []at.Filter{{Op: at.OpEq, Field: "sku", Value: "svc-mdr"}}})
	if len(mdr.Items) != 1 || mdr.Items[0]["periodType"] != float64(2) {
		t.Errorf("MDR service = %v", mdr.Items)
	}
	companies := a.query(at.EntityCompanies, at.Query{Filter: []at.Filter{{Op: at.OpEq, Field: "isActive", Value: false}}})
	if len(companies.Items) != 1 || companies.Items[0]["companyName"] != "Gone Ltd" {
		t.Errorf("inactive companies = %v", companies.Items)
	}
}

// TestAutotaskRestrictedSecurityLevel: a security level that hides an entity answers
// nothing for it, not an error.
func TestAutotaskRestrictedSecurityLevel(t *testing.T) {
	t.Parallel()
	a := newAtEnv(t, Options{Seed: autotaskTestSeed(t)})
	a.header = map[string]string{at.HeaderUserName: "restricted@picklist.example", at.HeaderSecret: "r-secret", at.HeaderIntegrationCode: "PICKLISTTERRAFORM"}
	if page := a.query(at.EntityContracts, at.Query{Filter: all()}); len(page.Items) != 0 {
		t.Errorf("a user that cannot see contracts got %d", len(page.Items))
	}
	var n at.CountResponse
	a.ok(http.MethodPost, at.VersionPath+"Contracts/query/count", at.Query{Filter: all()}, &n)
	if n.QueryCount != 0 {
		t.Errorf("count = %d", n.QueryCount)
	}
	a.refused(http.StatusNotFound, http.MethodGet, at.VersionPath+"Contracts/8101", nil, nil)
	if page := a.query(at.EntityCompanies, at.Query{Filter: all()}); len(page.Items) != 2 {
		t.Errorf("companies = %d, want 2", len(page.Items))
	}
}

func TestAutotaskSeedRules(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, from, to string
		fragments      []string
	}{
		{"no cancelled status", "{value: 14, label: Cancelled by Customer}", "{value: 14, label: Closed}",
			[]string{"autotask.picklists", "Contracts.status needs an active value whose label reads as cancelled", "cancel, terminat"}},
		{"cancelled status only inactive", "{value: 14, label: Cancelled by Customer}", "{value: 14, label: Cancelled by Customer, inactive: true}",
			[]string{"reads as cancelled"}},
		{"no default type", "{value: 21, label: Managed Services, default: true}", "{value: 21, label: Managed Services}", []string{"contractType needs a default"}},
		{"two defaults", "{value: 12, label: On Hold}", "{value: 12, label: On Hold, default: true}", []string{"picklists[0].values", "at most one value is the default"}},
		{"duplicate value", "{value: 12, label: On Hold}", "{value: 11, label: On Hold}", []string{"picklists[0].values[1].value", "duplicate value 11"}},
		{"unknown entity", "entity: ServiceBundles", "entity: Tickets", []string{"picklists[2].entity"}},
		{"unknown type", "type: Project Work", "type: Retainer", []string{"contracts[1].type", `"Retainer" is not a contractType`, `"Project Work"`}},
		{"unknown period", "periodType: Quarterly", "periodType: Weekly", []string{"products[1].periodType", `"Weekly"`}},
		{"taxable service", "price: 4.5, cost: 3}", "price: 4.5, cost: 3, taxable: true}", []string{"products[0].taxable", "no taxable flag"}},
		{"non-inventory service", "price: 4.5, cost: 3}", "price: 4.5, cost: 3, productClass: NonInventory}", []string{"products[0].productClass", "Service, Bundle"}},
		{"services of a service", "price: 11, cost: 7.4, periodType: Quarterly}", "price: 11, cost: 7.4, periodType: Quarterly, services: [7001]}", []string{"products[1].services", "only a service bundle"}},
		{"bundle in a bundle", "services: [7001, 7002]", "services: [7001, 7010]", []string{"products[3].services", "7010 is not a service"}},
		{"contract service of a bundle", "- serviceId: 7001", "- serviceId: 7010", []string{"contracts[0].services[0].serviceId"}},
		{"units ending before they start", `{units: 12, startDate: "2024-02-01", endDate: "2024-02-29"}`, `{units: 12, startDate: "2024-02-01", endDate: "2024-01-29"}`,
			[]string{"services[0].units[1]", "must not end before it starts"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if !strings.Contains(autotaskSeedYAML, tc.from) {
				t.Fatalf("the test seed has no %q", tc.from)
			}
			_, err := ParseSeed([]byte(strings.Replace(autotaskSeedYAML, tc.from, tc.to, 1)), "bad")
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
	bad := strings.Replace(userSeedJSON, `"subcategory": "security"`, `"subcategory": "security", "periodType": "Monthly"`, 1)
	if _, err := ParseSeed([]byte(bad), "cw"); err == nil || !strings.Contains(err.Error(), "periodType and services are Autotask fields") {
		t.Errorf("a ConnectWise product with an Autotask field: %v", err)
	}
}

// TestAutotaskSharedRowsInTheIntegration: the PSA Integration API serves the same rows; an
// inactive company is not offered there either.
func TestAutotaskSharedRowsInTheIntegration(t *testing.T) {
	t.Parallel()
	e := StartForTest(t, Options{Seed: autotaskTestSeed(t)})
	en := &env{t: t, e: e, http: http.DefaultClient, partner: "55555555-5555-4555-8555-555555555555"}
	en.token = en.getToken("at-client", "at-secret")
	var companies api.PsaCompanyList
	en.get("/partner/v1/psa/autotask/companies", &companies)
	if len(companies.Items) != 1 || companies.Items[0].Id != 8001 {
		t.Errorf("companies = %+v, want only the active one", companies.Items)
	}
	var gone api.PsaCompany
	en.get("/partner/v1/psa/autotask/companies/8002", &gone)
	var products api.PsaProductList
	en.get("/partner/v1/psa/autotask/products?includeInactive=true", &products)
	classes := map[int64]api.ProductClass{}
	for _, p := range products.Items {
		classes[p.Id] = p.ProductClass
	}
	if classes[7001] != api.ProductClassService || classes[7010] != api.ProductClassBundle || len(classes) != 4 {
		t.Errorf("product classes = %v", classes)
	}
}
