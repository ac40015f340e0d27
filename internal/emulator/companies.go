package emulator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// companyRecord is a stored PSA company.
type companyRecord struct {
	ID         int64
	PSA        api.Psa
	Name       string
	Identifier string
}

func (c *companyRecord) toAPI() api.PsaCompany {
	return api.PsaCompany{Id: c.ID, Psa: c.PSA, Name: c.Name, Identifier: optString(c.Identifier)}
}

func (c *companyRecord) describe() string {
	return fmt.Sprintf("%s company %q (id %d)", psaShortName(c.PSA), c.Name, c.ID)
}

// companyByID reads a company of the partner (any PSA); sql.ErrNoRows when there is none.
func companyByID(ctx context.Context, q querier, partnerID string, id int64) (*companyRecord, error) {
	var c companyRecord
	var psa string
	err := q.QueryRowContext(ctx, "SELECT id, psa, name, identifier FROM companies WHERE partner_id = ? AND id = ?", partnerID, id).
		Scan(&c.ID, &psa, &c.Name, &c.Identifier)
	c.PSA = api.Psa(psa)
	return &c, err
}

// companyInPSA reads a company of the partner's PSA. Problems are *StatusError with status
// (404 on the company routes, 400 where a body refers to it) and field.
func companyInPSA(ctx context.Context, q querier, partnerID string, psa api.Psa, id int64, status int, field string) (*companyRecord, error) {
	c, err := companyByID(ctx, q, partnerID, id)
	problem := ""
	switch {
	case errors.Is(err, sql.ErrNoRows):
		problem = fmt.Sprintf("there is no %s company with id %d; list them with GET /partner/v1/psa/%s/companies", psaShortName(psa), id, psa)
	case err != nil:
		return nil, err
	case c.PSA != psa:
		problem = fmt.Sprintf("company %d (%s) is %s company; pick a company from %s", id, c.Name, withArticle(psaShortName(c.PSA)), psaShortName(psa))
	default:
		return c, nil
	}
	return nil, refProblem(status, field, id, problem)
}

// refProblem is a 404, or a 400 about field, for a missing referenced object.
func refProblem(status int, field string, id int64, problem string) error {
	if status == http.StatusNotFound {
		return errNotFound("%s", problem)
	}
	return fieldError(field, fmt.Sprint(id), nil, "%s", problem)
}

// ListPsaCompanies implements GET /partner/v1/psa/{psa}/companies.
func (s *server) ListPsaCompanies(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.ListPsaCompaniesParams) {
	e := s.e
	pg, err := newPaging(params.Page, params.PageSize, params.PageTotal)
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	where := []string{"partner_id = ?", "psa = ?"}
	args := []any{principalOf(r).partnerID, psa}
	if params.Search != nil {
		term := fold(*params.Search)
		if len([]rune(term)) < 2 {
			e.writeError(w, r, fieldError("search", *params.Search, nil, "search needs at least 2 characters"))
			return
		}
		where = append(where, "instr(name_fold, ?) > 0")
		args = append(args, term)
	}
	if params.Name != nil {
		where = append(where, "name_fold = ?")
		args = append(args, fold(*params.Name))
	}
	cond := strings.Join(where, " AND ")
	ctx := r.Context()
	out := api.PsaCompanyList{Items: []api.PsaCompany{}}
	err = e.store.tx(ctx, func(tx *sql.Tx) error {
		var total int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM companies WHERE "+cond, args...).Scan(&total); err != nil {
			return err
		}
		out.Pages = pg.pages(total)
		//nolint:gosec // cond is built from fixed fragments; values are bound parameters
		rows, err := tx.QueryContext(ctx, "SELECT id, psa, name, identifier FROM companies WHERE "+cond+" ORDER BY name_fold, id LIMIT ? OFFSET ?",
			append(args, pg.limit(), pg.offset())...)
		if err != nil {
			return err
		}
		defer func() { _ = rows.Close() }()
		for rows.Next() {
			var c companyRecord
			var p string
			if err := rows.Scan(&c.ID, &p, &c.Name, &c.Identifier); err != nil {
				return err
			}
			c.PSA = api.Psa(p)
			out.Items = append(out.Items, c.toAPI())
		}
		return rows.Err()
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// GetPsaCompany implements GET /partner/v1/psa/{psa}/companies/{companyId}.
func (s *server) GetPsaCompany(w http.ResponseWriter, r *http.Request, psa api.Psa, companyID int64, _ api.GetPsaCompanyParams) {
	e := s.e
	c, err := companyInPSA(r.Context(), e.store.q(r.Context()), principalOf(r).partnerID, psa, companyID, http.StatusNotFound, "")
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c.toAPI())
}

// contractRecord is a stored contract (Autotask) or agreement (ConnectWise).
type contractRecord struct {
	ID          int64
	PSA         api.Psa
	CompanyID   int64
	CompanyName string
	Name        string
	Status      string
	StartDate   string
	EndDate     sql.NullString
	NameUnique  bool
}

// contractSelect reads contracts with their company name and name uniqueness (among the
// partner's non-cancelled contracts of the same PSA).
const contractSelect = `SELECT c.id, c.psa, c.company_id, COALESCE(co.name, ''), c.name, c.status, c.start_date, c.end_date,
	NOT EXISTS (SELECT 1 FROM contracts d WHERE d.partner_id = c.partner_id AND d.psa = c.psa AND d.id <> c.id
		AND d.status <> 'cancelled' AND d.name_fold = c.name_fold)
	FROM contracts c LEFT JOIN companies co ON co.id = c.company_id`

func scanContract(row interface{ Scan(...any) error }) (*contractRecord, error) {
	var c contractRecord
	var psa string
	err := row.Scan(&c.ID, &psa, &c.CompanyID, &c.CompanyName, &c.Name, &c.Status, &c.StartDate, &c.EndDate, &c.NameUnique)
	c.PSA = api.Psa(psa)
	return &c, err
}

func (c *contractRecord) toAPI() api.PsaContract {
	return api.PsaContract{
		Id: c.ID, Psa: c.PSA, Name: c.Name, CompanyId: c.CompanyID, CompanyName: c.CompanyName,
		Status: api.ContractStatus(c.Status), StartDate: c.StartDate, EndDate: nullString(c.EndDate), NameUnique: c.NameUnique,
	}
}

func (c *contractRecord) describe() string {
	return fmt.Sprintf("%s %s %q (id %d)", psaShortName(c.PSA), contractNoun(c.PSA), c.Name, c.ID)
}

// contractByID reads a contract of the partner (any PSA, any status); sql.ErrNoRows when
// there is none.
func contractByID(ctx context.Context, q querier, partnerID string, id int64) (*contractRecord, error) {
	return scanContract(q.QueryRowContext(ctx, contractSelect+" WHERE c.partner_id = ? AND c.id = ?", partnerID, id))
}

// contractInPSA reads a contract of the partner's PSA, cancelled ones included; problems as
// in companyInPSA.
func contractInPSA(ctx context.Context, q querier, partnerID string, psa api.Psa, id int64, status int, field string) (*contractRecord, error) {
	c, err := contractByID(ctx, q, partnerID, id)
	noun := contractNoun(psa)
	problem := ""
	switch {
	case errors.Is(err, sql.ErrNoRows):
		problem = fmt.Sprintf("there is no %s %s with id %d; list them with GET /partner/v1/psa/%s/contracts", psaShortName(psa), noun, id, psa)
	case err != nil:
		return nil, err
	case c.PSA != psa:
		problem = fmt.Sprintf("%s %d (%s) is %s %s; pick %s from %s", contractNoun(c.PSA), id, c.Name, withArticle(psaShortName(c.PSA)), contractNoun(c.PSA), withArticle(noun), psaShortName(psa))
	default:
		return c, nil
	}
	return nil, refProblem(status, field, id, problem)
}

// sameNameContracts lists the other non-cancelled contracts of the PSA with c's name.
func sameNameContracts(ctx context.Context, q querier, partnerID string, c *contractRecord) ([]*contractRecord, error) {
	rows, err := q.QueryContext(ctx, contractSelect+` WHERE c.partner_id = ? AND c.psa = ? AND c.id <> ? AND c.status <> 'cancelled' AND c.name_fold = ? ORDER BY c.id`,
		partnerID, c.PSA, c.ID, fold(c.Name))
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []*contractRecord
	for rows.Next() {
		d, err := scanContract(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// ListPsaContracts implements GET /partner/v1/psa/{psa}/contracts. Cancelled contracts are
// never listed.
func (s *server) ListPsaContracts(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.ListPsaContractsParams) {
	e := s.e
	pg, err := newPaging(params.Page, params.PageSize, params.PageTotal)
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	where := []string{"c.partner_id = ?", "c.psa = ?", "c.status <> 'cancelled'"}
	args := []any{principalOf(r).partnerID, psa}
	if params.CompanyId != nil {
		where = append(where, "c.company_id = ?")
		args = append(args, *params.CompanyId)
	}
	if params.Name != nil {
		where = append(where, "c.name_fold = ?")
		args = append(args, fold(*params.Name))
	}
	if params.IncludeExpired != nil && !*params.IncludeExpired {
		where = append(where, "c.status <> 'expired'")
	}
	cond := strings.Join(where, " AND ")
	ctx := r.Context()
	out := api.PsaContractList{Items: []api.PsaContract{}}
	err = e.store.tx(ctx, func(tx *sql.Tx) error {
		var total int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM contracts c WHERE "+cond, args...).Scan(&total); err != nil {
			return err
		}
		out.Pages = pg.pages(total)
		rows, err := tx.QueryContext(ctx, contractSelect+" WHERE "+cond+" ORDER BY c.name_fold, c.id LIMIT ? OFFSET ?", append(args, pg.limit(), pg.offset())...)
		if err != nil {
			return err
		}
		defer func() { _ = rows.Close() }()
		for rows.Next() {
			c, err := scanContract(rows)
			if err != nil {
				return err
			}
			out.Items = append(out.Items, c.toAPI())
		}
		return rows.Err()
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// GetPsaContract implements GET /partner/v1/psa/{psa}/contracts/{contractId}; cancelled
// contracts answer 404.
func (s *server) GetPsaContract(w http.ResponseWriter, r *http.Request, psa api.Psa, contractID int64, _ api.GetPsaContractParams) {
	e := s.e
	c, err := contractInPSA(r.Context(), e.store.q(r.Context()), principalOf(r).partnerID, psa, contractID, http.StatusNotFound, "")
	if err == nil && c.Status == contractCancelled {
		err = errNotFound("%s was cancelled in %s; cancelled %ss are never synced, so they are not offered", c.describe(), psaShortName(psa), contractNoun(psa))
	}
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c.toAPI())
}
