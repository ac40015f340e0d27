package store

import "context"

// The autotask_picklists table: each partner's Autotask picklists (entityInformation/fields),
// whose values differ per Autotask database.

// PicklistValue is one value of a picklist field of an Autotask entity.
type PicklistValue struct {
	Entity, Field string
	// Value is what the entity's field holds, as text (Autotask's picklist values are
	// strings in entityInformation and numbers in the entity).
	Value, Label string
	IsActive     bool
	IsDefault    bool
	IsSystem     bool
	SortOrder    int
	ParentValue  string
}

// PutPicklist replaces the values of the partner's picklist entity.field.
func (q Q) PutPicklist(ctx context.Context, partnerID, entity, field string, values []PicklistValue) error {
	return q.Tx(ctx, func(q Q) error {
		if _, err := q.q.ExecContext(ctx, "DELETE FROM autotask_picklists WHERE partner_id = ? AND entity = ? AND field = ?", partnerID, entity, field); err != nil {
			return err
		}
		for _, v := range values {
			_, err := q.q.ExecContext(ctx, `INSERT INTO autotask_picklists(partner_id, entity, field, value, label, is_active, is_default, is_system, sort_order, parent_value)
				VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, partnerID, entity, field, v.Value, v.Label, v.IsActive, v.IsDefault, v.IsSystem, v.SortOrder, v.ParentValue)
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// Picklists reads every picklist value of the partner, by entity, field and sort order.
func (q Q) Picklists(ctx context.Context, partnerID string) ([]PicklistValue, error) {
	return collect(ctx, q, func(row scanner) (PicklistValue, error) {
		var v PicklistValue
		err := row.Scan(&v.Entity, &v.Field, &v.Value, &v.Label, &v.IsActive, &v.IsDefault, &v.IsSystem, &v.SortOrder, &v.ParentValue)
		return v, err
	}, `SELECT entity, field, value, label, is_active, is_default, is_system, sort_order, parent_value FROM autotask_picklists
		WHERE partner_id = ? ORDER BY entity, field, sort_order, value`, partnerID)
}

// PartnersWithoutPicklists lists the partners that have no Autotask picklist at all (a
// database made before the Autotask room), by id.
func (q Q) PartnersWithoutPicklists(ctx context.Context) ([]string, error) {
	return collect(ctx, q, scanString, `SELECT id FROM partners p WHERE NOT EXISTS (SELECT 1 FROM autotask_picklists a WHERE a.partner_id = p.id) ORDER BY id`)
}
