package rules

import (
	"fmt"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Reference kinds of the ConnectWise catalog reference data.
const (
	RefSubcategory   = "product subcategory"
	RefType          = "product type"
	RefUnitOfMeasure = "unit of measure"
)

// Resolved is a reference found in the reference data: its id and its name as ConnectWise
// spells it. Category is the category of a subcategory.
type Resolved struct {
	ID       int64
	Name     string
	Category string
}

// ResolveReference finds a subcategory, product type or unit of measure by id or by name
// (names compare ignoring case, as ConnectWise does). A subcategory name that exists under
// more than one category is ambiguous unless the id is given.
func ResolveReference(field, kind string, ref api.Reference, data *api.CatalogReference) (Resolved, *Violation) {
	type entry struct {
		id             int64
		name, category string
	}
	var entries []entry
	switch kind {
	case RefSubcategory:
		for _, c := range data.Categories {
			for _, s := range c.Subcategories {
				entries = append(entries, entry{deref(s.Id), deref(s.Name), c.Name})
			}
		}
	case RefType:
		for _, t := range data.ProductTypes {
			entries = append(entries, entry{id: deref(t.Id), name: deref(t.Name)})
		}
	default:
		for _, u := range data.UnitsOfMeasure {
			entries = append(entries, entry{id: deref(u.Id), name: deref(u.Name)})
		}
	}
	names := make([]string, 0, len(entries))
	seen := map[string]bool{}
	for _, e := range entries {
		if !seen[e.name] {
			seen[e.name] = true
			names = append(names, e.name)
		}
	}
	problem := func(value, format string, args ...any) (Resolved, *Violation) {
		return Resolved{}, &Violation{Kind: Invalid, Field: field, Value: value, Allowed: names,
			Summary: "Unknown ConnectWise " + kind, Message: fmt.Sprintf(format, args...)}
	}
	name := strings.TrimSpace(deref(ref.Name))
	if ref.Id == nil && name == "" {
		return problem("", "%s is required: give the name of a ConnectWise %s (one of %s).", field, kind, api.QuotedList(names))
	}
	var found []entry
	for _, e := range entries {
		if (ref.Id != nil && e.id == *ref.Id) || (ref.Id == nil && strings.EqualFold(e.name, name)) {
			found = append(found, e)
		}
	}
	switch {
	case len(found) == 0 && ref.Id != nil:
		return problem(fmt.Sprint(*ref.Id), "%s id %d is not a ConnectWise %s of this partner; use one of %s.", field, *ref.Id, kind, api.QuotedList(names))
	case len(found) == 0:
		return problem(name, "%s %q is not a ConnectWise %s of this partner's ConnectWise PSA. Valid names: %s. "+
			"New ones are added in ConnectWise PSA (System > Setup Tables).", field, name, kind, api.QuotedList(names))
	case len(found) > 1:
		cats := make([]string, len(found))
		for i, e := range found {
			cats[i] = fmt.Sprintf("%q (id %d)", e.category, e.id)
		}
		return problem(name, "%s %q exists in more than one category: %s. Give the subcategory's id to choose one.",
			field, name, strings.Join(cats, ", "))
	}
	e := found[0]
	if ref.Id != nil && name != "" && !strings.EqualFold(name, e.name) {
		return problem(name, "%s id %d is %q, not %q; give the id or the name.", field, e.id, e.name, name)
	}
	return Resolved{ID: e.id, Name: e.name, Category: e.category}, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
