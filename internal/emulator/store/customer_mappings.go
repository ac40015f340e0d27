package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The customer_mappings table: which PSA company and contract each customer is mapped to,
// per partner and PSA, with the last usage-sync result.

// CustomerMapping is a customer with its mapping (if any) and the live state of the mapped
// company and contract, as the contract shows it (its Etag is the caller's), and the
// mapping's version.
type CustomerMapping struct {
	Mapping api.CustomerMapping
	Version int64
}

// customerMappingSelect reads tenants with their mapping (if any) and the live state of the
// mapped company and contract. Arguments: psa, psa, psa, partner id.
const customerMappingSelect = `SELECT t.id, t.name, t.billing_type, cm.company_id, cm.company_name, cm.contract_id, cm.contract_name,
	COALESCE(cm.usage_sync, 0), COALESCE(cm.ticket_sync, 0), COALESCE(cm.version, 0), cm.updated_at, cm.updated_by,
	cm.last_sync_status, cm.last_sync_at, cm.last_sync_error,
	(SELECT status FROM contracts k WHERE k.id = cm.contract_id AND k.partner_id = t.partner_id AND k.psa = ?),
	EXISTS (SELECT 1 FROM companies co WHERE co.id = cm.company_id AND co.partner_id = t.partner_id AND co.psa = ?)
	FROM tenants t LEFT JOIN customer_mappings cm ON cm.customer_id = t.id AND cm.partner_id = t.partner_id AND cm.psa = ?
	WHERE t.partner_id = ?`

func scanCustomerMapping(psa api.Psa) func(scanner) (CustomerMapping, error) {
	return func(row scanner) (CustomerMapping, error) {
		var (
			out                                    CustomerMapping
			billing                                string
			companyID, contractID, updated, syncAt sql.NullInt64
			companyName, contractName, syncStatus  sql.NullString
			syncError, liveStatus, updatedBy       sql.NullString
			usage, ticket, companyExists           bool
		)
		m := &out.Mapping
		err := row.Scan(&m.CustomerId, &m.CustomerName, &billing, &companyID, &companyName, &contractID, &contractName,
			&usage, &ticket, &out.Version, &updated, &updatedBy, &syncStatus, &syncAt, &syncError, &liveStatus, &companyExists)
		m.Psa = psa
		m.BillingType = api.BillingType(billing)
		m.UsageSyncAvailable = billing == string(api.BillingTypeUsage)
		m.Mapped = companyID.Valid
		m.CompanyId, m.CompanyName = nullInt(companyID), nullString(companyName)
		m.ContractId, m.ContractName = nullInt(contractID), nullString(contractName)
		m.UsageSyncEnabled = usage && m.Mapped
		m.TicketSyncEnabled = ticket && m.Mapped
		m.UpdatedAt = nullTime(updated)
		m.UpdatedBy = changedBy(updatedBy)
		if m.Mapped {
			m.CompanyExists = ptr(companyExists)
		}
		if contractID.Valid {
			status := api.CustomerMappingContractStatusMissing
			if liveStatus.Valid {
				status = api.CustomerMappingContractStatus(liveStatus.String)
			}
			m.ContractStatus = &status
		}
		if syncStatus.Valid && syncAt.Valid {
			m.LastSync = &api.LastSync{Status: api.SyncStatus(syncStatus.String), At: fromNanos(syncAt.Int64), Error: nullString(syncError)}
		}
		return out, err
	}
}

// CustomerMapping reads one customer's mapping in the partner's PSA (unmapped when it has
// none); ErrNotFound unless the customer is the partner's.
func (q Q) CustomerMapping(ctx context.Context, partnerID string, psa api.Psa, customerID string) (CustomerMapping, error) {
	m, err := scanCustomerMapping(psa)(q.q.QueryRowContext(ctx, customerMappingSelect+" AND t.id = ?", psa, psa, psa, partnerID, strings.ToLower(customerID)))
	return m, notFound(err)
}

// CustomerMappingFilter selects customers of a list; nil selects everything.
type CustomerMappingFilter struct {
	UsageSyncAvailable *bool
	SyncStatus         *api.SyncStatus
}

// ListCustomerMappings reads a page of the partner's customers by name, with their mappings
// in the PSA.
func (q Q) ListCustomerMappings(ctx context.Context, partnerID string, psa api.Psa, f CustomerMappingFilter, w Window) (Page[CustomerMapping], error) {
	cond := ""
	args := []any{psa, psa, psa, partnerID}
	if f.UsageSyncAvailable != nil {
		if *f.UsageSyncAvailable {
			cond += " AND t.billing_type = 'usage'"
		} else {
			cond += " AND t.billing_type <> 'usage'"
		}
	}
	if f.SyncStatus != nil {
		cond += " AND cm.last_sync_status = ?"
		args = append(args, *f.SyncStatus)
	}
	return listPage(ctx, q, customerMappingSelect+cond, "t.name_fold, t.id", args, w, scanCustomerMapping(psa))
}

// CustomerHolding returns the customer other than except mapped to the company and contract
// in the partner's PSA (id and name only), or nil.
func (q Q) CustomerHolding(ctx context.Context, partnerID string, psa api.Psa, companyID, contractID int64, except string) (*api.CustomerMapping, error) {
	holders, err := collect(ctx, q, func(row scanner) (api.CustomerMapping, error) {
		var other api.CustomerMapping
		err := row.Scan(&other.CustomerId, &other.CustomerName)
		return other, err
	}, `SELECT t.id, t.name FROM customer_mappings cm JOIN tenants t ON t.id = cm.customer_id
		WHERE cm.partner_id = ? AND cm.psa = ? AND cm.company_id = ? AND cm.contract_id = ? AND cm.customer_id <> ? ORDER BY t.name_fold LIMIT 1`,
		partnerID, psa, companyID, contractID, except)
	if err != nil || len(holders) == 0 {
		return nil, err
	}
	return &holders[0], nil
}

// MappingTarget is what a customer is mapped to: a company with its name, optionally a
// contract with its name, and the two syncs.
type MappingTarget struct {
	CompanyID             int64
	CompanyName           string
	ContractID            *int64
	ContractName          string
	UsageSync, TicketSync bool
}

// MapCustomer writes a customer's mapping with fresh name snapshots, bumping its version, at
// ts, by by. The last sync result is kept only while the company and contract stay what
// current has.
func (q Q) MapCustomer(ctx context.Context, partnerID string, psa api.Psa, current *api.CustomerMapping, t MappingTarget, ts int64, by Writer) error {
	var contractName sql.NullString
	if t.ContractID != nil {
		contractName = sql.NullString{String: t.ContractName, Valid: true}
	}
	sameTarget := current.CompanyId != nil && *current.CompanyId == t.CompanyID &&
		((current.ContractId == nil && t.ContractID == nil) || (current.ContractId != nil && t.ContractID != nil && *current.ContractId == *t.ContractID))
	_, err := q.q.ExecContext(ctx, `INSERT INTO customer_mappings(partner_id, psa, customer_id, company_id, company_name, contract_id, contract_name,
			usage_sync, ticket_sync, version, updated_at, updated_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
		ON CONFLICT(partner_id, psa, customer_id) DO UPDATE SET company_id = excluded.company_id, company_name = excluded.company_name,
			contract_id = excluded.contract_id, contract_name = excluded.contract_name, usage_sync = excluded.usage_sync,
			ticket_sync = excluded.ticket_sync, version = customer_mappings.version + 1, updated_at = excluded.updated_at,
			updated_by = excluded.updated_by,
			last_sync_status = CASE WHEN ? THEN last_sync_status END,
			last_sync_at = CASE WHEN ? THEN last_sync_at END,
			last_sync_error = CASE WHEN ? THEN last_sync_error END`,
		partnerID, psa, current.CustomerId, t.CompanyID, t.CompanyName, t.ContractID, contractName, t.UsageSync, t.TicketSync, ts, by.value(),
		sameTarget, sameTarget, sameTarget)
	return err
}

// UnmapCustomer removes a customer's mapping: no company or contract, both syncs off, no
// last sync; its version goes up, at ts, by by.
func (q Q) UnmapCustomer(ctx context.Context, partnerID string, psa api.Psa, customerID string, ts int64, by Writer) error {
	_, err := q.q.ExecContext(ctx, `UPDATE customer_mappings SET company_id = NULL, company_name = NULL, contract_id = NULL, contract_name = NULL,
		usage_sync = 0, ticket_sync = 0, last_sync_status = NULL, last_sync_at = NULL, last_sync_error = NULL,
		version = version + 1, updated_at = ?, updated_by = ? WHERE partner_id = ? AND psa = ? AND customer_id = ? AND company_id IS NOT NULL`,
		ts, by.value(), partnerID, psa, customerID)
	return err
}

// RefreshNames copies the live company and contract names into the mapping of a customer
// ("" = every mapping of the partner's PSA). Names of objects that no longer exist are kept.
// The version does not change: the names are read-only data.
func (q Q) RefreshNames(ctx context.Context, partnerID string, psa api.Psa, customerID string) error {
	query := `UPDATE customer_mappings SET
		company_name = COALESCE((SELECT name FROM companies c WHERE c.id = customer_mappings.company_id
			AND c.partner_id = customer_mappings.partner_id AND c.psa = customer_mappings.psa), company_name),
		contract_name = COALESCE((SELECT name FROM contracts k WHERE k.id = customer_mappings.contract_id
			AND k.partner_id = customer_mappings.partner_id AND k.psa = customer_mappings.psa), contract_name)
		WHERE partner_id = ? AND psa = ? AND company_id IS NOT NULL`
	args := []any{partnerID, psa}
	if customerID != "" {
		query += " AND customer_id = ?"
		args = append(args, customerID)
	}
	_, err := q.q.ExecContext(ctx, query, args...)
	return err
}

// MappedCustomerNames lists the names of the customers mapped in the partner's PSA.
func (q Q) MappedCustomerNames(ctx context.Context, partnerID string, psa api.Psa) ([]string, error) {
	return collect(ctx, q, scanString, `SELECT t.name FROM customer_mappings cm JOIN tenants t ON t.id = cm.customer_id
		WHERE cm.partner_id = ? AND cm.psa = ? AND cm.company_id IS NOT NULL ORDER BY t.name_fold`, partnerID, psa)
}

// SyncCandidate is a customer mapped in a PSA with usage sync on.
type SyncCandidate struct {
	CustomerID, CustomerName, BillingType string
	CompanyID                             int64
	CompanyName                           string
	ContractID                            *int64
	ContractName                          *string
}

// SyncCandidates lists the customers mapped in the partner's PSA with usage sync on, by
// name.
func (q Q) SyncCandidates(ctx context.Context, partnerID string, psa api.Psa) ([]SyncCandidate, error) {
	return collect(ctx, q, func(row scanner) (SyncCandidate, error) {
		var c SyncCandidate
		var companyName sql.NullString
		err := row.Scan(&c.CustomerID, &c.CustomerName, &c.BillingType, &c.CompanyID, &companyName, &c.ContractID, &c.ContractName)
		c.CompanyName = companyName.String
		return c, err
	}, `SELECT t.id, t.name, t.billing_type, cm.company_id, cm.company_name, cm.contract_id, cm.contract_name
		FROM customer_mappings cm JOIN tenants t ON t.id = cm.customer_id
		WHERE cm.partner_id = ? AND cm.psa = ? AND cm.company_id IS NOT NULL AND cm.usage_sync = 1
		ORDER BY t.name_fold, t.id`, partnerID, psa)
}

// SetLastSync records a customer's last usage-sync result (errText "" for none) at ts.
func (q Q) SetLastSync(ctx context.Context, partnerID string, psa api.Psa, customerID string, status api.SyncStatus, errText string, ts int64) error {
	_, err := q.q.ExecContext(ctx, `UPDATE customer_mappings SET last_sync_status = ?, last_sync_at = ?, last_sync_error = ?
		WHERE partner_id = ? AND psa = ? AND customer_id = ?`, status, ts, nullIfEmpty(errText), partnerID, psa, customerID)
	return err
}

// SeedCustomerMapping is a seed's customer mapping.
type SeedCustomerMapping struct {
	CustomerID            string
	CompanyID             int64
	CompanyName           string
	ContractID            *int64
	ContractName          *string
	UsageSync, TicketSync bool
}

// InsertCustomerMapping stores a seed's customer mapping with version 1, as made in the
// console.
func (q Q) InsertCustomerMapping(ctx context.Context, partnerID string, psa api.Psa, m SeedCustomerMapping, ts int64) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO customer_mappings(partner_id, psa, customer_id, company_id, company_name, contract_id, contract_name,
		usage_sync, ticket_sync, version, updated_at, updated_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		partnerID, psa, m.CustomerID, m.CompanyID, m.CompanyName, m.ContractID, m.ContractName, m.UsageSync, m.TicketSync, ts, Console.value())
	return err
}
