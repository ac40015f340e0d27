package psaintegration

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// Product mappings: /partner/v1/psa/{psa}/product-mappings[/{sophosProduct}].

// ProductMapping reads one Sophos product's mapping; 404 for unknown products and products
// without usage.
func ProductMapping(ctx context.Context, q store.Q, partnerID string, psa api.Psa, sophosProduct string) (store.ProductMapping, error) {
	m, err := q.ProductMapping(ctx, partnerID, psa, sophosProduct)
	if errors.Is(err, store.ErrNotFound) {
		if suggestion, err := q.SophosProductIgnoringCase(ctx, sophosProduct); err == nil {
			return m, web.NotFound("there is no Sophos product %q; identifiers are case-sensitive: did you mean %q?", sophosProduct, suggestion)
		}
		return m, web.NotFound("there is no Sophos product %q; list the products that can be mapped with GET /partner/v1/psa/%s/product-mappings", sophosProduct, psa)
	}
	if err != nil {
		return m, err
	}
	hasUsage, err := q.SophosProductHasUsage(ctx, sophosProduct)
	if err != nil {
		return m, err
	}
	if !hasUsage {
		return m, web.NotFound("Sophos product %q (%s) has no usage to sync, so it cannot be mapped", sophosProduct, m.Mapping.SophosProductName)
	}
	m.Mapping = productMappingWithETag(m)
	return m, nil
}

// productMappingWithETag is the Sophos product's mapping with its ETag.
func productMappingWithETag(m store.ProductMapping) api.ProductMapping {
	m.Mapping.Etag = ptr(web.ETag(m.Version))
	return m.Mapping
}

// ListProductMappings implements GET /partner/v1/psa/{psa}/product-mappings: every Sophos
// product with usage, mapped or not.
func (rm *Room) ListProductMappings(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.ListProductMappingsParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		pg, err := web.NewPaging(params.Page, params.PageSize, params.PageTotal)
		if err != nil {
			return web.Reply{}, err
		}
		page, err := q.ListProductMappings(r.Context(), web.PrincipalOf(r).PartnerID, psa, pg.Window())
		if err != nil {
			return web.Reply{}, err
		}
		return web.OK(api.ProductMappingList{Items: render(page.Items, productMappingWithETag), Pages: pg.Pages(page.Total)}), nil
	})
}

// GetProductMapping implements GET /partner/v1/psa/{psa}/product-mappings/{sophosProduct}.
func (rm *Room) GetProductMapping(w http.ResponseWriter, r *http.Request, psa api.Psa, sophosProduct string, _ api.GetProductMappingParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		m, err := ProductMapping(r.Context(), q, web.PrincipalOf(r).PartnerID, psa, sophosProduct)
		return reply(m.Mapping, m.Version, err)
	})
}

// ProductMappingBody is ProductMappingInput with presence of the required field; the admin
// API's body has the same fields.
type ProductMappingBody struct {
	PsaProductID *int64 `json:"psaProductId"`
	SyncEnabled  *bool  `json:"syncEnabled"`
}

// Sync is the body's usage-sync switch: on unless it says off.
func (b ProductMappingBody) Sync() bool { return b.SyncEnabled == nil || *b.SyncEnabled }

// PutProductMapping implements PUT /partner/v1/psa/{psa}/product-mappings/{sophosProduct}.
func (rm *Room) PutProductMapping(w http.ResponseWriter, r *http.Request, psa api.Psa, sophosProduct string, params api.PutProductMappingParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		ctx := r.Context()
		partnerID := web.PrincipalOf(r).PartnerID
		// The body is read and parsed before the transaction: a slow client must not hold the
		// database while its body trickles in.
		var in ProductMappingBody
		if err := web.DecodeBody(r, &in); err != nil {
			return web.Reply{}, err
		}
		m, err := store.InTx(ctx, q, func(q store.Q) (store.ProductMapping, error) {
			current, err := ProductMapping(ctx, q, partnerID, psa, sophosProduct)
			if err != nil {
				return current, err
			}
			if in.PsaProductID == nil {
				return current, web.FieldError("psaProductId", "", nil, "psaProductId is required: the id of the %s product to map %s to", psa.ShortName(), sophosProduct)
			}
			if err := web.CheckIfMatch(params.IfMatch, current.Version, fmt.Sprintf("the %s mapping of %s", psa.ShortName(), sophosProduct)); err != nil {
				return current, err
			}
			if err := checkMappableProduct(ctx, q, partnerID, psa, *in.PsaProductID, &current.Mapping, in.Sync()); err != nil {
				return current, err
			}
			if err := q.SetProductMapping(ctx, partnerID, psa, sophosProduct, in.PsaProductID, in.Sync(), rm.api.Now().UnixNano(), writer(r)); err != nil {
				return current, err
			}
			return ProductMapping(ctx, q, partnerID, psa, sophosProduct)
		})
		return reply(m.Mapping, m.Version, err)
	})
}

// checkMappableProduct refuses products that do not exist in the PSA or are inactive
// (rules.CheckMappableProduct).
func checkMappableProduct(ctx context.Context, q store.Q, partnerID string, psa api.Psa, productID int64, current *api.ProductMapping, sync bool) error {
	var product *api.PsaProduct
	p, err := q.Product(ctx, partnerID, productID)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return err
	default:
		product = &api.PsaProduct{Id: p.ID, Psa: p.PSA, Identifier: p.Identifier, Description: p.Description, InactiveFlag: p.Inactive}
	}
	return web.Violation(rules.CheckMappableProduct(rules.APIFields(), psa, productID, product, current, sync).First())
}

// DeleteProductMapping implements DELETE /partner/v1/psa/{psa}/product-mappings/{sophosProduct}:
// the product is unmapped and its usage sync switched off.
func (rm *Room) DeleteProductMapping(w http.ResponseWriter, r *http.Request, psa api.Psa, sophosProduct string, params api.DeleteProductMappingParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		ctx := r.Context()
		partnerID := web.PrincipalOf(r).PartnerID
		return web.NoContent(), q.Tx(ctx, func(q store.Q) error {
			current, err := ProductMapping(ctx, q, partnerID, psa, sophosProduct)
			if err != nil {
				return err
			}
			if err := web.CheckIfMatch(params.IfMatch, current.Version, fmt.Sprintf("the %s mapping of %s", psa.ShortName(), sophosProduct)); err != nil {
				return err
			}
			if !current.Mapping.Mapped {
				return nil
			}
			return q.SetProductMapping(ctx, partnerID, psa, sophosProduct, nil, false, rm.api.Now().UnixNano(), writer(r))
		})
	})
}
