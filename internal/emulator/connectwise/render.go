package connectwise

import (
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
)

// The one mapper of each stored object to ConnectWise's object (internal/api/connectwise).
// Times are ConnectWise's: UTC, whole seconds ("2025-06-01T12:00:00Z"); dates of agreements
// are datetimes at midnight.

// stamp is a stored time (Unix nanoseconds) as ConnectWise writes it.
func stamp(nanos int64) string {
	return time.Unix(0, nanos).UTC().Truncate(time.Second).Format(time.RFC3339)
}

// info is a record's _info: when it was entered and last updated, and by whom.
func info(created, updated int64, by string) cw.Info {
	i := cw.Info{cw.InfoDateEntered: stamp(created), cw.InfoLastUpdated: stamp(updated)}
	if by != "" {
		i[cw.InfoUpdatedBy] = by
	}
	return i
}

// ref is a reference to reference data ({id, name}); nil for none.
func ref(r *api.Reference) *cw.Reference {
	if r == nil || r.Id == nil {
		return nil
	}
	out := &cw.Reference{ID: int(*r.Id)}
	if r.Name != nil {
		out.Name = *r.Name
	}
	return out
}

// optText is a stored text as an optional field: absent when empty.
func optText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// catalogItem renders a stored product as a catalog item.
func catalogItem(p store.ProductWithRefs) cw.CatalogItem {
	class := cw.ProductClass(p.ProductClass)
	return cw.CatalogItem{
		ID: int(p.ID), Identifier: p.Identifier, Description: p.Description, CustomerDescription: p.CustomerDescription,
		Category: ref(p.Refs.Category), Subcategory: ref(p.Refs.Subcategory), Type: ref(p.Refs.Type),
		UnitOfMeasure: ref(p.Refs.UnitOfMeasure), Manufacturer: ref(p.Refs.Manufacturer),
		ProductClass: &class, Price: ptr(p.Price), Cost: ptr(p.Cost), TaxableFlag: ptr(p.Taxable), InactiveFlag: ptr(p.Inactive),
		ManufacturerPartNumber: optText(p.ManufacturerPartNumber), VendorSku: optText(p.VendorSku),
		IntegrationXRef: optText(p.IntegrationXRef), Notes: optText(p.Notes),
		Info: info(p.CreatedAt, p.UpdatedAt, p.MemberUpdatedBy),
	}
}

// company renders a stored company.
func company(c store.Company) cw.Company {
	out := cw.Company{ID: int(c.ID), Identifier: c.Identifier, Name: c.Name, DeletedFlag: ptr(c.DeletedAt != nil)}
	if c.DeletedAt != nil {
		out.DateDeleted = ptr(stamp(*c.DeletedAt))
		out.DeletedBy = optText(c.DeletedBy)
	}
	return out
}

// agreementStatuses are the ConnectWise statuses of the stored contract statuses.
var agreementStatuses = map[string]cw.AgreementStatus{
	string(api.ContractStatusActive):   cw.AgreementStatusActive,
	string(api.ContractStatusExpired):  cw.AgreementStatusExpired,
	string(api.ContractStatusInactive): cw.AgreementStatusInactive,
	store.ContractCancelled:            cw.AgreementStatusCancelled,
}

// datetime is a stored date (YYYY-MM-DD) as ConnectWise writes it, at midnight UTC.
func datetime(date string) string { return date + "T00:00:00Z" }

// agreement renders a stored contract of ConnectWise (an agreement).
func agreement(c store.Contract) cw.Agreement {
	status := agreementStatuses[c.Status]
	out := cw.Agreement{
		ID: int(c.ID), Name: c.Name, Company: &cw.CompanyReference{ID: int(c.CompanyID), Name: c.CompanyName},
		AgreementStatus: &status, CancelledFlag: ptr(c.Cancelled()), StartDate: ptr(datetime(c.StartDate)),
		NoEndingDateFlag: ptr(c.EndDate == nil),
	}
	if c.EndDate != nil {
		out.EndDate = ptr(datetime(*c.EndDate))
	}
	return out
}

// addition renders a stored agreement addition.
func addition(a store.Addition) cw.Addition {
	bill := cw.BillCustomer(a.BillCustomer)
	out := cw.Addition{
		ID: int(a.ID), Product: &cw.ProductReference{ID: int(a.ProductID), Identifier: a.ProductIdentifier},
		BillCustomer: &bill, AgreementID: ptr(int(a.AgreementID)),
		Quantity: ptr(a.Quantity), LessIncluded: ptr(a.LessIncluded), UnitPrice: ptr(a.UnitPrice), UnitCost: ptr(a.UnitCost),
		ExtPrice: ptr(a.Quantity * a.UnitPrice), ExtCost: ptr(a.Quantity * a.UnitCost), TaxableFlag: ptr(a.Taxable),
		Description: optText(a.Description), InvoiceDescription: optText(a.InvoiceDescription),
		EffectiveDate: a.EffectiveDate, CancelledDate: a.CancelledDate,
		Info: info(a.CreatedAt, a.UpdatedAt, a.UpdatedBy),
	}
	return out
}
