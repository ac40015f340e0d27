package seed

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
)

// Validate checks the seed and fills in defaults. The error lists every problem, each with
// its path in the document (e.g. `partners[0].tenants[3].billingType`).
func (s *Seed) Validate() error {
	v := &seedValidator{
		productIDs:  map[int64]string{},
		companyIDs:  map[int64]string{},
		contractIDs: map[int64]string{},
		tenantIDs:   map[string]string{},
	}
	v.validate(s)
	if len(v.problems) == 0 {
		return nil
	}
	return fmt.Errorf("%d problem(s):\n  %s", len(v.problems), strings.Join(v.problems, "\n  "))
}

type seedValidator struct {
	problems    []string
	productIDs  map[int64]string
	companyIDs  map[int64]string
	contractIDs map[int64]string
	tenantIDs   map[string]string // tenant id -> partner id
	sophos      map[string]bool   // identifier -> has usage
}

func (v *seedValidator) addf(path, format string, args ...any) {
	v.problems = append(v.problems, path+": "+fmt.Sprintf(format, args...))
}

func (v *seedValidator) required(path, value string) bool {
	if strings.TrimSpace(value) == "" {
		v.addf(path, "is required")
		return false
	}
	return true
}

func (v *seedValidator) oneOf(path, value string, allowed ...string) {
	for _, a := range allowed {
		if value == a {
			return
		}
	}
	v.addf(path, "must be one of %s (got %q)", strings.Join(allowed, ", "), value)
}

func (v *seedValidator) maxLen(path, value string, n int) {
	if len([]rune(value)) > n {
		v.addf(path, "must be at most %d characters (got %d)", n, len([]rune(value)))
	}
}

func (v *seedValidator) isUUID(path, value string) bool {
	if !v.required(path, value) {
		return false
	}
	if _, err := uuid.Parse(value); err != nil {
		v.addf(path, "must be a UUID (got %q)", value)
		return false
	}
	return true
}

func (v *seedValidator) date(path, value string) {
	if _, err := time.Parse(time.DateOnly, value); err != nil {
		v.addf(path, "must be a date YYYY-MM-DD (got %q)", value)
	}
}

func (v *seedValidator) uniqueID(path string, id int64, seen map[int64]string) {
	if id <= 0 {
		v.addf(path, "must be a positive integer")
		return
	}
	if prev, ok := seen[id]; ok {
		v.addf(path, "id %d is already used at %s (ids are unique across partners and PSAs)", id, prev)
		return
	}
	seen[id] = path
}

func (v *seedValidator) validate(s *Seed) {
	v.sophos = map[string]bool{}
	for i := range s.SophosProducts {
		p := &s.SophosProducts[i]
		path := fmt.Sprintf("sophosProducts[%d]", i)
		if v.required(path+".identifier", p.Identifier) {
			if _, dup := v.sophos[p.Identifier]; dup {
				v.addf(path+".identifier", "duplicate Sophos product %q", p.Identifier)
			}
		}
		v.required(path+".name", p.Name)
		if p.HasUsage == nil {
			p.HasUsage = ptr(true)
		}
		v.sophos[p.Identifier] = *p.HasUsage
	}
	if len(s.Partners) == 0 {
		v.addf("partners", "at least one partner is required")
	}
	partnerIDs := map[string]bool{}
	for i := range s.Partners {
		p := &s.Partners[i]
		path := fmt.Sprintf("partners[%d]", i)
		p.ID = strings.ToLower(p.ID)
		if v.isUUID(path+".id", p.ID) {
			if partnerIDs[p.ID] {
				v.addf(path+".id", "duplicate partner id %s", p.ID)
			}
			partnerIDs[p.ID] = true
		}
		v.required(path+".name", p.Name)
		v.partner(path, p)
	}
	v.credentials(s, partnerIDs)
	v.billing(s)
}

func (v *seedValidator) credentials(s *Seed, partnerIDs map[string]bool) {
	seen := map[string]bool{}
	hasPartnerCredential := false
	for i := range s.Credentials {
		c := &s.Credentials[i]
		path := fmt.Sprintf("credentials[%d]", i)
		if v.required(path+".clientId", c.ClientID) {
			if seen[c.ClientID] {
				v.addf(path+".clientId", "duplicate clientId %q", c.ClientID)
			}
			seen[c.ClientID] = true
		}
		v.required(path+".clientSecret", c.ClientSecret)
		c.PartnerID, c.TenantID = strings.ToLower(c.PartnerID), strings.ToLower(c.TenantID)
		if c.IDType == "" {
			c.IDType = string(api.WhoamiIdTypePartner)
		}
		switch c.IDType {
		case string(api.WhoamiIdTypePartner):
			hasPartnerCredential = true
			if v.isUUID(path+".partnerId", c.PartnerID) && !partnerIDs[c.PartnerID] {
				v.addf(path+".partnerId", "no partner with id %s in partners", c.PartnerID)
			}
		case string(api.WhoamiIdTypeTenant):
			if v.isUUID(path+".tenantId", c.TenantID) {
				if _, ok := v.tenantIDs[c.TenantID]; !ok {
					v.addf(path+".tenantId", "no tenant with id %s in any partner", c.TenantID)
				}
			}
		default:
			v.oneOf(path+".idType", c.IDType, string(api.WhoamiIdTypePartner), string(api.WhoamiIdTypeTenant))
		}
	}
	if !hasPartnerCredential {
		v.addf("credentials", "at least one credential with idType partner is required")
	}
}

func (v *seedValidator) partner(path string, p *Partner) {
	for i := range p.Tenants {
		t := &p.Tenants[i]
		tp := fmt.Sprintf("%s.tenants[%d]", path, i)
		t.ID = strings.ToLower(t.ID)
		if v.isUUID(tp+".id", t.ID) {
			if _, dup := v.tenantIDs[t.ID]; dup {
				v.addf(tp+".id", "duplicate tenant id %s", t.ID)
			}
			v.tenantIDs[t.ID] = p.ID
		}
		v.required(tp+".name", t.Name)
		if t.ShowAs == "" {
			t.ShowAs = t.Name
		}
		v.oneOf(tp+".billingType", t.BillingType, api.Strings(api.BillingTypes())...)
		if t.DataRegion == "" {
			t.DataRegion = "eu01"
		}
		if t.Status == "" {
			t.Status = "active"
		}
	}
	seenPSA := map[string]bool{}
	for i := range p.Integrations {
		in := &p.Integrations[i]
		ip := fmt.Sprintf("%s.integrations[%d]", path, i)
		v.oneOf(ip+".psa", in.PSA, api.Strings(api.PSAs())...)
		if seenPSA[in.PSA] {
			v.addf(ip+".psa", "duplicate integration for %s", in.PSA)
		}
		seenPSA[in.PSA] = true
		if in.Name == "" {
			in.Name = api.Psa(in.PSA).DisplayName()
		}
		if in.Status == "" {
			in.Status = string(api.IntegrationStatusConnected)
		}
		v.oneOf(ip+".status", in.Status, api.Strings(api.IntegrationStatuses())...)
		if in.UsageSyncSchedule == "" {
			in.UsageSyncSchedule = string(api.IntegrationUsageSyncScheduleWithInvoice)
		}
		v.oneOf(ip+".usageSyncSchedule", in.UsageSyncSchedule, api.Strings(api.UsageSyncFrequencies())...)
		v.integration(ip, in)
	}
	companies := map[string]map[int64]bool{"connectwise": {}, "autotask": {}}
	contracts := map[string]map[int64]seedContractRef{"connectwise": {}, "autotask": {}}
	products := map[string]map[int64]bool{"connectwise": {}, "autotask": {}}
	if cw := p.ConnectWise; cw != nil {
		ref := v.reference(path+".connectwise", cw)
		v.products(path+".connectwise.products", cw.Products, ref, products["connectwise"])
		v.companies(path+".connectwise.companies", cw.Companies, companies["connectwise"])
		v.contracts(path+".connectwise.agreements", cw.Agreements, companies["connectwise"], contracts["connectwise"])
		v.additions(path+".connectwise.additions", cw.Additions, products["connectwise"], contracts["connectwise"])
		v.notAutotask(path+".connectwise", cw)
	}
	if at := p.Autotask; at != nil {
		v.products(path+".autotask.products", at.Products, nil, products["autotask"])
		v.companies(path+".autotask.companies", at.Companies, companies["autotask"])
		for i, c := range at.Companies {
			if c.Deleted {
				v.addf(fmt.Sprintf("%s.autotask.companies[%d].deleted", path, i), "only ConnectWise companies can be in a recycle bin")
			}
		}
		v.contracts(path+".autotask.contracts", at.Contracts, companies["autotask"], contracts["autotask"])
		v.autotask(path+".autotask", at)
	}
	v.mappings(path, p, products, companies, contracts)
}

type seedContractRef struct {
	companyID int64
	status    string
}

func (v *seedValidator) companies(path string, list []Company, into map[int64]bool) {
	for i, c := range list {
		cp := fmt.Sprintf("%s[%d]", path, i)
		v.uniqueID(cp+".id", c.ID, v.companyIDs)
		into[c.ID] = true
		v.required(cp+".name", c.Name)
	}
}

func (v *seedValidator) contracts(path string, list []Contract, companies map[int64]bool, into map[int64]seedContractRef) {
	for i, c := range list {
		cp := fmt.Sprintf("%s[%d]", path, i)
		v.uniqueID(cp+".id", c.ID, v.contractIDs)
		into[c.ID] = seedContractRef{companyID: c.CompanyID, status: c.Status}
		v.required(cp+".name", c.Name)
		if !companies[c.CompanyID] {
			v.addf(cp+".companyId", "no company with id %d in this PSA", c.CompanyID)
		}
		v.oneOf(cp+".status", c.Status, store.ContractStatuses()...)
		v.date(cp+".startDate", c.StartDate)
		if c.EndDate != "" {
			v.date(cp+".endDate", c.EndDate)
		}
	}
}

func (v *seedValidator) mappings(path string, p *Partner, products, companies map[string]map[int64]bool, contracts map[string]map[int64]seedContractRef) {
	for i := range p.ProductMappings {
		m := &p.ProductMappings[i]
		mp := fmt.Sprintf("%s.productMappings[%d]", path, i)
		v.oneOf(mp+".psa", m.PSA, api.Strings(api.PSAs())...)
		if usage, ok := v.sophos[m.SophosProduct]; !ok || !usage {
			v.addf(mp+".sophosProduct", "%q is not a Sophos product with usage in sophosProducts", m.SophosProduct)
		}
		if !products[m.PSA][m.PsaProductID] {
			v.addf(mp+".psaProductId", "no %s product with id %d for this partner", m.PSA, m.PsaProductID)
		}
		if m.SyncEnabled == nil {
			m.SyncEnabled = ptr(true)
		}
	}
	for i := range p.CustomerMappings {
		m := &p.CustomerMappings[i]
		mp := fmt.Sprintf("%s.customerMappings[%d]", path, i)
		m.CustomerID = strings.ToLower(m.CustomerID)
		v.oneOf(mp+".psa", m.PSA, api.Strings(api.PSAs())...)
		if v.tenantIDs[m.CustomerID] != p.ID {
			v.addf(mp+".customerId", "no tenant %s in this partner", m.CustomerID)
		}
		if !companies[m.PSA][m.CompanyID] {
			v.addf(mp+".companyId", "no %s company with id %d for this partner", m.PSA, m.CompanyID)
		}
		if m.ContractID != nil {
			c, ok := contracts[m.PSA][*m.ContractID]
			switch {
			case !ok:
				v.addf(mp+".contractId", "no %s contract with id %d for this partner", m.PSA, *m.ContractID)
			case c.companyID != m.CompanyID:
				v.addf(mp+".contractId", "contract %d belongs to company %d, not %d", *m.ContractID, c.companyID, m.CompanyID)
			}
		} else if m.UsageSyncEnabled {
			v.addf(mp+".usageSyncEnabled", "usage sync needs a contractId")
		}
	}
}
