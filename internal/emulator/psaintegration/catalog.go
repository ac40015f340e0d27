package psaintegration

import (
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// Reference lists: the ConnectWise catalog's reference data
// (GET /partner/v1/psa/connectwise/catalog-reference) and the Sophos products
// (GET /partner/v1/psa/sophos-products).

// GetConnectWiseCatalogReference implements GET /partner/v1/psa/connectwise/catalog-reference.
func (rm *Room) GetConnectWiseCatalogReference(w http.ResponseWriter, r *http.Request, _ api.GetConnectWiseCatalogReferenceParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		out, err := q.CatalogReference(r.Context(), web.PrincipalOf(r).PartnerID)
		if err != nil {
			return web.Reply{}, err
		}
		return web.OK(out), nil
	})
}

// ListSophosProducts implements GET /partner/v1/psa/sophos-products.
func (rm *Room) ListSophosProducts(w http.ResponseWriter, r *http.Request, params api.ListSophosProductsParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		pg, err := web.NewPaging(params.Page, params.PageSize, params.PageTotal)
		if err != nil {
			return web.Reply{}, err
		}
		page, err := q.ListSophosProducts(r.Context(), pg.Window())
		if err != nil {
			return web.Reply{}, err
		}
		return web.OK(api.SophosProductList{Items: page.Items, Pages: pg.Pages(page.Total)}), nil
	})
}
