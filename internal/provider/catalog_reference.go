package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// catalogReferenceCache reads ConnectWise catalog reference data (categories,
// subcategories, product types, units of measure) once per provider run. Plans use it to
// check names and to know a product's category before it is written.
type catalogReferenceCache struct {
	client *client.Client

	mu  sync.Mutex
	ref *catalogReference
}

// catalogReference is the reference data indexed by name.
type catalogReference struct {
	// categoriesBySubcategory lists, per subcategory name, the categories that have it.
	categoriesBySubcategory map[string][]string
	types                   map[string]bool
	units                   map[string]bool
}

// get returns the reference data, reading it from the API the first time.
func (c *catalogReferenceCache) get(ctx context.Context) (*catalogReference, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ref != nil {
		return c.ref, nil
	}
	raw, err := c.client.GetCatalogReference(ctx)
	if err != nil {
		return nil, err
	}
	c.ref = newCatalogReference(raw)
	return c.ref, nil
}

func newCatalogReference(raw *api.CatalogReference) *catalogReference {
	ref := &catalogReference{
		categoriesBySubcategory: map[string][]string{},
		types:                   map[string]bool{},
		units:                   map[string]bool{},
	}
	for _, cat := range raw.Categories {
		for _, sub := range cat.Subcategories {
			if sub.Name != nil {
				ref.categoriesBySubcategory[*sub.Name] = append(ref.categoriesBySubcategory[*sub.Name], cat.Name)
			}
		}
	}
	for _, t := range raw.ProductTypes {
		if t.Name != nil {
			ref.types[*t.Name] = true
		}
	}
	for _, u := range raw.UnitsOfMeasure {
		if u.Name != nil {
			ref.units[*u.Name] = true
		}
	}
	return ref
}

// category returns the category of a subcategory, and false when the subcategory is
// unknown or its name is used in more than one category.
func (r *catalogReference) category(subcategory string) (string, bool) {
	cats := r.categoriesBySubcategory[subcategory]
	if len(cats) != 1 {
		return "", false
	}
	return cats[0], true
}

// checkName returns an error detail when name is not one of the known names, listing
// the valid ones and pointing out a difference in case.
func checkName(attr, what, name string, known map[string]bool) string {
	if known[name] {
		return ""
	}
	names := make([]string, 0, len(known))
	for n := range known {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return fmt.Sprintf("%s %q is not a ConnectWise %s; names are case-sensitive: did you mean %q?", attr, name, what, n)
		}
	}
	return fmt.Sprintf("%s %q is not a ConnectWise %s of this partner's ConnectWise PSA. Valid names: %s. "+
		"New ones are added in ConnectWise PSA (System > Setup Tables).", attr, name, what, api.QuotedList(names))
}

// subcategoryNames returns the known subcategory names as a set.
func (r *catalogReference) subcategoryNames() map[string]bool {
	set := make(map[string]bool, len(r.categoriesBySubcategory))
	for n := range r.categoriesBySubcategory {
		set[n] = true
	}
	return set
}
