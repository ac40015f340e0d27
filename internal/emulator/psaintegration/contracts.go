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

// PSA contracts (Autotask) and agreements (ConnectWise): /partner/v1/psa/{psa}/contracts[/{contractId}].

// Contract reads a contract of the partner's PSA, cancelled ones included; problems as in
// Company, with no field (no caller reports one on a field of a body).
func Contract(ctx context.Context, q store.Q, partnerID string, psa api.Psa, id int64, status int) (*store.Contract, error) {
	c, err := q.Contract(ctx, partnerID, id)
	noun := psa.ContractNoun()
	problem := ""
	switch {
	case errors.Is(err, store.ErrNotFound):
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

// ListPsaContracts implements GET /partner/v1/psa/{psa}/contracts. Cancelled contracts are
// never listed.
func (rm *Room) ListPsaContracts(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.ListPsaContractsParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		pg, err := web.NewPaging(params.Page, params.PageSize, params.PageTotal)
		if err != nil {
			return web.Reply{}, err
		}
		f := store.ContractFilter{CompanyID: params.CompanyId, Name: params.Name, ExcludeExpired: params.IncludeExpired != nil && !*params.IncludeExpired}
		page, err := q.ListContracts(r.Context(), web.PrincipalOf(r).PartnerID, psa, f, pg.Window())
		if err != nil {
			return web.Reply{}, err
		}
		return web.OK(api.PsaContractList{Items: render(page.Items, store.Contract.API), Pages: pg.Pages(page.Total)}), nil
	})
}

// GetPsaContract implements GET /partner/v1/psa/{psa}/contracts/{contractId}; cancelled
// contracts answer 404.
func (rm *Room) GetPsaContract(w http.ResponseWriter, r *http.Request, psa api.Psa, contractID int64, _ api.GetPsaContractParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		c, err := Contract(r.Context(), q, web.PrincipalOf(r).PartnerID, psa, contractID, http.StatusNotFound)
		if err != nil {
			return web.Reply{}, err
		}
		if c.Cancelled() {
			return web.Reply{}, web.NotFound("%s was cancelled in %s; cancelled %ss are never synced, so they are not offered", c.Describe(), psa.ShortName(), psa.ContractNoun())
		}
		return web.OK(c.API()), nil
	})
}
