package provider

import (
	"strings"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
)

// The one mapper of each ConnectWise object to the contract's row the provider works with,
// so a row read from ConnectWise is the row the integration would show: same ids, names,
// flags and dates, the version in Etag (ConnectWise's _info.lastUpdated, see
// provider_directory_connectwise.go).

func ptr[T any](v T) *T { return &v }

// productFromCatalogItem is a catalog item as a PSA product.
func productFromCatalogItem(it *cw.CatalogItem) api.PsaProduct {
	p := api.PsaProduct{
		Id: int64(it.ID), Psa: api.PsaConnectwise, Identifier: it.Identifier, Description: it.Description,
		CustomerDescription: it.CustomerDescription, ProductClass: api.ProductClass(cw.DefaultProductClass),
		Price: deref(it.Price), Cost: deref(it.Cost), TaxableFlag: deref(it.TaxableFlag), InactiveFlag: deref(it.InactiveFlag),
		ManufacturerPartNumber: nonEmpty(it.ManufacturerPartNumber), VendorSku: nonEmpty(it.VendorSku),
		IntegrationXRef: nonEmpty(it.IntegrationXRef), Notes: nonEmpty(it.Notes),
		Category: reference(it.Category), Subcategory: reference(it.Subcategory), Type: reference(it.Type),
		UnitOfMeasure: reference(it.UnitOfMeasure),
	}
	if it.ProductClass != nil {
		p.ProductClass = api.ProductClass(*it.ProductClass)
	}
	if v := it.Info.LastUpdated(); v != "" {
		p.Etag = ptr(v)
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			p.UnderscoreInfo = &api.RecordInfo{LastUpdated: &t}
		}
	}
	return p
}

// nonEmpty is an optional text: nil when empty, as the integration leaves it out.
func nonEmpty(s *string) *string {
	if s == nil || *s == "" {
		return nil
	}
	return s
}

// reference is a ConnectWise reference as the contract's.
func reference(r *cw.Reference) *api.Reference {
	if r == nil {
		return nil
	}
	out := &api.Reference{Id: ptr(int64(r.ID))}
	if r.Name != "" {
		out.Name = ptr(r.Name)
	}
	return out
}

// companyFromConnectWise is a ConnectWise company as a PSA company.
func companyFromConnectWise(c cw.Company) api.PsaCompany {
	return api.PsaCompany{Id: int64(c.ID), Psa: api.PsaConnectwise, Name: c.Name, Identifier: nonEmpty(&c.Identifier)}
}

// contractStatuses are the integration's statuses of ConnectWise's agreement statuses;
// Cancelled has none (a cancelled agreement is never offered).
var contractStatuses = map[cw.AgreementStatus]api.ContractStatus{
	cw.AgreementStatusActive:   api.ContractStatusActive,
	cw.AgreementStatusExpired:  api.ContractStatusExpired,
	cw.AgreementStatusInactive: api.ContractStatusInactive,
}

// contractFromAgreement is an agreement as a PSA contract, with the integration's rule:
// false for a cancelled one. An agreement without a status (a model version without it) is
// expired after its end date (today is YYYY-MM-DD, UTC) and active before. NameUnique is the
// caller's.
func contractFromAgreement(a cw.Agreement, today string) (api.PsaContract, bool) {
	if a.CancelledFlag != nil && *a.CancelledFlag {
		return api.PsaContract{}, false
	}
	c := api.PsaContract{Id: int64(a.ID), Psa: api.PsaConnectwise, Name: a.Name, StartDate: dateOf(deref(a.StartDate))}
	if a.Company != nil {
		c.CompanyId, c.CompanyName = int64(a.Company.ID), a.Company.Name
	}
	if a.EndDate != nil && *a.EndDate != "" {
		c.EndDate = ptr(dateOf(*a.EndDate))
	}
	switch {
	case a.AgreementStatus != nil && *a.AgreementStatus == cw.AgreementStatusCancelled:
		return api.PsaContract{}, false
	case a.AgreementStatus != nil:
		status, ok := contractStatuses[*a.AgreementStatus]
		if !ok {
			return api.PsaContract{}, false
		}
		c.Status = status
	case c.EndDate != nil && *c.EndDate < today:
		c.Status = api.ContractStatusExpired
	default:
		c.Status = api.ContractStatusActive
	}
	return c, true
}

// dateOf is the date (YYYY-MM-DD) of a ConnectWise datetime ("2024-01-01T00:00:00Z").
func dateOf(datetime string) string {
	d, _, _ := strings.Cut(datetime, "T")
	return d
}

// catalogReferenceOf is ConnectWise's reference lists as the contract's catalog reference.
func catalogReferenceOf(categories []cw.Category, subcategories []cw.Subcategory, types []cw.ProductType, units []cw.UnitOfMeasure) *api.CatalogReference {
	out := &api.CatalogReference{Categories: []api.CatalogCategory{}, ProductTypes: []api.Reference{}, UnitsOfMeasure: []api.Reference{},
		ProductClasses: api.ProductClasses()}
	index := map[int]int{}
	for _, c := range categories {
		index[c.ID] = len(out.Categories)
		out.Categories = append(out.Categories, api.CatalogCategory{Id: int64(c.ID), Name: c.Name, Subcategories: []api.Reference{}})
	}
	for _, s := range subcategories {
		if s.Category == nil {
			continue
		}
		if i, ok := index[s.Category.ID]; ok {
			out.Categories[i].Subcategories = append(out.Categories[i].Subcategories, api.Reference{Id: ptr(int64(s.ID)), Name: ptr(s.Name)})
		}
	}
	for _, t := range types {
		out.ProductTypes = append(out.ProductTypes, api.Reference{Id: ptr(int64(t.ID)), Name: ptr(t.Name)})
	}
	for _, u := range units {
		out.UnitsOfMeasure = append(out.UnitsOfMeasure, api.Reference{Id: ptr(int64(u.ID)), Name: ptr(u.Name)})
	}
	return out
}

// categoryOf is the id of the category that has subcategory id; 0 when none has it.
func categoryOf(ref *api.CatalogReference, id int64) int64 {
	for _, c := range ref.Categories {
		for _, s := range c.Subcategories {
			if s.Id != nil && *s.Id == id {
				return c.Id
			}
		}
	}
	return 0
}
