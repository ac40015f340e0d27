package emulator

import (
	"context"
	"database/sql"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Admin performs out-of-band operations, as a person working in the Sophos Central Partner
// console or in the PSA would. They skip the API's rules (only existence is checked) and
// return *StatusError for problems. Operations on partner data apply to one partner: the
// primary partner for Emulator.Admin, another one through ForPartner.
type Admin struct {
	e         *Emulator
	partnerID string
}

// ForPartner returns the admin operations on another partner's data.
func (a *Admin) ForPartner(partnerID string) *Admin {
	return &Admin{e: a.e, partnerID: strings.ToLower(partnerID)}
}

func checkAdminPSA(psa api.Psa) error {
	if !validPSA(psa) {
		return fieldError("psa", string(psa), psaAllowed(), "unknown PSA %q; valid values are %s", psa, strings.Join(psaAllowed(), ", "))
	}
	return nil
}

// tx runs fn in a transaction after checking psa.
func (a *Admin) tx(psa api.Psa, fn func(ctx context.Context, tx *sql.Tx) error) error {
	if err := checkAdminPSA(psa); err != nil {
		return err
	}
	ctx := context.Background()
	return a.e.store.tx(ctx, func(tx *sql.Tx) error { return fn(ctx, tx) })
}

func (a *Admin) ts() int64 { return toNanos(a.e.now()) }

// SetIntegrationStatus sets a PSA integration's status (connected, notConfigured or error),
// as connecting or disconnecting it in the console would.
func (a *Admin) SetIntegrationStatus(psa api.Psa, status api.IntegrationStatus) error {
	if !status.Valid() {
		return fieldError("status", string(status), []string{"connected", "notConfigured", "error"}, "unknown integration status %q", status)
	}
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		if err := requirePartner(ctx, tx, a.partnerID); err != nil {
			return err
		}
		var connected sql.NullInt64
		if status == api.IntegrationStatusConnected {
			connected = sql.NullInt64{Int64: a.ts(), Valid: true}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO integrations(partner_id, psa, name, status, site_url, connected_at, usage_sync_schedule)
			VALUES(?, ?, ?, ?, '', ?, 'withInvoice')
			ON CONFLICT(partner_id, psa) DO UPDATE SET status = excluded.status, status_error = '', connected_at = COALESCE(integrations.connected_at, excluded.connected_at)`,
			a.partnerID, psa, psa.DisplayName(), status, connected)
		return err
	})
}

// SyncResults returns the stored results of past usage-sync passes of a PSA, newest first.
func (a *Admin) SyncResults(psa api.Psa) ([]SyncResult, error) {
	var out []SyncResult
	err := a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT r.customer_id, COALESCE(t.name, ''), r.company_id, r.contract_id, r.status, r.error, r.at FROM sync_results r
			LEFT JOIN tenants t ON t.id = r.customer_id WHERE r.partner_id = ? AND r.psa = ? ORDER BY r.id DESC`, a.partnerID, psa)
		if err != nil {
			return err
		}
		defer func() { _ = rows.Close() }()
		for rows.Next() {
			var r SyncResult
			var at int64
			if err := rows.Scan(&r.CustomerID, &r.CustomerName, &r.CompanyID, &r.ContractID, &r.Status, &r.Error, &at); err != nil {
				return err
			}
			r.At = fromNanos(at)
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}
