package connectwise

import (
	"context"
	"fmt"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// What a catalog item write must be, judged as a whole (a POST's body, or the item a PATCH
// makes): identifier, description, customerDescription, subcategory and type are required;
// the field rules are the contract's (rules.CheckProductInput, with ConnectWise's field
// names); references are by id and must be this partner's reference data (a category, when
// given, is the subcategory's); the identifier is unique ignoring case. Fields of the
// vendor's object the emulator does not keep (priceAttribute, vendor, recurring..., sla,
// customFields) are accepted and not stored.

const catalogResource = "catalogItem"

// productFromItem checks item for the partner's catalog and applies it to rec (ID is its
// own id, 0 for a new item).
func productFromItem(ctx context.Context, q store.Q, rec *store.Product, item cw.CatalogItem) error {
	var errs []cw.ValidationError
	add := func(field, code, format string, args ...any) {
		errs = append(errs, cw.ValidationError{Code: code, Message: fmt.Sprintf(format, args...), Resource: catalogResource, Field: field})
	}
	for _, f := range []struct {
		name    string
		missing bool
	}{
		{cw.FieldIdentifier, strings.TrimSpace(item.Identifier) == ""},
		{cw.FieldDescription, strings.TrimSpace(item.Description) == ""},
		{cw.FieldCustomerDescription, item.CustomerDescription == ""},
		{cw.FieldSubcategory, item.Subcategory == nil},
		{cw.FieldType, item.Type == nil},
	} {
		if f.missing {
			add(f.name, cw.ErrorCodeRequired, "%s is required.", f.name)
		}
	}
	in := api.PsaProductInput{Identifier: item.Identifier, Description: item.Description, CustomerDescription: &item.CustomerDescription,
		Price: item.Price, Cost: item.Cost, ManufacturerPartNumber: item.ManufacturerPartNumber, VendorSku: item.VendorSku,
		IntegrationXRef: item.IntegrationXRef}
	if item.ProductClass != nil {
		in.ProductClass = ptr(api.ProductClass(*item.ProductClass))
	}
	for _, v := range rules.CheckProductInput(rules.APIFields(), in) {
		if v.Summary != "Missing "+v.Field { // reported above as Required
			add(v.Field, cw.ErrorCodeInvalidObject, "%s", v.Message)
		}
	}
	refs := map[string][]store.ReferenceItem{}
	for _, kind := range []string{store.RefCategory, store.RefSubcategory, store.RefType, store.RefUnit, store.RefManufacturer} {
		items, err := q.ReferenceItems(ctx, rec.PartnerID, kind)
		if err != nil {
			return err
		}
		refs[kind] = items
	}
	lookup := func(field, kind string, r *cw.Reference) (*store.ReferenceItem, bool) {
		if r == nil {
			return nil, true
		}
		for i, it := range refs[kind] {
			if it.ID == int64(r.ID) {
				return &refs[kind][i], true
			}
		}
		add(field, cw.ErrorCodeInvalidObject, "%s id %d was not found.", field, r.ID)
		return nil, false
	}
	sub, _ := lookup(cw.FieldSubcategory, store.RefSubcategory, item.Subcategory)
	typ, _ := lookup(cw.FieldType, store.RefType, item.Type)
	uomRef := item.UnitOfMeasure
	if uomRef == nil {
		for _, it := range refs[store.RefUnit] {
			if strings.EqualFold(it.Name, api.DefaultUnitOfMeasure) {
				uomRef = &cw.Reference{ID: int(it.ID)}
			}
		}
	}
	uom, _ := lookup(cw.FieldUnitOfMeasure, store.RefUnit, uomRef)
	man, _ := lookup(cw.FieldManufacturer, store.RefManufacturer, item.Manufacturer)
	if cat, ok := lookup(cw.FieldCategory, store.RefCategory, item.Category); ok && cat != nil && sub != nil && sub.ParentID != cat.ID {
		add(cw.FieldCategory, cw.ErrorCodeInvalidObject, "subcategory %q (id %d) is not in category %q (id %d).", sub.Name, sub.ID, cat.Name, cat.ID)
	}
	identifier := strings.TrimSpace(item.Identifier)
	if identifier != "" {
		others, err := q.ProductsWithIdentifier(ctx, rec.PartnerID, api.PsaConnectwise, identifier, rec.ID)
		if err != nil {
			return err
		}
		if len(others) > 0 {
			add(cw.FieldIdentifier, cw.ErrorCodeObjectExists, "The identifier %q is already used by catalog item %d (%s); identifiers are unique ignoring case.",
				identifier, others[0].ID, others[0].Identifier)
		}
	}
	if len(errs) > 0 {
		return invalidFields(catalogResource, errs)
	}
	rec.PSA = api.PsaConnectwise
	rec.Identifier, rec.Description, rec.CustomerDescription = identifier, strings.TrimSpace(item.Description), item.CustomerDescription
	rec.SubcategoryID, rec.TypeID, rec.UnitID, rec.ManufacturerID = idOf(sub), idOf(typ), idOf(uom), idOf(man)
	rec.ProductClass = string(cw.DefaultProductClass)
	if item.ProductClass != nil {
		rec.ProductClass = string(*item.ProductClass)
	}
	rec.Price, rec.Cost = deref(item.Price), deref(item.Cost)
	rec.Taxable, rec.Inactive = deref(item.TaxableFlag), deref(item.InactiveFlag)
	rec.ManufacturerPartNumber, rec.VendorSku = deref(item.ManufacturerPartNumber), deref(item.VendorSku)
	rec.IntegrationXRef, rec.Notes = deref(item.IntegrationXRef), deref(item.Notes)
	return nil
}

func idOf(it *store.ReferenceItem) *int64 {
	if it == nil {
		return nil
	}
	return &it.ID
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
