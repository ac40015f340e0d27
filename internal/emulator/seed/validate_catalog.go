package seed

import (
	"fmt"
	"slices"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
)

// Validation of a seed's ConnectWise catalog: the reference data (categories and their
// subcategories, product types, units of measure) and the products that use it.

// seedRefData is the reference data products may name, by lower-case name.
type seedRefData struct {
	// categories are the categories' names.
	categories map[string]bool
	// subcategories are the names of the categories each subcategory name is in (a real
	// catalog has a name like "Licenses" in several categories).
	subcategories map[string][]string
	types         map[string]bool
	units         map[string]bool
	manufacturers map[string]bool
}

func newRefData() *seedRefData {
	return &seedRefData{categories: map[string]bool{}, subcategories: map[string][]string{}, types: map[string]bool{}, units: map[string]bool{},
		manufacturers: map[string]bool{}}
}

// add records a subcategory of a category.
func (ref *seedRefData) add(category, subcategory string) {
	ref.categories[strings.ToLower(category)] = true
	key := strings.ToLower(subcategory)
	ref.subcategories[key] = append(ref.subcategories[key], category)
}

func (v *seedValidator) reference(path string, cw *ConnectWise) *seedRefData {
	ref := newRefData()
	catIDs := map[int64]string{}
	subIDs := map[int64]string{}
	for i, c := range cw.Categories {
		cp := fmt.Sprintf("%s.categories[%d]", path, i)
		v.uniqueID(cp+".id", c.ID, catIDs)
		v.required(cp+".name", c.Name)
		ref.categories[strings.ToLower(c.Name)] = true
		inCategory := map[string]bool{}
		for j, sc := range c.Subcategories {
			sp := fmt.Sprintf("%s.subcategories[%d]", cp, j)
			v.uniqueID(sp+".id", sc.ID, subIDs)
			if v.required(sp+".name", sc.Name) {
				key := strings.ToLower(sc.Name)
				if inCategory[key] {
					v.addf(sp+".name", "duplicate subcategory %q in category %q (names are unique in a category, ignoring case)", sc.Name, c.Name)
				}
				inCategory[key] = true
				ref.add(c.Name, sc.Name)
			}
		}
	}
	refList := func(name string, list []Reference, into map[string]bool) {
		ids := map[int64]string{}
		for i, r := range list {
			rp := fmt.Sprintf("%s.%s[%d]", path, name, i)
			v.uniqueID(rp+".id", r.ID, ids)
			if v.required(rp+".name", r.Name) {
				into[strings.ToLower(r.Name)] = true
			}
		}
	}
	refList("productTypes", cw.ProductTypes, ref.types)
	refList("unitsOfMeasure", cw.UnitsOfMeasure, ref.units)
	refList("manufacturers", cw.Manufacturers, ref.manufacturers)
	return ref
}

func (v *seedValidator) products(path string, list []Product, ref *seedRefData, into map[int64]bool) {
	identifiers := map[string]bool{}
	for i := range list {
		pr := &list[i]
		pp := fmt.Sprintf("%s[%d]", path, i)
		v.uniqueID(pp+".id", pr.ID, v.productIDs)
		into[pr.ID] = true
		if v.required(pp+".identifier", pr.Identifier) {
			key := strings.ToLower(pr.Identifier)
			if identifiers[key] {
				v.addf(pp+".identifier", "duplicate identifier %q (identifiers are unique per PSA, ignoring case)", pr.Identifier)
			}
			identifiers[key] = true
		}
		v.maxLen(pp+".identifier", pr.Identifier, api.MaxIdentifierLength)
		v.required(pp+".description", pr.Description)
		v.maxLen(pp+".description", pr.Description, api.MaxDescriptionLength)
		v.maxLen(pp+".customerDescription", pr.CustomerDescription, api.MaxCustomerDescriptionLength)
		v.maxLen(pp+".manufacturerPartNumber", pr.ManufacturerPartNumber, api.MaxReferenceFieldLength)
		v.maxLen(pp+".vendorSku", pr.VendorSku, api.MaxReferenceFieldLength)
		v.maxLen(pp+".integrationXRef", pr.IntegrationXRef, api.MaxReferenceFieldLength)
		if pr.Price < 0 || pr.Cost < 0 {
			v.addf(pp, "price and cost must not be negative")
		}
		if ref == nil {
			v.autotaskProduct(pp, pr)
			continue
		}
		if pr.ProductClass == "" {
			pr.ProductClass = string(api.ProductClassNonInventory)
		}
		v.oneOf(pp+".productClass", pr.ProductClass, api.Strings(api.ProductClasses())...)
		if pr.Manufacturer != "" && !ref.manufacturers[strings.ToLower(pr.Manufacturer)] {
			v.addf(pp+".manufacturer", "%q is not in this partner's ConnectWise reference data", pr.Manufacturer)
		}
		if pr.UnitOfMeasure == "" {
			pr.UnitOfMeasure = api.DefaultUnitOfMeasure
		}
		for _, f := range []struct {
			field, value string
			known        bool
		}{
			{"subcategory", pr.Subcategory, len(ref.subcategories[strings.ToLower(pr.Subcategory)]) > 0},
			{"type", pr.Type, ref.types[strings.ToLower(pr.Type)]},
			{"unitOfMeasure", pr.UnitOfMeasure, ref.units[strings.ToLower(pr.UnitOfMeasure)]},
		} {
			if v.required(pp+"."+f.field, f.value) && !f.known {
				v.addf(pp+"."+f.field, "%q is not in this partner's ConnectWise reference data", f.value)
			}
		}
		v.category(pp, pr, ref)
	}
}

// autotaskProduct checks what only an Autotask product must be: a service (productClass
// Service, the default) or a service bundle (Bundle), without ConnectWise's fields or a
// taxable flag, which Autotask services do not have.
func (v *seedValidator) autotaskProduct(path string, pr *Product) {
	if pr.ProductClass == "" {
		pr.ProductClass = string(api.ProductClassService)
	}
	v.oneOf(path+".productClass", pr.ProductClass, string(api.ProductClassService), string(api.ProductClassBundle))
	if pr.Category != "" || pr.Subcategory != "" || pr.Type != "" || pr.UnitOfMeasure != "" || pr.Manufacturer != "" {
		v.addf(path, "category, subcategory, type, unitOfMeasure and manufacturer are ConnectWise fields; leave them out of Autotask products")
	}
	if pr.Taxable {
		v.addf(path+".taxable", "Autotask services have no taxable flag (tax comes from their billing code); leave it out")
	}
}

// category checks a ConnectWise product's category: optional while one category has its
// subcategory's name, and then it must be that category; required when several have it.
func (v *seedValidator) category(path string, pr *Product, ref *seedRefData) {
	in := ref.subcategories[strings.ToLower(pr.Subcategory)]
	switch {
	case pr.Category != "" && !ref.categories[strings.ToLower(pr.Category)]:
		v.addf(path+".category", "%q is not a category of this partner's ConnectWise reference data", pr.Category)
	case pr.Category != "" && len(in) > 0 && !slices.ContainsFunc(in, func(c string) bool { return strings.EqualFold(c, pr.Category) }):
		v.addf(path+".category", "category %q has no subcategory %q; it is in %s", pr.Category, pr.Subcategory, api.QuotedList(in))
	case pr.Category == "" && len(in) > 1:
		v.addf(path+".subcategory", "%q exists in more than one category (%s); name the one this product is in with category", pr.Subcategory, api.QuotedList(in))
	}
}

// additions checks a ConnectWise seed's agreement additions: each names an agreement and a
// catalog product of the partner's ConnectWise, a quantity that is not negative and a
// bill-customer option ConnectWise knows (Billable when not given).
func (v *seedValidator) additions(path string, list []Addition, products map[int64]bool, agreements map[int64]seedContractRef) {
	for i := range list {
		a := &list[i]
		ap := fmt.Sprintf("%s[%d]", path, i)
		if _, ok := agreements[a.AgreementID]; !ok {
			v.addf(ap+".agreementId", "no ConnectWise agreement with id %d", a.AgreementID)
		}
		if !products[a.ProductID] {
			v.addf(ap+".productId", "no ConnectWise product with id %d", a.ProductID)
		}
		if a.Quantity < 0 || a.UnitPrice < 0 || a.UnitCost < 0 {
			v.addf(ap, "quantity, unitPrice and unitCost must not be negative")
		}
		if a.BillCustomer == "" {
			a.BillCustomer = string(cw.BillCustomerBillable)
		}
		v.oneOf(ap+".billCustomer", a.BillCustomer, cwStrings(cw.BillCustomers())...)
	}
}

// cwStrings are ConnectWise enum values as strings.
func cwStrings[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
