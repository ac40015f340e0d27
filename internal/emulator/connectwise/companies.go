package connectwise

import (
	"errors"
	"net/http"
	"reflect"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// Companies: /company/companies, read-only. Companies in the recycle bin are listed too, with
// deletedFlag true (clients filter them out with conditions=deletedFlag=false, as the
// integration does); the PSA Integration room never offers them.

var companySchema = knownPaths(reflect.TypeFor[cw.Company]())

func (rm *Room) companyRoutes() {
	rm.collection(cw.PathCompanies, companySchema, companyRecords)
	rm.handleAPI(http.MethodGet, cw.PathCompanies+"/{id}", rm.getCompany)
}

// companyRecords are the partner's companies, those in the recycle bin included.
func companyRecords(r *http.Request, q store.Q) ([]record, error) {
	page, err := q.ListCompanies(r.Context(), memberOf(r).PartnerID, api.PsaConnectwise, store.CompanyFilter{IncludeDeleted: true}, everything)
	if err != nil {
		return nil, err
	}
	return toRecords(page.Items, company, func(c cw.Company) int { return c.ID })
}

func (rm *Room) getCompany(r *http.Request, q store.Q) (web.Reply, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return web.Reply{}, err
	}
	c, err := q.CompanyInAnyState(r.Context(), memberOf(r).PartnerID, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && c.PSA != api.PsaConnectwise) {
		return web.Reply{}, notFound("Company with id %d was not found.", id)
	}
	if err != nil {
		return web.Reply{}, err
	}
	return web.OK(company(*c)), nil
}
