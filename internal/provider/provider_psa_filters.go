package provider

import (
	"context"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The PSA data sources and the ConnectWise product list filter the run's listing of a PSA
// (one per entity and process, whichever directory read it) with the filters the PSA
// Integration API applies to its lists, so a data source answers the same through the
// integration and through the PSA's own API, and shares the listing with every resource.
// Texts compare as the API compares them: trimmed, ignoring case.

// fold is how the filters compare texts.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// productFilter selects products: search in the identifier or the description, the whole
// identifier, and inactive ones only when asked.
type productFilter struct {
	search, identifier string
	includeInactive    bool
}

func (f productFilter) keep(p api.PsaProduct) bool {
	s := fold(f.search)
	return (f.includeInactive || !p.InactiveFlag) &&
		(f.identifier == "" || fold(p.Identifier) == fold(f.identifier)) &&
		(s == "" || strings.Contains(fold(p.Identifier), s) || strings.Contains(fold(p.Description), s))
}

// companyFilter selects companies: search in the name, or the whole name.
type companyFilter struct{ search, name string }

func (f companyFilter) keep(c api.PsaCompany) bool {
	s := fold(f.search)
	return (f.name == "" || fold(c.Name) == fold(f.name)) && (s == "" || strings.Contains(fold(c.Name), s))
}

// contractFilter selects contracts (never cancelled ones, which no listing has): one
// company's, by the whole name, expired ones unless excluded.
type contractFilter struct {
	companyID      *int64
	name           string
	excludeExpired bool
}

func (f contractFilter) keep(c api.PsaContract) bool {
	return (f.companyID == nil || c.CompanyId == *f.companyID) &&
		(f.name == "" || fold(c.Name) == fold(f.name)) &&
		(!f.excludeExpired || c.Status != api.ContractStatusExpired)
}

// rowsOf is the rows of l that keep accepts, in the listing's order.
func rowsOf[K comparable, V any](ctx context.Context, l *listing[K, V], keep func(V) bool) ([]V, error) {
	var out []V
	err := l.each(ctx, func(v V, _ bool) bool {
		if keep(v) {
			out = append(out, v)
		}
		return true
	})
	return out, err
}
