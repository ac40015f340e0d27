package seed

import (
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
)

// The seed's rules for single objects the console adds later (the admin API): each check
// fills in the object's defaults as a seed would and returns its problems, worded with the
// object's name as the path ("tenant.billingType: ...").

// CheckTenant validates a customer of partnerID.
func CheckTenant(partnerID string, t *Tenant) []string {
	v := seedValidator{tenantIDs: map[string]string{}}
	p := Partner{ID: partnerID, Tenants: []Tenant{*t}}
	v.partner("tenant", &p)
	*t = p.Tenants[0]
	return v.problems
}

// CheckContract validates a contract of an existing company.
func CheckContract(c Contract) []string {
	v := seedValidator{contractIDs: map[int64]string{}}
	v.contracts("contract", []Contract{c}, map[int64]bool{c.CompanyID: true}, map[int64]seedContractRef{})
	return v.problems
}

// CheckProduct validates a product; ref is the partner's ConnectWise reference data, nil
// for an Autotask product.
func CheckProduct(p *Product, ref *api.CatalogReference) []string {
	v := seedValidator{productIDs: map[int64]string{}}
	var names *seedRefData
	if ref != nil {
		names = newRefData()
		for _, c := range ref.Categories {
			names.categories[strings.ToLower(c.Name)] = true
			for _, s := range c.Subcategories {
				names.add(c.Name, *s.Name)
			}
		}
		for _, t := range ref.ProductTypes {
			names.types[store.Fold(*t.Name)] = true
		}
		for _, u := range ref.UnitsOfMeasure {
			names.units[store.Fold(*u.Name)] = true
		}
	}
	list := []Product{*p}
	v.products("product", list, names, map[int64]bool{})
	*p = list[0]
	return v.problems
}

// CheckBillingLine validates a usage line of partnerID: customerPartner is the partner of
// its customer ("" when there is no such customer), codes the billing product codes.
func CheckBillingLine(partnerID string, l *BillingLine, customerPartner string, codes []string) []string {
	s := &Seed{Partners: []Partner{{ID: partnerID, BillingUsage: &BillingUsage{Lines: []BillingLine{*l}}}}}
	v := seedValidator{tenantIDs: map[string]string{}, sophos: map[string]bool{}}
	if l.CustomerID != "" && customerPartner != "" {
		v.tenantIDs[strings.ToLower(l.CustomerID)] = customerPartner
	}
	for _, c := range codes {
		s.BillingProducts = append(s.BillingProducts, BillingProduct{ProductCode: c, Description: c})
	}
	v.billing(s)
	*l = s.Partners[0].BillingUsage.Lines[0]
	return v.problems
}
