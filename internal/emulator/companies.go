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
	return fmt.Sprintf("%s company %q (id %d)", c.PSA.ShortName(), c.Name, c.ID)
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
		problem = fmt.Sprintf("there is no %s company with id %d; list them with GET /partner/v1/psa/%s/companies", psa.ShortName(), id, psa)
	case err != nil:
		return nil, err
	case c.PSA != psa:
		problem = fmt.Sprintf("company %d (%s) is %s company; pick a company from %s", id, c.Name, api.WithArticle(c.PSA.ShortName()), psa.ShortName())
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
