package emulator

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// ListTenants implements GET /partner/v1/tenants.
func (s *server) ListTenants(w http.ResponseWriter, r *http.Request, params api.ListTenantsParams) {
	e := s.e
	pg, err := newPaging(params.Page, params.PageSize, params.PageTotal)
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	partnerID := principalOf(r).partnerID
	ctx := r.Context()
	out := api.TenantList{Items: []api.Tenant{}}
	// The count and the page come from one transaction, so they agree.
	err = e.store.tx(ctx, func(tx *sql.Tx) error {
		var total int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM tenants WHERE partner_id = ?", partnerID).Scan(&total); err != nil {
			return err
		}
		out.Pages = pg.pages(total)
		if e.afterTenantCount != nil {
			e.afterTenantCount()
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, name, show_as, billing_type, data_region, data_geography, status
			FROM tenants WHERE partner_id = ? ORDER BY name_fold, id LIMIT ? OFFSET ?`, partnerID, pg.limit(), pg.offset())
		if err != nil {
			return err
		}
		defer func() { _ = rows.Close() }()
		for rows.Next() {
			var t api.Tenant
			var geo, billing string
			if err := rows.Scan(&t.Id, &t.Name, &t.ShowAs, &billing, &t.DataRegion, &geo, &t.Status); err != nil {
				return err
			}
			t.BillingType = api.BillingType(billing)
			t.DataGeography = optString(geo)
			t.Partner.Id = partnerID
			t.ApiHost = regionalHost(t.DataRegion)
			out.Items = append(out.Items, t)
		}
		return rows.Err()
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// ListIntegrations implements GET /partner/v1/psa/integrations: one entry per supported PSA.
func (s *server) ListIntegrations(w http.ResponseWriter, r *http.Request, _ api.ListIntegrationsParams) {
	e := s.e
	out := api.IntegrationList{Items: []api.Integration{}}
	for _, psa := range api.PSAs() {
		in, err := e.integration(r.Context(), e.store.q(r.Context()), principalOf(r).partnerID, psa)
		if err != nil {
			e.writeError(w, r, err)
			return
		}
		out.Items = append(out.Items, in)
	}
	writeJSON(w, http.StatusOK, out)
}

// integration reads one PSA integration of a partner; a PSA without a row is notConfigured.
func (e *Emulator) integration(ctx context.Context, q querier, partnerID string, psa api.Psa) (api.Integration, error) {
	rec, err := loadIntegration(ctx, q, partnerID, psa)
	if err != nil {
		return api.Integration{Psa: psa}, err
	}
	return rec.Integration, nil
}
