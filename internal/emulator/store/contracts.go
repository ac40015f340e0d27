package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
)

// The contracts table: Autotask contracts and ConnectWise agreements.

// ContractCancelled is the status of a cancelled contract, which the API never offers.
const ContractCancelled = string(api.CustomerMappingContractStatusCancelled)

// ContractStatuses lists the statuses a stored contract can have: those the API offers
// (api.ContractStatuses), and cancelled.
func ContractStatuses() []string {
	return append(api.Strings(api.ContractStatuses()), ContractCancelled)
}

// Contract is a stored contract (Autotask) or agreement (ConnectWise).
type Contract struct {
	ID          int64
	PSA         api.Psa
	CompanyID   int64
	CompanyName string
	Name        string
	Status      string
	StartDate   string
	EndDate     *string
	// NameUnique: no other non-cancelled contract of the partner's PSA has the name.
	NameUnique bool
	// Type is an Autotask contract's contractType (a value of the partner's picklist); nil
	// means the picklist's default (and always for ConnectWise). TypeLabel is its label.
	Type      *int64
	TypeLabel *string
}

// Cancelled reports whether the contract was cancelled.
func (c *Contract) Cancelled() bool { return c.Status == ContractCancelled }

// Inactive reports whether the contract is inactive.
func (c *Contract) Inactive() bool { return c.Status == string(api.ContractStatusInactive) }

// API renders the contract as the contract's PsaContract.
func (c Contract) API() api.PsaContract {
	return api.PsaContract{
		Id: c.ID, Psa: c.PSA, Name: c.Name, CompanyId: c.CompanyID, CompanyName: c.CompanyName,
		Status: api.ContractStatus(c.Status), StartDate: c.StartDate, EndDate: c.EndDate, NameUnique: c.NameUnique, Type: c.TypeLabel,
	}
}

// Describe names the contract in messages: `Autotask contract "Managed Security" (id 29684001)`.
func (c *Contract) Describe() string {
	return fmt.Sprintf("%s %s %q (id %d)", c.PSA.ShortName(), c.PSA.ContractNoun(), c.Name, c.ID)
}

// contractSelect reads contracts with their company name, name uniqueness (among the
// partner's non-cancelled contracts of the same PSA) and, for Autotask, their type and its
// label in the partner's contractType picklist (the default's for a contract without one).
const contractSelect = `SELECT c.id, c.psa, c.company_id, COALESCE(co.name, ''), c.name, c.status, c.start_date, c.end_date,
	NOT EXISTS (SELECT 1 FROM contracts d WHERE d.partner_id = c.partner_id AND d.psa = c.psa AND d.id <> c.id
		AND d.status <> 'cancelled' AND d.name_fold = c.name_fold), c.contract_type,
	CASE WHEN c.psa = '` + string(api.PsaAutotask) + `' THEN (SELECT t.label FROM autotask_picklists t
		WHERE t.partner_id = c.partner_id AND t.entity = '` + at.EntityContracts + `' AND t.field = '` + at.FieldContractType + `'
		AND (t.value = CAST(c.contract_type AS TEXT) OR (c.contract_type IS NULL AND t.is_default = 1))) END
	FROM contracts c LEFT JOIN companies co ON co.id = c.company_id`

func scanContract(row scanner) (Contract, error) {
	var c Contract
	var psa string
	var end sql.NullString
	var typ sql.NullInt64
	var label sql.NullString
	err := row.Scan(&c.ID, &psa, &c.CompanyID, &c.CompanyName, &c.Name, &c.Status, &c.StartDate, &end, &c.NameUnique, &typ, &label)
	c.PSA = api.Psa(psa)
	c.EndDate = nullString(end)
	c.Type, c.TypeLabel = nullInt(typ), nullString(label)
	return c, err
}

// Contract reads a contract of the partner (any PSA, any status); ErrNotFound when there is
// none.
func (q Q) Contract(ctx context.Context, partnerID string, id int64) (*Contract, error) {
	c, err := scanContract(q.q.QueryRowContext(ctx, contractSelect+" WHERE c.partner_id = ? AND c.id = ?", partnerID, id))
	return &c, notFound(err)
}

// ContractName reads the name of any partner's contract; ErrNotFound when there is none.
func (q Q) ContractName(ctx context.Context, id int64) (string, error) {
	var name string
	err := q.q.QueryRowContext(ctx, "SELECT name FROM contracts WHERE id = ?", id).Scan(&name)
	return name, notFound(err)
}

// SameNameContracts lists the other non-cancelled contracts of c's PSA with c's name.
func (q Q) SameNameContracts(ctx context.Context, partnerID string, c *Contract) ([]Contract, error) {
	return collect(ctx, q, scanContract, contractSelect+` WHERE c.partner_id = ? AND c.psa = ? AND c.id <> ? AND c.status <> 'cancelled' AND c.name_fold = ? ORDER BY c.id`,
		partnerID, c.PSA, c.ID, Fold(c.Name))
}

// ContractFilter selects contracts of a list (cancelled ones are never listed); zero values
// select everything.
type ContractFilter struct {
	CompanyID *int64
	// Name is the whole name, case-insensitively.
	Name           *string
	ExcludeExpired bool
	// IncludeCancelled lists cancelled ones too (ConnectWise's own API does).
	IncludeCancelled bool
}

// ListContracts reads a page of the partner's PSA contracts by name.
func (q Q) ListContracts(ctx context.Context, partnerID string, psa api.Psa, f ContractFilter, w Window) (Page[Contract], error) {
	where := []string{"c.partner_id = ?", "c.psa = ?"}
	args := []any{partnerID, psa}
	if !f.IncludeCancelled {
		where = append(where, "c.status <> 'cancelled'")
	}
	if f.CompanyID != nil {
		where = append(where, "c.company_id = ?")
		args = append(args, *f.CompanyID)
	}
	if f.Name != nil {
		where = append(where, "c.name_fold = ?")
		args = append(args, Fold(*f.Name))
	}
	if f.ExcludeExpired {
		where = append(where, "c.status <> 'expired'")
	}
	return listPage(ctx, q, contractSelect+" WHERE "+strings.Join(where, " AND "), "c.name_fold, c.id", args, w, scanContract)
}

// NewContract is a contract to store.
type NewContract struct {
	ID, CompanyID           int64
	PSA                     api.Psa
	Name, Status, StartDate string
	EndDate                 string // "" for none
	// Type is an Autotask contract's contractType; nil for the picklist's default.
	Type *int64
}

// InsertContract stores a contract of the partner (in c.PSA).
func (q Q) InsertContract(ctx context.Context, partnerID string, c NewContract) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO contracts(id, partner_id, psa, company_id, name, name_fold, status, start_date, end_date, contract_type)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, partnerID, c.PSA, c.CompanyID, c.Name, Fold(c.Name), c.Status, c.StartDate, nullIfEmpty(c.EndDate), c.Type)
	return err
}

// AllContracts reads every contract of the partner's PSA, cancelled ones included, by id:
// what the PSA's own API queries.
func (q Q) AllContracts(ctx context.Context, partnerID string, psa api.Psa) ([]Contract, error) {
	return collect(ctx, q, scanContract, contractSelect+" WHERE c.partner_id = ? AND c.psa = ? ORDER BY c.id", partnerID, psa)
}

// InsertActiveContracts stores many active contracts of the partner (each in its PSA) with
// one prepared statement; their Status is not read.
func (q Q) InsertActiveContracts(ctx context.Context, partnerID string, cs []NewContract) error {
	stmt, err := q.q.PrepareContext(ctx, `INSERT INTO contracts(id, partner_id, psa, company_id, name, name_fold, status, start_date)
		VALUES(?, ?, ?, ?, ?, ?, 'active', ?)`)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if _, err := stmt.ExecContext(ctx, c.ID, partnerID, c.PSA, c.CompanyID, c.Name, Fold(c.Name), c.StartDate); err != nil {
			return errors.Join(fmt.Errorf("adding contract %s: %w", c.Name, err), stmt.Close())
		}
	}
	return stmt.Close()
}

// SetContractStatus changes a contract's status (one of api.ContractStatuses() or
// cancelled).
func (q Q) SetContractStatus(ctx context.Context, id int64, status string) error {
	_, err := q.q.ExecContext(ctx, "UPDATE contracts SET status = ? WHERE id = ?", status, id)
	return err
}

// ExpireContract expires a contract; its end date becomes yesterday (YYYY-MM-DD) unless it
// already ended.
func (q Q) ExpireContract(ctx context.Context, id int64, yesterday string) error {
	_, err := q.q.ExecContext(ctx, "UPDATE contracts SET status = 'expired', end_date = CASE WHEN end_date IS NOT NULL AND end_date <= ? THEN end_date ELSE ? END WHERE id = ?",
		yesterday, yesterday, id)
	return err
}

// RenameContract renames a contract.
func (q Q) RenameContract(ctx context.Context, id int64, name string) error {
	_, err := q.q.ExecContext(ctx, "UPDATE contracts SET name = ?, name_fold = ? WHERE id = ?", name, Fold(name), id)
	return err
}
