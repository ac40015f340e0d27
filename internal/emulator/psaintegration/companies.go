package psaintegration

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// PSA companies: /partner/v1/psa/{psa}/companies[/{companyId}].

// Company reads a company of the partner's PSA. Problems are a 404 when status is 404 (the
// company routes) and else a 400 about field (a body that refers to it).
func Company(ctx context.Context, q store.Q, partnerID string, psa api.Psa, id int64, status int, field string) (*store.Company, error) {
	c, err := q.Company(ctx, partnerID, id)
	problem := ""
	switch {
	case errors.Is(err, store.ErrNotFound):
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
		return web.NotFound("%s", problem)
	}
	return web.FieldError(field, fmt.Sprint(id), nil, "%s", problem)
}

// ListPsaCompanies implements GET /partner/v1/psa/{psa}/companies.
func (rm *Room) ListPsaCompanies(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.ListPsaCompaniesParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		pg, err := web.NewPaging(params.Page, params.PageSize, params.PageTotal)
		if err != nil {
			return web.Reply{}, err
		}
		f := store.CompanyFilter{Name: params.Name}
		if params.Search != nil {
			if f.Search = store.Fold(*params.Search); len([]rune(f.Search)) < 2 {
				return web.Reply{}, web.FieldError("search", *params.Search, nil, "search needs at least 2 characters")
			}
		}
		page, err := q.ListCompanies(r.Context(), web.PrincipalOf(r).PartnerID, psa, f, pg.Window())
		if err != nil {
			return web.Reply{}, err
		}
		return web.OK(api.PsaCompanyList{Items: render(page.Items, store.Company.API), Pages: pg.Pages(page.Total)}), nil
	})
}

// GetPsaCompany implements GET /partner/v1/psa/{psa}/companies/{companyId}.
func (rm *Room) GetPsaCompany(w http.ResponseWriter, r *http.Request, psa api.Psa, companyID int64, _ api.GetPsaCompanyParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		c, err := Company(r.Context(), q, web.PrincipalOf(r).PartnerID, psa, companyID, http.StatusNotFound, "")
		if err != nil {
			return web.Reply{}, err
		}
		return web.OK(c.API()), nil
	})
}
