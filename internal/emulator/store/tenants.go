package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The tenants table: the partners' customers.

// Tenant is a customer of a partner as it is stored.
type Tenant struct {
	ID, Name, ShowAs, BillingType, DataRegion, DataGeography, Status string
}

// InsertTenant stores a customer of partnerID.
func (q Q) InsertTenant(ctx context.Context, partnerID string, t Tenant) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO tenants(id, partner_id, name, name_fold, show_as, billing_type, data_region, data_geography, status)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)`, t.ID, partnerID, t.Name, Fold(t.Name), t.ShowAs, t.BillingType, t.DataRegion, t.DataGeography, t.Status)
	return err
}

// InsertTenants stores many customers of partnerID with one prepared statement.
func (q Q) InsertTenants(ctx context.Context, partnerID string, ts []Tenant) error {
	stmt, err := q.q.PrepareContext(ctx, `INSERT INTO tenants(id, partner_id, name, name_fold, show_as, billing_type, data_region, data_geography, status)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if _, err := stmt.ExecContext(ctx, t.ID, partnerID, t.Name, Fold(t.Name), t.ShowAs, t.BillingType, t.DataRegion, t.DataGeography, t.Status); err != nil {
			return errors.Join(fmt.Errorf("adding tenant %s: %w", t.Name, err), stmt.Close())
		}
	}
	return stmt.Close()
}

// TenantExists reports whether any partner has a customer with id.
func (q Q) TenantExists(ctx context.Context, id string) (bool, error) {
	n, err := count(ctx, q, "SELECT COUNT(*) FROM tenants WHERE id = ?", id)
	return n > 0, err
}

// TenantPartner is the partner a customer belongs to; ErrNotFound for an unknown customer.
func (q Q) TenantPartner(ctx context.Context, id string) (string, error) {
	var partner string
	err := q.q.QueryRowContext(ctx, "SELECT partner_id FROM tenants WHERE id = ?", id).Scan(&partner)
	return partner, notFound(err)
}

// SetTenantBillingType changes a customer's billing type; ErrNotFound unless the customer is
// partnerID's.
func (q Q) SetTenantBillingType(ctx context.Context, partnerID, id string, billingType api.BillingType) error {
	return q.execOne(ctx, "UPDATE tenants SET billing_type = ? WHERE id = ? AND partner_id = ?", billingType, id, partnerID)
}

// RenameTenant renames a customer; ErrNotFound unless the customer is partnerID's.
func (q Q) RenameTenant(ctx context.Context, partnerID, id, name string) error {
	return q.execOne(ctx, "UPDATE tenants SET name = ?, name_fold = ? WHERE id = ? AND partner_id = ?", name, Fold(name), id, partnerID)
}

// UsageBilledTenants lists the ids of partnerID's usage-billed customers by name.
func (q Q) UsageBilledTenants(ctx context.Context, partnerID string) ([]string, error) {
	return collect(ctx, q, scanString, "SELECT id FROM tenants WHERE partner_id = ? AND billing_type = 'usage' ORDER BY name_fold, id", partnerID)
}

// CountTenantsNamedLike counts partnerID's customers whose name starts with prefix.
func (q Q) CountTenantsNamedLike(ctx context.Context, partnerID, prefix string) (int, error) {
	return count(ctx, q, "SELECT COUNT(*) FROM tenants WHERE partner_id = ? AND substr(name, 1, ?) = ?", partnerID, len(prefix), prefix)
}

// ListTenants reads a page of partnerID's customers by name.
func (q Q) ListTenants(ctx context.Context, partnerID string, w Window) (Page[Tenant], error) {
	return listPage(ctx, q, `SELECT id, name, show_as, billing_type, data_region, data_geography, status FROM tenants WHERE partner_id = ?`,
		"name_fold, id", []any{partnerID}, w, func(row scanner) (Tenant, error) {
			var t Tenant
			err := row.Scan(&t.ID, &t.Name, &t.ShowAs, &t.BillingType, &t.DataRegion, &t.DataGeography, &t.Status)
			return t, err
		})
}
