package emulator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// customerMappingSelect reads tenants with their mapping (if any) and the live state of the
// mapped company and contract. Arguments: psa, psa, psa, partner id.
const customerMappingSelect = `SELECT t.id, t.name, t.billing_type, cm.company_id, cm.company_name, cm.contract_id, cm.contract_name,
	COALESCE(cm.usage_sync, 0), COALESCE(cm.ticket_sync, 0), COALESCE(cm.version, 0), cm.updated_at,
	cm.last_sync_status, cm.last_sync_at, cm.last_sync_error,
	(SELECT status FROM contracts k WHERE k.id = cm.contract_id AND k.partner_id = t.partner_id AND k.psa = ?),
	EXISTS (SELECT 1 FROM companies co WHERE co.id = cm.company_id AND co.partner_id = t.partner_id AND co.psa = ?)
	FROM tenants t LEFT JOIN customer_mappings cm ON cm.customer_id = t.id AND cm.partner_id = t.partner_id AND cm.psa = ?
	WHERE t.partner_id = ?`

// customerMappingRow is one row of customerMappingSelect.
type customerMappingRow struct {
	mapping api.CustomerMapping
	version int64
}

func scanCustomerMapping(psa api.Psa, row interface{ Scan(...any) error }) (customerMappingRow, error) {
	var (
		out                                    customerMappingRow
		billing                                string
		companyID, contractID, updated, syncAt sql.NullInt64
		companyName, contractName, syncStatus  sql.NullString
		syncError, liveStatus                  sql.NullString
		usage, ticket, companyExists           bool
	)
	m := &out.mapping
	err := row.Scan(&m.CustomerId, &m.CustomerName, &billing, &companyID, &companyName, &contractID, &contractName,
		&usage, &ticket, &out.version, &updated, &syncStatus, &syncAt, &syncError, &liveStatus, &companyExists)
	m.Etag = ptr(etag(out.version))
	m.Psa = psa
	m.BillingType = api.BillingType(billing)
	m.UsageSyncAvailable = billing == string(api.BillingTypeUsage)
	m.Mapped = companyID.Valid
	m.CompanyId, m.CompanyName = nullInt(companyID), nullString(companyName)
	m.ContractId, m.ContractName = nullInt(contractID), nullString(contractName)
	m.UsageSyncEnabled = usage && m.Mapped
	m.TicketSyncEnabled = ticket && m.Mapped
	m.UpdatedAt = nullTime(updated)
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

// customerMapping reads one customer's mapping; 404 unless the customer is the partner's.
func customerMapping(ctx context.Context, q querier, partnerID string, psa api.Psa, customerID string) (customerMappingRow, error) {
	row, err := scanCustomerMapping(psa, q.QueryRowContext(ctx, customerMappingSelect+" AND t.id = ?", psa, psa, psa, partnerID, strings.ToLower(customerID)))
	if errors.Is(err, sql.ErrNoRows) {
		return row, errNotFound("customer %s is not a customer of this partner; list customers with GET /partner/v1/tenants", customerID)
	}
	return row, err
}

// ListCustomerMappings implements GET /partner/v1/psa/{psa}/customer-mappings: every customer
// of the partner, mapped or not.
func (s *server) ListCustomerMappings(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.ListCustomerMappingsParams) {
	e := s.e
	pg, err := newPaging(params.Page, params.PageSize, params.PageTotal)
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	cond := ""
	args := []any{psa, psa, psa, principalOf(r).partnerID}
	if params.UsageSyncAvailable != nil {
		if *params.UsageSyncAvailable {
			cond += " AND t.billing_type = 'usage'"
		} else {
			cond += " AND t.billing_type <> 'usage'"
		}
	}
	if params.SyncStatus != nil {
		if !params.SyncStatus.Valid() {
			e.writeError(w, r, fieldError("syncStatus", string(*params.SyncStatus), []string{string(api.SyncStatusSuccessful), string(api.SyncStatusFailed)},
				"syncStatus must be successful or failed"))
			return
		}
		cond += " AND cm.last_sync_status = ?"
		args = append(args, *params.SyncStatus)
	}
	ctx := r.Context()
	out := api.CustomerMappingList{Items: []api.CustomerMapping{}}
	err = e.store.tx(ctx, func(tx *sql.Tx) error {
		var total int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM ("+customerMappingSelect+cond+")", args...).Scan(&total); err != nil {
			return err
		}
		out.Pages = pg.pages(total)
		rows, err := tx.QueryContext(ctx, customerMappingSelect+cond+" ORDER BY t.name_fold, t.id LIMIT ? OFFSET ?", append(args, pg.limit(), pg.offset())...)
		if err != nil {
			return err
		}
		defer func() { _ = rows.Close() }()
		for rows.Next() {
			m, err := scanCustomerMapping(psa, rows)
			if err != nil {
				return err
			}
			out.Items = append(out.Items, m.mapping)
		}
		return rows.Err()
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// GetCustomerMapping implements GET /partner/v1/psa/{psa}/customer-mappings/{customerId}.
func (s *server) GetCustomerMapping(w http.ResponseWriter, r *http.Request, psa api.Psa, customerID api.CustomerId, _ api.GetCustomerMappingParams) {
	e := s.e
	m, err := customerMapping(r.Context(), e.store.q(r.Context()), principalOf(r).partnerID, psa, customerID)
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(m.version))
	writeJSON(w, http.StatusOK, m.mapping)
}

// customerMappingBody is CustomerMappingInput with presence of the required field.
type customerMappingBody struct {
	CompanyID         *int64 `json:"companyId"`
	ContractID        *int64 `json:"contractId"`
	UsageSyncEnabled  *bool  `json:"usageSyncEnabled"`
	TicketSyncEnabled *bool  `json:"ticketSyncEnabled"`
}

// PutCustomerMapping implements PUT /partner/v1/psa/{psa}/customer-mappings/{customerId}.
func (s *server) PutCustomerMapping(w http.ResponseWriter, r *http.Request, psa api.Psa, customerID api.CustomerId, params api.PutCustomerMappingParams) {
	e := s.e
	ctx := r.Context()
	partnerID := principalOf(r).partnerID
	// The body is read and parsed before the transaction: a slow client must not hold the
	// database while its body trickles in.
	var in customerMappingBody
	if err := decodeBody(r, &in); err != nil {
		e.writeError(w, r, err)
		return
	}
	var out customerMappingRow
	err := e.store.tx(ctx, func(tx *sql.Tx) error {
		current, err := customerMapping(ctx, tx, partnerID, psa, customerID)
		if err != nil {
			return err
		}
		if err := checkIfMatch(params.IfMatch, current.version, fmt.Sprintf("the %s mapping of customer %s", psa.ShortName(), current.mapping.CustomerName)); err != nil {
			return err
		}
		target, err := validateCustomerMapping(ctx, tx, partnerID, psa, &current.mapping, in)
		if err != nil {
			return err
		}
		if err := storeCustomerMapping(ctx, tx, partnerID, psa, &current.mapping, target, toNanos(e.now())); err != nil {
			return err
		}
		out, err = customerMapping(ctx, tx, partnerID, psa, customerID)
		return err
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(out.version))
	writeJSON(w, http.StatusOK, out.mapping)
}

// mappingTarget is a validated customer mapping to store.
type mappingTarget struct {
	company           *companyRecord
	contract          *contractRecord // nil without a contract
	usageSync, ticket bool
}

// validateCustomerMapping applies the customer mapping rules (internal/rules) to a PUT body.
func validateCustomerMapping(ctx context.Context, q querier, partnerID string, psa api.Psa, customer *api.CustomerMapping, in customerMappingBody) (*mappingTarget, error) {
	if in.CompanyID == nil {
		return nil, fieldError("companyId", "", nil, "companyId is required: the id of the %s company to map customer %s to", psa.ShortName(), customer.CustomerName)
	}
	change := rules.CustomerMappingChange{PSA: psa, Customer: *customer, Input: api.CustomerMappingInput{
		CompanyId: *in.CompanyID, ContractId: in.ContractID, UsageSyncEnabled: in.UsageSyncEnabled, TicketSyncEnabled: in.TicketSyncEnabled,
	}}
	company, err := companyByID(ctx, q, partnerID, *in.CompanyID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		company = nil
	case err != nil:
		return nil, err
	default:
		c := company.toAPI()
		change.Company = &c
	}
	var contract *contractRecord
	if in.ContractID != nil {
		contract, err = contractByID(ctx, q, partnerID, *in.ContractID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			contract = nil
		case err != nil:
			return nil, err
		default:
			change.Contract = contract.toRule()
		}
	}
	if company != nil && contract != nil && contract.CompanyID == company.ID {
		if change.HeldBy, err = customerHolding(ctx, q, partnerID, psa, company.ID, contract.ID, customer.CustomerId); err != nil {
			return nil, err
		}
	}
	if err := violationError(rules.CheckCustomerMapping(rules.APIFields(), change).First()); err != nil {
		return nil, err
	}
	return &mappingTarget{company: company, contract: contract, usageSync: boolValue(in.UsageSyncEnabled), ticket: boolValue(in.TicketSyncEnabled)}, nil
}

// customerHolding returns the customer other than except mapped to the company and
// contract in the PSA, or nil.
func customerHolding(ctx context.Context, q querier, partnerID string, psa api.Psa, companyID, contractID int64, except string) (*api.CustomerMapping, error) {
	var other api.CustomerMapping
	err := q.QueryRowContext(ctx, `SELECT t.id, t.name FROM customer_mappings cm JOIN tenants t ON t.id = cm.customer_id
		WHERE cm.partner_id = ? AND cm.psa = ? AND cm.company_id = ? AND cm.contract_id = ? AND cm.customer_id <> ? ORDER BY t.name_fold LIMIT 1`,
		partnerID, psa, companyID, contractID, except).Scan(&other.CustomerId, &other.CustomerName)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, err
	}
	return &other, nil
}

// storeCustomerMapping writes a mapping with fresh name snapshots, bumping its version. The
// last sync result is kept only while the company and contract stay the same.
func storeCustomerMapping(ctx context.Context, q querier, partnerID string, psa api.Psa, current *api.CustomerMapping, t *mappingTarget, ts int64) error {
	var contractID sql.NullInt64
	var contractName sql.NullString
	if t.contract != nil {
		contractID = sql.NullInt64{Int64: t.contract.ID, Valid: true}
		contractName = sql.NullString{String: t.contract.Name, Valid: true}
	}
	sameTarget := current.CompanyId != nil && *current.CompanyId == t.company.ID &&
		((current.ContractId == nil && !contractID.Valid) || (current.ContractId != nil && contractID.Valid && *current.ContractId == contractID.Int64))
	_, err := q.ExecContext(ctx, `INSERT INTO customer_mappings(partner_id, psa, customer_id, company_id, company_name, contract_id, contract_name,
			usage_sync, ticket_sync, version, updated_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
		ON CONFLICT(partner_id, psa, customer_id) DO UPDATE SET company_id = excluded.company_id, company_name = excluded.company_name,
			contract_id = excluded.contract_id, contract_name = excluded.contract_name, usage_sync = excluded.usage_sync,
			ticket_sync = excluded.ticket_sync, version = customer_mappings.version + 1, updated_at = excluded.updated_at,
			last_sync_status = CASE WHEN ? THEN last_sync_status END,
			last_sync_at = CASE WHEN ? THEN last_sync_at END,
			last_sync_error = CASE WHEN ? THEN last_sync_error END`,
		partnerID, psa, current.CustomerId, t.company.ID, t.company.Name, contractID, contractName, t.usageSync, t.ticket, ts,
		sameTarget, sameTarget, sameTarget)
	return err
}

// unmapCustomer removes a mapping: no company or contract, both syncs off, no last sync.
func unmapCustomer(ctx context.Context, q querier, partnerID string, psa api.Psa, customerID string, ts int64) error {
	_, err := q.ExecContext(ctx, `UPDATE customer_mappings SET company_id = NULL, company_name = NULL, contract_id = NULL, contract_name = NULL,
		usage_sync = 0, ticket_sync = 0, last_sync_status = NULL, last_sync_at = NULL, last_sync_error = NULL,
		version = version + 1, updated_at = ? WHERE partner_id = ? AND psa = ? AND customer_id = ? AND company_id IS NOT NULL`,
		ts, partnerID, psa, customerID)
	return err
}

// DeleteCustomerMapping implements DELETE /partner/v1/psa/{psa}/customer-mappings/{customerId}.
func (s *server) DeleteCustomerMapping(w http.ResponseWriter, r *http.Request, psa api.Psa, customerID api.CustomerId, params api.DeleteCustomerMappingParams) {
	e := s.e
	ctx := r.Context()
	partnerID := principalOf(r).partnerID
	err := e.store.tx(ctx, func(tx *sql.Tx) error {
		current, err := customerMapping(ctx, tx, partnerID, psa, customerID)
		if err != nil {
			return err
		}
		if err := checkIfMatch(params.IfMatch, current.version, fmt.Sprintf("the %s mapping of customer %s", psa.ShortName(), current.mapping.CustomerName)); err != nil {
			return err
		}
		return unmapCustomer(ctx, tx, partnerID, psa, current.mapping.CustomerId, toNanos(e.now()))
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// RefreshCustomerMapping implements POST /partner/v1/psa/{psa}/customer-mappings/{customerId}/refresh:
// the company and contract names are read from the PSA again.
func (s *server) RefreshCustomerMapping(w http.ResponseWriter, r *http.Request, psa api.Psa, customerID api.CustomerId, _ api.RefreshCustomerMappingParams) {
	e := s.e
	ctx := r.Context()
	partnerID := principalOf(r).partnerID
	var out customerMappingRow
	err := e.store.tx(ctx, func(tx *sql.Tx) error {
		current, err := customerMapping(ctx, tx, partnerID, psa, customerID)
		if err != nil {
			return err
		}
		if err := refreshSnapshots(ctx, tx, partnerID, psa, current.mapping.CustomerId); err != nil {
			return err
		}
		out, err = customerMapping(ctx, tx, partnerID, psa, customerID)
		return err
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(out.version))
	writeJSON(w, http.StatusOK, out.mapping)
}

// refreshSnapshots copies the live company and contract names into the mapping of a
// customer ("" = every mapping of the PSA). Names of objects that no longer exist are kept.
// The version does not change: the names are read-only data.
func refreshSnapshots(ctx context.Context, q querier, partnerID string, psa api.Psa, customerID string) error {
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
	_, err := q.ExecContext(ctx, query, args...)
	return err
}
