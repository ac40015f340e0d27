package sophoscentral

import (
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// listTenants answers GET /partner/v1/tenants.
func listTenants(r *http.Request, q store.Q, params api.ListTenantsParams) (web.Reply, error) {
	pg, err := web.NewPaging(params.Page, params.PageSize, params.PageTotal)
	if err != nil {
		return web.Reply{}, err
	}
	partnerID := web.PrincipalOf(r).PartnerID
	page, err := q.ListTenants(r.Context(), partnerID, pg.Window())
	if err != nil {
		return web.Reply{}, err
	}
	out := api.TenantList{Items: make([]api.Tenant, 0, len(page.Items)), Pages: pg.Pages(page.Total)}
	for _, t := range page.Items {
		item := api.Tenant{
			Id: t.ID, Name: t.Name, ShowAs: t.ShowAs, BillingType: api.BillingType(t.BillingType), DataRegion: t.DataRegion,
			DataGeography: optString(t.DataGeography), Status: t.Status, ApiHost: RegionalHost(t.DataRegion),
		}
		item.Partner.Id = partnerID
		out.Items = append(out.Items, item)
	}
	return web.OK(out), nil
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
