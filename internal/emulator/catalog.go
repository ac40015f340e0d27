package emulator

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// GetConnectWiseCatalogReference implements GET /partner/v1/psa/connectwise/catalog-reference.
func (s *server) GetConnectWiseCatalogReference(w http.ResponseWriter, r *http.Request, _ api.GetConnectWiseCatalogReferenceParams) {
	e := s.e
	out, err := catalogReference(r.Context(), e.store.q(r.Context()), principalOf(r).partnerID)
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func catalogReference(ctx context.Context, q querier, partnerID string) (api.CatalogReference, error) {
	out := api.CatalogReference{
		Categories: []api.CatalogCategory{}, ProductTypes: []api.Reference{}, UnitsOfMeasure: []api.Reference{},
		ProductClasses: []api.ProductClass{api.ProductClassAgreement, api.ProductClassBundle, api.ProductClassInventory, api.ProductClassNonInventory, api.ProductClassService},
	}
	rows, err := q.QueryContext(ctx, "SELECT kind, id, name, parent_id FROM cw_reference WHERE partner_id = ? ORDER BY position, id", partnerID)
	if err != nil {
		return out, err
	}
	defer func() { _ = rows.Close() }()
	categoryIndex := map[int64]int{}
	for rows.Next() {
		var (
			kind   string
			id     int64
			name   string
			parent sql.NullInt64
		)
		if err := rows.Scan(&kind, &id, &name, &parent); err != nil {
			return out, err
		}
		ref := api.Reference{Id: ptr(id), Name: ptr(name)}
		switch kind {
		case refCategory:
			categoryIndex[id] = len(out.Categories)
			out.Categories = append(out.Categories, api.CatalogCategory{Id: id, Name: name, Subcategories: []api.Reference{}})
		case refSubcategory:
			if i, ok := categoryIndex[parent.Int64]; ok {
				out.Categories[i].Subcategories = append(out.Categories[i].Subcategories, ref)
			}
		case refType:
			out.ProductTypes = append(out.ProductTypes, ref)
		case refUnit:
			out.UnitsOfMeasure = append(out.UnitsOfMeasure, ref)
		}
	}
	return out, rows.Err()
}

func refNames(ctx context.Context, q querier, partnerID, kind string) ([]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT name FROM cw_reference WHERE partner_id = ? AND kind = ? ORDER BY position, id", partnerID, kind)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	names := []string{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}
