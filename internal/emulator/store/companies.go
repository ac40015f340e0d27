package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The companies table: the PSAs' companies (ConnectWise companies, Autotask customers).

// Company is a stored PSA company. A company in ConnectWise's recycle bin has DeletedAt
// (Unix nanoseconds); the integration never offers it, and only ConnectWise's own API shows
// it (deletedFlag).
type Company struct {
	ID         int64
	PSA        api.Psa
	Name       string
	Identifier string
	// DeletedAt and DeletedBy put a ConnectWise company in the recycle bin.
	DeletedAt *int64
	DeletedBy string
	// Inactive companies (Autotask's isActive false) are not listed; they can still be read.
	Inactive bool
}

// API renders the company as the contract's PsaCompany.
func (c Company) API() api.PsaCompany {
	return api.PsaCompany{Id: c.ID, Psa: c.PSA, Name: c.Name, Identifier: optString(c.Identifier)}
}

// Describe names the company in messages: `ConnectWise company "Alpine Dental" (id 251)`.
func (c Company) Describe() string {
	return fmt.Sprintf("%s company %q (id %d)", c.PSA.ShortName(), c.Name, c.ID)
}

const companySelect = "SELECT id, psa, name, identifier, deleted_at, deleted_by, inactive FROM companies"

func scanCompany(row scanner) (Company, error) {
	var c Company
	var psa string
	var deleted sql.NullInt64
	err := row.Scan(&c.ID, &psa, &c.Name, &c.Identifier, &deleted, &c.DeletedBy, &c.Inactive)
	c.PSA = api.Psa(psa)
	c.DeletedAt = nullInt(deleted)
	return c, err
}

// Company reads a company of the partner (any PSA) that is not in the recycle bin;
// ErrNotFound when there is none.
func (q Q) Company(ctx context.Context, partnerID string, id int64) (*Company, error) {
	c, err := scanCompany(q.q.QueryRowContext(ctx, companySelect+" WHERE partner_id = ? AND id = ? AND deleted_at IS NULL", partnerID, id))
	return &c, notFound(err)
}

// CompanyInAnyState reads a company of the partner (any PSA), in the recycle bin or not;
// ErrNotFound when there is none.
func (q Q) CompanyInAnyState(ctx context.Context, partnerID string, id int64) (*Company, error) {
	c, err := scanCompany(q.q.QueryRowContext(ctx, companySelect+" WHERE partner_id = ? AND id = ?", partnerID, id))
	return &c, notFound(err)
}

// RecycleCompany moves a company to the recycle bin at ts, by whom; its contracts stay.
func (q Q) RecycleCompany(ctx context.Context, id, ts int64, by string) error {
	return q.execOne(ctx, "UPDATE companies SET deleted_at = ?, deleted_by = ? WHERE id = ?", ts, by, id)
}

// CompanyName reads the name of any partner's company; ErrNotFound when there is none.
func (q Q) CompanyName(ctx context.Context, id int64) (string, error) {
	var name string
	err := q.q.QueryRowContext(ctx, "SELECT name FROM companies WHERE id = ?", id).Scan(&name)
	return name, notFound(err)
}

// CompanyFilter selects companies of a list; zero values select everything.
type CompanyFilter struct {
	// Search is a folded term the name contains.
	Search string
	// Name is the whole name, case-insensitively.
	Name *string
	// IncludeDeleted lists companies in the recycle bin too.
	IncludeDeleted bool
}

// ListCompanies reads a page of the partner's active PSA companies by name.
func (q Q) ListCompanies(ctx context.Context, partnerID string, psa api.Psa, f CompanyFilter, w Window) (Page[Company], error) {
	where := []string{"partner_id = ?", "psa = ?", "inactive = 0"}
	args := []any{partnerID, psa}
	if f.Search != "" {
		where = append(where, "instr(name_fold, ?) > 0")
		args = append(args, f.Search)
	}
	if f.Name != nil {
		where = append(where, "name_fold = ?")
		args = append(args, Fold(*f.Name))
	}
	if !f.IncludeDeleted {
		where = append(where, "deleted_at IS NULL")
	}
	return listPage(ctx, q, companySelect+" WHERE "+strings.Join(where, " AND "), "name_fold, id", args, w, scanCompany)
}

// InsertCompany stores a company of the partner (in c.PSA).
func (q Q) InsertCompany(ctx context.Context, partnerID string, c Company) error {
	_, err := q.q.ExecContext(ctx, "INSERT INTO companies(id, partner_id, psa, name, name_fold, identifier, inactive) VALUES(?, ?, ?, ?, ?, ?, ?)",
		c.ID, partnerID, c.PSA, c.Name, Fold(c.Name), c.Identifier, c.Inactive)
	return err
}

// SetCompanyInactive makes a company inactive (unlisted) or active again.
func (q Q) SetCompanyInactive(ctx context.Context, id int64, inactive bool) error {
	return q.execOne(ctx, "UPDATE companies SET inactive = ? WHERE id = ?", inactive, id)
}

// AllCompanies reads every company of the partner's PSA, inactive ones included, by id:
// what the PSA's own API queries (the Autotask room filters them itself).
func (q Q) AllCompanies(ctx context.Context, partnerID string, psa api.Psa) ([]Company, error) {
	return collect(ctx, q, scanCompany, companySelect+" WHERE partner_id = ? AND psa = ? ORDER BY id", partnerID, psa)
}

// InsertCompanies stores many companies of the partner with one prepared statement (each
// company's PSA is its own).
func (q Q) InsertCompanies(ctx context.Context, partnerID string, cs []Company) error {
	stmt, err := q.q.PrepareContext(ctx, "INSERT INTO companies(id, partner_id, psa, name, name_fold, identifier) VALUES(?, ?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	for _, c := range cs {
		if _, err := stmt.ExecContext(ctx, c.ID, partnerID, c.PSA, c.Name, Fold(c.Name), c.Identifier); err != nil {
			return errors.Join(fmt.Errorf("adding company %s: %w", c.Name, err), stmt.Close())
		}
	}
	return stmt.Close()
}

// RenameCompany renames a company.
func (q Q) RenameCompany(ctx context.Context, id int64, name string) error {
	_, err := q.q.ExecContext(ctx, "UPDATE companies SET name = ?, name_fold = ? WHERE id = ?", name, Fold(name), id)
	return err
}

// DeleteCompany removes a company of the partner and its contracts.
func (q Q) DeleteCompany(ctx context.Context, partnerID string, id int64) error {
	if _, err := q.q.ExecContext(ctx, "DELETE FROM contracts WHERE company_id = ? AND partner_id = ?", id, partnerID); err != nil {
		return err
	}
	_, err := q.q.ExecContext(ctx, "DELETE FROM companies WHERE id = ?", id)
	return err
}

// CountCompaniesNamedLike counts the partner's companies whose name starts with prefix.
func (q Q) CountCompaniesNamedLike(ctx context.Context, partnerID, prefix string) (int, error) {
	return count(ctx, q, "SELECT COUNT(*) FROM companies WHERE partner_id = ? AND substr(name, 1, ?) = ?", partnerID, len(prefix), prefix)
}
