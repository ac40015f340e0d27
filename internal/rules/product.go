package rules

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// CheckProductInput applies the field rules of a ConnectWise product (catalog item) write:
// identifier and description are required; texts stay within their limits, counted in
// characters; prices are not negative; the product class is one of the known ones. Texts
// are judged as the API stores them, without surrounding white space. Fields that are nil
// in the input are not judged (the API applies its defaults).
func CheckProductInput(f Fields, in api.PsaProductInput) Violations {
	var vs Violations
	required := func(field, value string, limit int) {
		if v := invisible(field, value); v != nil {
			vs = append(vs, *v)
			return
		}
		value = strings.TrimSpace(value)
		if value == "" {
			vs.add(Invalid, field, "", "Missing "+field, "%s is required and must not be blank.", field)
			return
		}
		tooLong(&vs, field, value, limit)
	}
	required(f.Identifier, in.Identifier, api.MaxIdentifierLength)
	required(f.Description, in.Description, api.MaxDescriptionLength)
	if in.CustomerDescription != nil {
		tooLong(&vs, f.CustomerDescription, *in.CustomerDescription, api.MaxCustomerDescriptionLength)
	}
	for _, t := range []struct {
		field string
		value *string
	}{{f.ManufacturerPartNumber, in.ManufacturerPartNumber}, {f.VendorSKU, in.VendorSku}, {f.IntegrationXRef, in.IntegrationXRef}} {
		if t.value != nil {
			tooLong(&vs, t.field, *t.value, api.MaxReferenceFieldLength)
		}
	}
	for _, m := range []struct {
		field string
		value *float64
	}{{f.Price, in.Price}, {f.Cost, in.Cost}} {
		if m.value != nil && *m.value < 0 {
			vs.add(Invalid, m.field, strconv.FormatFloat(*m.value, 'f', -1, 64), "Negative "+m.field,
				"%s must not be negative (got %s).", m.field, strconv.FormatFloat(*m.value, 'f', -1, 64))
		}
	}
	if in.ProductClass != nil && !in.ProductClass.Valid() {
		names := api.Strings(api.ProductClasses())
		vs = append(vs, Violation{Kind: Invalid, Field: f.ProductClass, Value: string(*in.ProductClass), Allowed: names,
			Summary: "Unknown product class",
			Message: fmt.Sprintf("%s %q is not a ConnectWise product class; use one of %s.", f.ProductClass, *in.ProductClass, api.QuotedList(names))})
	}
	return vs
}

// invisible refuses characters a person cannot see (zero-width spaces, joiners, direction
// marks, byte-order marks: Unicode format characters), which make two identifiers that look
// the same differ.
func invisible(field, value string) *Violation {
	for i, r := range value {
		if unicode.Is(unicode.Cf, r) {
			return &Violation{Kind: Invalid, Field: field, Value: value, Summary: "Invisible character in " + field,
				Message: fmt.Sprintf("%s %q has an invisible character, %U, at byte %d; it makes the value differ from "+
					"one that looks the same. Remove it.", field, value, r, i)}
		}
	}
	return nil
}

// tooLong adds a violation when value has more than limit characters.
func tooLong(vs *Violations, field, value string, limit int) {
	if n := utf8.RuneCountInString(value); n > limit {
		shown := value
		if len(shown) > 80 {
			shown = ""
		}
		vs.add(Invalid, field, shown, "Value too long",
			"%s must be at most %d characters (got %d).", field, limit, n)
	}
}

// CheckIdentifierFree refuses an identifier that another product (id other than ownID, 0
// for a new product) already has, ignoring case as ConnectWise does. others are the PSA's
// products to compare with, inactive ones included; import says how the caller adopts the
// existing product instead (it gets the product's id).
func CheckIdentifierFree(f Fields, identifier string, ownID int64, others []api.PsaProduct, adopt func(id int64) string) Violations {
	var vs Violations
	identifier = strings.TrimSpace(identifier)
	for _, p := range others {
		if p.Id != ownID && strings.EqualFold(strings.TrimSpace(p.Identifier), identifier) {
			vs.add(Conflict, f.Identifier, identifier, "ConnectWise product identifier in use",
				"%s product %d already uses identifier %q (identifiers are unique in the catalog, ignoring case). %s",
				p.Psa.ShortName(), p.Id, p.Identifier, adopt(p.Id))
			return vs
		}
	}
	return vs
}

// CheckMappableProduct applies the rules for the PSA product a Sophos product is mapped to:
// it must exist in the PSA of the mapping and be active. product is the product with that
// id in any PSA, nil when there is none. Stopping billing is always possible: a mapping
// that keeps the inactive product it already has may switch its sync off (current is the
// mapping as stored, nil when there is none).
func CheckMappableProduct(f Fields, psa api.Psa, productID int64, product *api.PsaProduct, current *api.ProductMapping, syncEnabled bool) Violations {
	var vs Violations
	value := strconv.FormatInt(productID, 10)
	kept := current != nil && current.Mapped && current.PsaProductId != nil && *current.PsaProductId == productID
	stopping := kept && !syncEnabled
	switch {
	case product == nil:
		vs.add(Invalid, f.PSAProductID, value, "PSA product not found",
			"%s has no product with id %d. Find product ids with %s.", psa.DisplayName(), productID, f.Products(string(psa)))
	case product.Psa != psa:
		vs.add(Invalid, f.PSAProductID, value, "PSA product of another PSA",
			"Product %d (%q) is a product of %s, not of %s. Map it in %s, or choose %s product (%s).",
			productID, product.Identifier, product.Psa.DisplayName(), psa.DisplayName(), product.Psa.DisplayName(),
			api.WithArticle(psa.ShortName()), f.Products(string(psa)))
	case product.InactiveFlag && !stopping:
		vs.add(Invalid, f.PSAProductID, value, "PSA product inactive",
			"%s product %d (%q, %q) is inactive, and usage cannot be synced to an inactive product. Activate it in the "+
				"PSA or choose an active product (%s); to stop billing it, set sync off or remove the mapping.",
			psa.DisplayName(), productID, product.Identifier, product.Description, f.Products(string(psa)))
	}
	return vs
}
