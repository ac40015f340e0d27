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

// toRule is what internal/rules needs to know of the contract.
func (c *contractRecord) toRule() *rules.Contract {
	return &rules.Contract{ID: c.ID, CompanyID: c.CompanyID, PSA: c.PSA, Name: c.Name, CompanyName: c.CompanyName, Cancelled: c.Status == contractCancelled, Inactive: c.Status == contractInactive}
}

func (c *contractRecord) describe() string {
	return fmt.Sprintf("%s %s %q (id %d)", c.PSA.ShortName(), c.PSA.ContractNoun(), c.Name, c.ID)
}

// contractByID reads a contract of the partner (any PSA, any status); sql.ErrNoRows when
// there is none.
func contractByID(ctx context.Context, q querier, partnerID string, id int64) (*contractRecord, error) {
	return scanContract(q.QueryRowContext(ctx, contractSelect+" WHERE c.partner_id = ? AND c.id = ?", partnerID, id))
}

// contractInPSA reads a contract of the partner's PSA, cancelled ones included; problems as
// in companyInPSA, with no field (no caller reports one on a field of a body).
func contractInPSA(ctx context.Context, q querier, partnerID string, psa api.Psa, id int64, status int) (*contractRecord, error) {
	c, err := contractByID(ctx, q, partnerID, id)
	noun := psa.ContractNoun()
	problem := ""
	switch {
	case errors.Is(err, sql.ErrNoRows):
		problem = fmt.Sprintf("there is no %s %s with id %d; list them with GET /partner/v1/psa/%s/contracts", psa.ShortName(), noun, id, psa)
	case err != nil:
		return nil, err
	case c.PSA != psa:
		problem = fmt.Sprintf("%s %d (%s) is %s %s; pick %s from %s", c.PSA.ContractNoun(), id, c.Name, api.WithArticle(c.PSA.ShortName()), c.PSA.ContractNoun(), api.WithArticle(noun), psa.ShortName())
	default:
		return c, nil
	}
	return nil, refProblem(status, "", id, problem)
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
	c, err := contractInPSA(r.Context(), e.store.q(r.Context()), principalOf(r).partnerID, psa, contractID, http.StatusNotFound)
	if err == nil && c.Status == contractCancelled {
		err = errNotFound("%s was cancelled in %s; cancelled %ss are never synced, so they are not offered", c.describe(), psa.ShortName(), psa.ContractNoun())
	}
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c.toAPI())
}
