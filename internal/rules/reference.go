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

// ResolveReference finds a product type or unit of measure by id or by name (names compare
// ignoring case, as ConnectWise does). Subcategories, whose names may repeat across
// categories, go through ResolveSubcategory.
func ResolveReference(field, kind string, ref api.Reference, data *api.CatalogReference) (Resolved, *Violation) {
	var entries []refEntry
	if kind == RefType {
		for _, t := range data.ProductTypes {
			entries = append(entries, refEntry{id: deref(t.Id), name: deref(t.Name)})
		}
	} else {
		for _, u := range data.UnitsOfMeasure {
			entries = append(entries, refEntry{id: deref(u.Id), name: deref(u.Name)})
		}
	}
	r := resolver{field: field, kind: kind, entries: entries}
	found, v := r.find(ref)
	if v != nil {
		return Resolved{}, v
	}
	return found[0].resolved(), nil
}

// ResolveSubcategory finds a product's subcategory (by id or by name, as ResolveReference)
// within category, when one is given (by id or by name, names ignoring case). Without a
// category, a subcategory name that exists in more than one category is refused, naming
// them; a category that does not have the subcategory is refused on f.Category, naming the
// categories that do.
func ResolveSubcategory(f Fields, ref api.Reference, category *api.Reference, data *api.CatalogReference) (Resolved, *Violation) {
	r := resolver{field: f.Subcategory, kind: RefSubcategory, entries: subcategoryEntries(data)}
	found, v := r.find(ref)
	if v != nil {
		return Resolved{}, v
	}
	name := strings.TrimSpace(deref(ref.Name))
	if name == "" {
		name = found[0].name
	}
	catName := ""
	if category != nil {
		catName = strings.TrimSpace(deref(category.Name))
	}
	if category != nil && (category.Id != nil || catName != "") {
		var in []refEntry
		for _, e := range found {
			if (category.Id != nil && e.categoryID == *category.Id) || (category.Id == nil && strings.EqualFold(e.category, catName)) {
				in = append(in, e)
			}
		}
		if len(in) == 0 {
			shown, label := catName, fmt.Sprintf("%s %q", f.Category, catName)
			if category.Id != nil {
				shown, label = fmt.Sprint(*category.Id), fmt.Sprintf("%s id %d", f.Category, *category.Id)
			}
			known := false
			for _, c := range data.Categories {
				known = known || (category.Id != nil && c.Id == *category.Id) || (category.Id == nil && strings.EqualFold(c.Name, catName))
			}
			what := fmt.Sprintf("has no subcategory %q", found[0].name)
			if !known {
				what = "is not a ConnectWise product category of this partner"
			}
			cats := make([]string, len(found))
			for i, e := range found {
				cats[i] = e.category
			}
			return Resolved{}, &Violation{Kind: Invalid, Field: f.Category, Value: shown, Allowed: cats,
				Summary: "Wrong ConnectWise product category",
				Message: fmt.Sprintf("%s %s. %s %q is in %s: use %s.", label, what, f.Subcategory, found[0].name,
					categoryList(found), orList(found, f.Category, f.SetName))}
		}
		found = in
	}
	if len(found) > 1 {
		return r.problem(name, "%s %q exists in more than one category: %s. Choose one with %s.",
			f.Subcategory, name, categoryList(found), orList(found, f.Category, f.SetName))
	}
	return found[0].resolved(), nil
}

// refEntry is one name of the reference data; category and categoryID are a subcategory's.
type refEntry struct {
	id, categoryID int64
	name, category string
}

func (e refEntry) resolved() Resolved {
	return Resolved{ID: e.id, Name: e.name, Category: e.category}
}

func subcategoryEntries(data *api.CatalogReference) []refEntry {
	var entries []refEntry
	for _, c := range data.Categories {
		for _, s := range c.Subcategories {
			entries = append(entries, refEntry{id: deref(s.Id), name: deref(s.Name), category: c.Name, categoryID: c.Id})
		}
	}
	return entries
}

// resolver finds references of one kind among entries, worded with field.
type resolver struct {
	field, kind string
	entries     []refEntry
}

func (r resolver) names() []string {
	names := make([]string, 0, len(r.entries))
	seen := map[string]bool{}
	for _, e := range r.entries {
		if !seen[e.name] {
			seen[e.name] = true
			names = append(names, e.name)
		}
	}
	return names
}

func (r resolver) problem(value, format string, args ...any) (Resolved, *Violation) {
	return Resolved{}, &Violation{Kind: Invalid, Field: r.field, Value: value, Allowed: r.names(),
		Summary: "Unknown ConnectWise " + r.kind, Message: fmt.Sprintf(format, args...)}
}

// find returns the entries ref names (by id, or by name ignoring case): at least one, or a
// violation. An id and a name that disagree are refused.
func (r resolver) find(ref api.Reference) ([]refEntry, *Violation) {
	field, kind, names := r.field, r.kind, r.names()
	name := strings.TrimSpace(deref(ref.Name))
	if ref.Id == nil && name == "" {
		_, v := r.problem("", "%s is required: give the name of a ConnectWise %s (one of %s).", field, kind, api.QuotedList(names))
		return nil, v
	}
	var found []refEntry
	for _, e := range r.entries {
		if (ref.Id != nil && e.id == *ref.Id) || (ref.Id == nil && strings.EqualFold(e.name, name)) {
			found = append(found, e)
		}
	}
	switch {
	case len(found) == 0 && ref.Id != nil:
		_, v := r.problem(fmt.Sprint(*ref.Id), "%s id %d is not a ConnectWise %s of this partner; use one of %s.", field, *ref.Id, kind, api.QuotedList(names))
		return nil, v
	case len(found) == 0:
		_, v := r.problem(name, "%s %q is not a ConnectWise %s of this partner's ConnectWise PSA. Valid names: %s. "+
			"New ones are added in ConnectWise PSA (System > Setup Tables).", field, name, kind, api.QuotedList(names))
		return nil, v
	case ref.Id != nil && name != "" && !strings.EqualFold(name, found[0].name):
		_, v := r.problem(name, "%s id %d is %q, not %q; give the id or the name.", field, found[0].id, found[0].name, name)
		return nil, v
	}
	return found, nil
}

// categoryList names the categories of subcategory entries with their ids:
// `"Services" (id 2), "Hardware" (id 3)`.
func categoryList(found []refEntry) string {
	cats := make([]string, len(found))
	for i, e := range found {
		cats[i] = fmt.Sprintf("%q (id %d)", e.category, e.categoryID)
	}
	return strings.Join(cats, ", ")
}

// orList is how to set field to one of the categories of found: `category = "Services"
// or category = "Hardware"`.
func orList(found []refEntry, field string, set func(field, value string) string) string {
	opts := make([]string, len(found))
	for i, e := range found {
		opts[i] = set(field, e.category)
	}
	return strings.Join(opts, " or ")
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
