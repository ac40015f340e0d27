package psaintegration

import (
	"context"
	"fmt"
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/psacredentials"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// The PSA connection: GET /partner/v1/psa/integrations and GET/PUT/DELETE
// /partner/v1/psa/{psa}/integration. Credentials are checked "as the PSA would"
// (psacredentials). Secrets are kept only as hashes and never leave the emulator.

// ListIntegrations implements GET /partner/v1/psa/integrations: one entry per supported PSA.
func (rm *Room) ListIntegrations(w http.ResponseWriter, r *http.Request, _ api.ListIntegrationsParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		out := api.IntegrationList{Items: []api.Integration{}}
		for _, psa := range api.PSAs() {
			in, err := q.Integration(r.Context(), web.PrincipalOf(r).PartnerID, psa)
			if err != nil {
				return web.Reply{}, err
			}
			out.Items = append(out.Items, in.Integration)
		}
		return web.OK(out), nil
	})
}

// GetIntegration implements GET /partner/v1/psa/{psa}/integration.
func (rm *Room) GetIntegration(w http.ResponseWriter, r *http.Request, psa api.Psa, _ api.GetIntegrationParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		rec, err := q.Integration(r.Context(), web.PrincipalOf(r).PartnerID, psa)
		if err != nil {
			return web.Reply{}, err
		}
		return reply(rec.Integration, rec.Version, nil)
	})
}

// PutIntegration implements PUT /partner/v1/psa/{psa}/integration: connect the PSA or
// replace its credentials.
func (rm *Room) PutIntegration(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.PutIntegrationParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		ctx := r.Context()
		partnerID := web.PrincipalOf(r).PartnerID
		var in api.IntegrationInput
		if err := web.DecodeBody(r, &in); err != nil {
			return web.Reply{}, err
		}
		rec, err := changeIntegration(ctx, q, partnerID, psa, func(q store.Q, current *store.Integration) error {
			if err := web.CheckIfMatch(params.IfMatch, current.Version, "the "+psa.DisplayName()+" integration"); err != nil {
				return err
			}
			return Connect(ctx, q, partnerID, psa, in, rm.api.Now().UnixNano())
		})
		if err != nil {
			return web.Reply{}, err
		}
		return reply(rec.Integration, rec.Version, nil)
	})
}

// DeleteIntegration implements DELETE /partner/v1/psa/{psa}/integration.
func (rm *Room) DeleteIntegration(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.DeleteIntegrationParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		ctx := r.Context()
		partnerID := web.PrincipalOf(r).PartnerID
		_, err := changeIntegration(ctx, q, partnerID, psa, func(q store.Q, current *store.Integration) error {
			if err := web.CheckIfMatch(params.IfMatch, current.Version, "the "+psa.DisplayName()+" integration"); err != nil {
				return err
			}
			return Disconnect(ctx, q, partnerID, psa, fmt.Sprintf("Unmap them first (DELETE /partner/v1/psa/%s/product-mappings/{sophosProduct} "+
				"and /customer-mappings/{customerId}).", psa))
		})
		return web.NoContent(), err
	})
}

// changeIntegration applies change to a PSA integration in a transaction of q and reads it
// back.
func changeIntegration(ctx context.Context, q store.Q, partnerID string, psa api.Psa, change func(q store.Q, current *store.Integration) error) (*store.Integration, error) {
	return store.InTx(ctx, q, func(q store.Q) (*store.Integration, error) {
		current, err := q.Integration(ctx, partnerID, psa)
		if err != nil {
			return nil, err
		}
		if err := change(q, current); err != nil {
			return nil, err
		}
		return q.Integration(ctx, partnerID, psa)
	})
}

// Connect checks credentials with the PSA and stores them as the connection at ts: 422
// with the PSA's text when it refuses them.
func Connect(ctx context.Context, q store.Q, partnerID string, psa api.Psa, in api.IntegrationInput, ts int64) error {
	if err := web.Violations("the "+psa.ShortName()+" credentials", rules.CheckIntegrationInput(rules.APIIntegrationFields(), psa, in)); err != nil {
		return err
	}
	creds := psacredentials.FromInput(psa, in)
	field, refusal, err := psacredentials.Refusal(ctx, q, partnerID, psa, creds)
	if err != nil {
		return err
	}
	if refusal != "" {
		se := web.Unprocessable("%s refused the credentials: %s", psa.DisplayName(), refusal)
		se.Details = []api.FieldError{{Field: string(psa) + "." + field, Message: refusal}}
		return se
	}
	if err := q.EnsureIntegration(ctx, partnerID, psa); err != nil {
		return err
	}
	site := ""
	if psa == api.PsaConnectwise {
		site = "https://" + creds.Site
	}
	return q.Connect(ctx, partnerID, psa, psacredentials.Stored(psa, creds), site, ts)
}

// Disconnect disconnects a PSA unless products or customers are still mapped in it (fix
// says what to do then): the credentials are forgotten and the schedule returns to the
// default.
func Disconnect(ctx context.Context, q store.Q, partnerID string, psa api.Psa, fix string) error {
	var left rules.MappingsLeft
	var err error
	if left.Products, err = q.MappedSophosProducts(ctx, partnerID, psa); err != nil {
		return err
	}
	if left.Customers, err = q.MappedCustomerNames(ctx, partnerID, psa); err != nil {
		return err
	}
	if err := web.Violation(rules.CheckDisconnect(psa, left, fix)); err != nil {
		return err
	}
	return q.Disconnect(ctx, partnerID, psa)
}
