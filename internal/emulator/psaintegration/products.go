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

// PSA products: /partner/v1/psa/{psa}/products[/{productId}]. Only ConnectWise products can
// be written through the API.

// Product reads a product of the partner's PSA, with 404s that say what is wrong.
func Product(ctx context.Context, q store.Q, partnerID string, psa api.Psa, id int64) (store.ProductWithRefs, error) {
	p, err := q.Product(ctx, partnerID, id)
	if errors.Is(err, store.ErrNotFound) {
		return p, web.NotFound("there is no %s product with id %d", psa.ShortName(), id)
	}
	if err != nil {
		return p, err
	}
	if p.PSA != psa {
		return p, web.NotFound("product %d is %s product, not %s one; use /partner/v1/psa/%s/products/%d", id, api.WithArticle(p.PSA.ShortName()), api.WithArticle(psa.ShortName()), p.PSA, id)
	}
	return p, nil
}

// productWithETag is the product as the API shows it, with its ETag.
func productWithETag(p store.ProductWithRefs) api.PsaProduct {
	out := p.API()
	out.Etag = ptr(web.ETag(p.Version))
	return out
}

// productBody reads a product input: ConnectWise products only.
func productBody(r *http.Request, psa api.Psa) (api.PsaProductInput, error) {
	var in api.PsaProductInput
	if psa != api.PsaConnectwise {
		return in, errReadOnlyPSA(psa)
	}
	return in, web.DecodeBody(r, &in)
}

// describeProduct names a product in messages: `ConnectWise product 105 (SOPHOS-SRV-IXA)`.
func describeProduct(p *store.Product) string {
	return fmt.Sprintf("%s product %d (%s)", p.PSA.ShortName(), p.ID, p.Identifier)
}

// ListPsaProducts implements GET /partner/v1/psa/{psa}/products.
func (rm *Room) ListPsaProducts(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.ListPsaProductsParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		pg, err := web.NewPaging(params.Page, params.PageSize, params.PageTotal)
		if err != nil {
			return web.Reply{}, err
		}
		f := store.ProductFilter{Identifier: params.Identifier, IncludeInactive: deref(params.IncludeInactive)}
		if params.Search != nil {
			if f.Search = store.Fold(*params.Search); len([]rune(f.Search)) < api.MinProductSearchLength {
				return web.Reply{}, web.FieldError("search", *params.Search, nil, "search needs at least %d characters", api.MinProductSearchLength)
			}
		}
		page, err := q.ListProducts(r.Context(), web.PrincipalOf(r).PartnerID, psa, f, pg.Window())
		if err != nil {
			return web.Reply{}, err
		}
		return web.OK(api.PsaProductList{Items: render(page.Items, productWithETag), Pages: pg.Pages(page.Total)}), nil
	})
}

// GetPsaProduct implements GET /partner/v1/psa/{psa}/products/{productId}.
func (rm *Room) GetPsaProduct(w http.ResponseWriter, r *http.Request, psa api.Psa, productID int64, _ api.GetPsaProductParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		p, err := Product(r.Context(), q, web.PrincipalOf(r).PartnerID, psa, productID)
		return reply(productWithETag(p), p.Version, err)
	})
}

// errReadOnlyPSA is the 405 for catalog writes to Autotask.
func errReadOnlyPSA(psa api.Psa) error {
	return web.MethodNotAllowed("%s products are read-only through the integration; create and edit them in %s, then map them here (only ConnectWise products can be created or edited from Sophos Central)", psa.ShortName(), psa.ShortName())
}

// CreatePsaProduct implements POST /partner/v1/psa/{psa}/products (ConnectWise only).
func (rm *Room) CreatePsaProduct(w http.ResponseWriter, r *http.Request, psa api.Psa, _ api.CreatePsaProductParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		in, err := productBody(r, psa)
		if err != nil {
			return web.Reply{}, err
		}
		ctx := r.Context()
		partnerID := web.PrincipalOf(r).PartnerID
		out, err := store.InTx(ctx, q, func(q store.Q) (store.ProductWithRefs, error) {
			rec := store.Product{PartnerID: partnerID, PSA: psa, UpdatedBy: writer(r)}
			if err := productFromInput(ctx, q, &rec, in); err != nil {
				return store.ProductWithRefs{}, err
			}
			if err := CheckIdentifierFree(ctx, q, &rec); err != nil {
				return store.ProductWithRefs{}, err
			}
			if rec.MemberUpdatedBy, err = psaMember(ctx, q, partnerID, psa); err != nil {
				return store.ProductWithRefs{}, err
			}
			id, err := q.NextID(ctx, store.TablePSAProducts, psa)
			if err != nil {
				return store.ProductWithRefs{}, err
			}
			rec.ID = id
			if err := q.InsertProduct(ctx, &rec, rm.api.Now().UnixNano()); err != nil {
				return store.ProductWithRefs{}, err
			}
			return q.Product(ctx, partnerID, rec.ID)
		})
		if err != nil {
			return web.Reply{}, err
		}
		return web.Created(productWithETag(out)).WithETag(out.Version).With("Location", fmt.Sprintf("/partner/v1/psa/%s/products/%d", psa, out.ID)), nil
	})
}

// UpdatePsaProduct implements PUT /partner/v1/psa/{psa}/products/{productId} (ConnectWise only).
func (rm *Room) UpdatePsaProduct(w http.ResponseWriter, r *http.Request, psa api.Psa, productID int64, params api.UpdatePsaProductParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		in, err := productBody(r, psa)
		if err != nil {
			return web.Reply{}, err
		}
		ctx := r.Context()
		partnerID := web.PrincipalOf(r).PartnerID
		out, err := store.InTx(ctx, q, func(q store.Q) (store.ProductWithRefs, error) {
			p, err := Product(ctx, q, partnerID, psa, productID)
			if err != nil {
				return p, err
			}
			rec := &p.Product
			if err := web.CheckIfMatch(params.IfMatch, rec.Version, describeProduct(rec)); err != nil {
				return p, err
			}
			if err := productFromInput(ctx, q, rec, in); err != nil {
				return p, err
			}
			if err := CheckIdentifierFree(ctx, q, rec); err != nil {
				return p, err
			}
			rec.UpdatedBy = writer(r)
			if rec.MemberUpdatedBy, err = psaMember(ctx, q, partnerID, psa); err != nil {
				return p, err
			}
			if err := q.UpdateProduct(ctx, rec, rm.api.Now().UnixNano()); err != nil {
				return p, err
			}
			return q.Product(ctx, partnerID, rec.ID)
		})
		return reply(productWithETag(out), out.Version, err)
	})
}

// DeletePsaProduct implements DELETE /partner/v1/psa/{psa}/products/{productId} (ConnectWise
// only); refused while Sophos products are mapped to it.
func (rm *Room) DeletePsaProduct(w http.ResponseWriter, r *http.Request, psa api.Psa, productID int64, params api.DeletePsaProductParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		if psa != api.PsaConnectwise {
			return web.Reply{}, errReadOnlyPSA(psa)
		}
		ctx := r.Context()
		return web.NoContent(), q.Tx(ctx, func(q store.Q) error {
			p, err := Product(ctx, q, web.PrincipalOf(r).PartnerID, psa, productID)
			if err != nil {
				return err
			}
			if err := web.CheckIfMatch(params.IfMatch, p.Version, describeProduct(&p.Product)); err != nil {
				return err
			}
			mapped, err := q.SophosProductsMappedTo(ctx, p.ID)
			if err != nil {
				return err
			}
			if len(mapped) > 0 {
				return web.Conflict("%s cannot be deleted: Sophos product(s) %s are mapped to it; map them to another product or remove those mappings first",
					describeProduct(&p.Product), api.QuotedList(mapped))
			}
			// ConnectWise keeps an item its agreements bill, and answers Sophos so.
			if n, err := q.AdditionsUsingProduct(ctx, p.ID); err != nil || n > 0 {
				if err != nil {
					return err
				}
				return web.NewStatusError(http.StatusConflict, api.ErrorCodeProductInUse,
					"ConnectWise did not delete %s: %d agreement addition(s) use it. Make it inactive instead (inactiveFlag)", describeProduct(&p.Product), n)
			}
			return q.DeleteProduct(ctx, p.ID)
		})
	})
}

// psaMember is who a product write through the integration is made by in the PSA
// (store.Integration.Member).
func psaMember(ctx context.Context, q store.Q, partnerID string, psa api.Psa) (string, error) {
	rec, err := q.Integration(ctx, partnerID, psa)
	if err != nil {
		return "", err
	}
	return rec.Member(), nil
}

// CheckIdentifierFree refuses an identifier another product of the PSA already has
// (rules.CheckIdentifierFree).
func CheckIdentifierFree(ctx context.Context, q store.Q, rec *store.Product) error {
	others, err := q.ProductsWithIdentifier(ctx, rec.PartnerID, rec.PSA, rec.Identifier, rec.ID)
	if err != nil {
		return err
	}
	list := make([]api.PsaProduct, 0, len(others))
	for _, p := range others {
		list = append(list, api.PsaProduct{Id: p.ID, Psa: p.PSA, Identifier: p.Identifier})
	}
	adopt := func(id int64) string { return fmt.Sprintf("Choose another identifier or use product %d.", id) }
	return web.Violation(rules.CheckIdentifierFree(rules.APIFields(), rec.Identifier, rec.ID, list, adopt).First())
}
