package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The cw_reference table: a partner's ConnectWise reference data (categories and their
// subcategories, product types, units of measure, manufacturers).

// Kinds of ConnectWise reference data.
const (
	RefCategory     = "category"
	RefSubcategory  = "subcategory"
	RefType         = "productType"
	RefUnit         = "unitOfMeasure"
	RefManufacturer = "manufacturer"
)

// ReferenceItem is one item of reference data; ParentID is a subcategory's category.
type ReferenceItem struct {
	ID       int64
	Name     string
	ParentID int64
}

// ReferenceItems lists a partner's reference data of a kind, in its order.
func (q Q) ReferenceItems(ctx context.Context, partnerID, kind string) ([]ReferenceItem, error) {
	return collect(ctx, q, func(row scanner) (ReferenceItem, error) {
		var it ReferenceItem
		var parent sql.NullInt64
		err := row.Scan(&it.ID, &it.Name, &parent)
		it.ParentID = parent.Int64
		return it, err
	}, "SELECT id, name, parent_id FROM cw_reference WHERE partner_id = ? AND kind = ? ORDER BY position, id", partnerID, kind)
}

// InsertReference stores an item of reference data at position (the order the catalog
// reference lists them in); parent is the category of a subcategory, else 0.
func (q Q) InsertReference(ctx context.Context, partnerID, kind string, id int64, name string, parent int64, position int) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO cw_reference(partner_id, kind, id, name, name_fold, parent_id, position) VALUES(?, ?, ?, ?, ?, ?, ?)`,
		partnerID, kind, id, name, Fold(name), sql.NullInt64{Int64: parent, Valid: parent != 0}, position)
	return err
}

// CatalogReference reads a partner's reference data, each list in its order.
func (q Q) CatalogReference(ctx context.Context, partnerID string) (api.CatalogReference, error) {
	out := api.CatalogReference{
		Categories: []api.CatalogCategory{}, ProductTypes: []api.Reference{}, UnitsOfMeasure: []api.Reference{},
		ProductClasses: api.ProductClasses(),
	}
	type item struct {
		kind   string
		id     int64
		name   string
		parent sql.NullInt64
	}
	items, err := collect(ctx, q, func(row scanner) (item, error) {
		var it item
		err := row.Scan(&it.kind, &it.id, &it.name, &it.parent)
		return it, err
	}, "SELECT kind, id, name, parent_id FROM cw_reference WHERE partner_id = ? ORDER BY position, id", partnerID)
	if err != nil {
		return out, err
	}
	categoryIndex := map[int64]int{}
	for _, it := range items {
		ref := api.Reference{Id: ptr(it.id), Name: ptr(it.name)}
		switch it.kind {
		case RefCategory:
			categoryIndex[it.id] = len(out.Categories)
			out.Categories = append(out.Categories, api.CatalogCategory{Id: it.id, Name: it.name, Subcategories: []api.Reference{}})
		case RefSubcategory:
			if i, ok := categoryIndex[it.parent.Int64]; ok {
				out.Categories[i].Subcategories = append(out.Categories[i].Subcategories, ref)
			}
		case RefType:
			out.ProductTypes = append(out.ProductTypes, ref)
		case RefUnit:
			out.UnitsOfMeasure = append(out.UnitsOfMeasure, ref)
		}
	}
	return out, nil
}

// ReferenceID finds reference data of a kind by name (case-insensitive); a subcategory
// within category when category is not "" (the name alone is enough when one category has
// it). The error names what was not found.
func (q Q) ReferenceID(ctx context.Context, partnerID, kind, name, category string) (int64, error) {
	var id int64
	var err error
	if kind == RefSubcategory && category != "" {
		err = q.q.QueryRowContext(ctx, `SELECT s.id FROM cw_reference s JOIN cw_reference c ON c.partner_id = s.partner_id AND c.kind = ? AND c.id = s.parent_id
			WHERE s.partner_id = ? AND s.kind = ? AND s.name_fold = ? AND c.name_fold = ?`, RefCategory, partnerID, kind, Fold(name), Fold(category)).Scan(&id)
		if err != nil {
			return 0, fmt.Errorf("%s %q of category %q: %w", kind, name, category, err)
		}
		return id, nil
	}
	err = q.q.QueryRowContext(ctx, "SELECT id FROM cw_reference WHERE partner_id = ? AND kind = ? AND name_fold = ?", partnerID, kind, Fold(name)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("%s %q: %w", kind, name, err)
	}
	return id, nil
}

// FirstReferenceID is the id of a partner's first reference data of a kind; 0 when it has
// none.
func (q Q) FirstReferenceID(ctx context.Context, partnerID, kind string) (int64, error) {
	var id int64
	err := q.q.QueryRowContext(ctx, "SELECT id FROM cw_reference WHERE partner_id = ? AND kind = ? ORDER BY position LIMIT 1", partnerID, kind).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}
