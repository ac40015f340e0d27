package seed

import (
	"fmt"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Validation of a seed's ConnectWise catalog: the reference data (categories and their
// subcategories, product types, units of measure) and the products that use it.

// seedRefData is the reference data products may name, by lower-case name.
type seedRefData struct {
	subcategories map[string]bool
	types         map[string]bool
	units         map[string]bool
	// ambiguous are subcategory names (lower case) that more than one category has.
	ambiguous map[string]bool
}

func (v *seedValidator) reference(path string, cw *ConnectWise) *seedRefData {
	ref := &seedRefData{subcategories: map[string]bool{}, types: map[string]bool{}, units: map[string]bool{}, ambiguous: map[string]bool{}}
	catIDs := map[int64]string{}
	subIDs := map[int64]string{}
	for i, c := range cw.Categories {
		cp := fmt.Sprintf("%s.categories[%d]", path, i)
		v.uniqueID(cp+".id", c.ID, catIDs)
		v.required(cp+".name", c.Name)
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
				ref.ambiguous[key] = ref.ambiguous[key] || ref.subcategories[key]
				ref.subcategories[key] = true
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
		if pr.ProductClass == "" {
			pr.ProductClass = string(api.ProductClassNonInventory)
		}
		v.oneOf(pp+".productClass", pr.ProductClass, api.Strings(api.ProductClasses())...)
		if ref == nil {
			if pr.Subcategory != "" || pr.Type != "" || pr.UnitOfMeasure != "" {
				v.addf(pp, "subcategory, type and unitOfMeasure are ConnectWise fields; leave them out of Autotask products")
			}
			continue
		}
		if pr.UnitOfMeasure == "" {
			pr.UnitOfMeasure = api.DefaultUnitOfMeasure
		}
		for _, f := range []struct {
			field, value string
			set          map[string]bool
		}{
			{"subcategory", pr.Subcategory, ref.subcategories},
			{"type", pr.Type, ref.types},
			{"unitOfMeasure", pr.UnitOfMeasure, ref.units},
		} {
			if v.required(pp+"."+f.field, f.value) && !f.set[strings.ToLower(f.value)] {
				v.addf(pp+"."+f.field, "%q is not in this partner's ConnectWise reference data", f.value)
			}
		}
		if ref.ambiguous[strings.ToLower(pr.Subcategory)] {
			v.addf(pp+".subcategory", "%q exists in more than one category; seed products take a subcategory name that one category has", pr.Subcategory)
		}
	}
}
