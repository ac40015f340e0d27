package connectwise

import (
	"net/http"
	"reflect"
	"strings"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// The reference lists a catalog item points into, read-only: /procurement/categories (and a
// category's /subcategories), /procurement/subcategories/ (with the trailing slash
// ConnectWise's document gives it, and without), /procurement/types,
// /procurement/unitOfMeasures and /procurement/manufacturers, each with /count and /{id}.

// referenceList is one reference list: where it is served, its kind in the store and how
// an item renders.
type referenceList struct {
	path   string
	kind   string
	schema schema
	render func(it store.ReferenceItem, categories map[int64]string) any
}

func referenceLists() []referenceList {
	named := func(it store.ReferenceItem) (int, string, *bool) { return int(it.ID), it.Name, ptr(false) }
	return []referenceList{
		{cw.PathCategories, store.RefCategory, knownPaths(reflect.TypeFor[cw.Category]()), func(it store.ReferenceItem, _ map[int64]string) any {
			id, name, inactive := named(it)
			return cw.Category{ID: id, Name: name, InactiveFlag: inactive}
		}},
		{strings.TrimSuffix(cw.PathSubcategories, "/"), store.RefSubcategory, knownPaths(reflect.TypeFor[cw.Subcategory]()), subcategory},
		{cw.PathProductTypes, store.RefType, knownPaths(reflect.TypeFor[cw.ProductType]()), func(it store.ReferenceItem, _ map[int64]string) any {
			id, name, inactive := named(it)
			return cw.ProductType{ID: id, Name: name, InactiveFlag: inactive}
		}},
		{cw.PathUnitsOfMeasure, store.RefUnit, knownPaths(reflect.TypeFor[cw.UnitOfMeasure]()), func(it store.ReferenceItem, _ map[int64]string) any {
			id, name, inactive := named(it)
			return cw.UnitOfMeasure{ID: id, Name: name, InactiveFlag: inactive}
		}},
		{cw.PathManufacturers, store.RefManufacturer, knownPaths(reflect.TypeFor[cw.Manufacturer]()), func(it store.ReferenceItem, _ map[int64]string) any {
			id, name, inactive := named(it)
			return cw.Manufacturer{ID: id, Name: name, InactiveFlag: inactive}
		}},
	}
}

func subcategory(it store.ReferenceItem, categories map[int64]string) any {
	return cw.Subcategory{ID: int(it.ID), Name: it.Name, InactiveFlag: ptr(false),
		Category: &cw.CategoryReference{ID: int(it.ParentID), Name: categories[it.ParentID]}}
}

func (rm *Room) referenceRoutes() {
	for _, l := range referenceLists() {
		paths := []string{l.path}
		if l.kind == store.RefSubcategory {
			paths = append(paths, cw.PathCategories+"/{parentId}/subcategories")
		}
		load := func(r *http.Request, q store.Q) ([]record, error) { return referenceRecords(r, q, l) }
		for _, p := range paths {
			rm.collection(p, l.schema, load)
			rm.handleAPI(http.MethodGet, p+"/{$}", func(r *http.Request, q store.Q) (web.Reply, error) {
				recs, err := load(r, q)
				if err != nil {
					return web.Reply{}, err
				}
				return list(r, recs, l.schema)
			})
			rm.handleAPI(http.MethodGet, p+"/{id}", getReference(l))
		}
	}
}

// referenceRecords reads a partner's items of l (those of the category the path names,
// when it names one) as records.
func referenceRecords(r *http.Request, q store.Q, l referenceList) ([]record, error) {
	partner := memberOf(r).PartnerID
	items, err := q.ReferenceItems(r.Context(), partner, l.kind)
	if err != nil {
		return nil, err
	}
	cats, err := q.ReferenceItems(r.Context(), partner, store.RefCategory)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, c := range cats {
		names[c.ID] = c.Name
	}
	if r.PathValue("parentId") != "" {
		parent, err := pathID(r, "parentId")
		if err != nil {
			return nil, err
		}
		if _, ok := names[parent]; !ok {
			return nil, notFound("Category with id %d was not found.", parent)
		}
		var in []store.ReferenceItem
		for _, it := range items {
			if it.ParentID == parent {
				in = append(in, it)
			}
		}
		items = in
	}
	recs, err := toRecords(items, func(it store.ReferenceItem) any { return l.render(it, names) }, func(any) int { return 0 })
	for i := range recs {
		recs[i].id = int(items[i].ID)
	}
	return recs, err
}

func getReference(l referenceList) func(*http.Request, store.Q) (web.Reply, error) {
	return func(r *http.Request, q store.Q) (web.Reply, error) {
		id, err := pathID(r, "id")
		if err != nil {
			return web.Reply{}, err
		}
		recs, err := referenceRecords(r, q, l)
		if err != nil {
			return web.Reply{}, err
		}
		for _, rec := range recs {
			if int64(rec.id) == id {
				return web.OK(rec.fields), nil
			}
		}
		return web.Reply{}, notFound("%s record with id %d was not found.", strings.TrimPrefix(l.path, "/procurement/"), id)
	}
}
