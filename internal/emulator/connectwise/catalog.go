package connectwise

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"strconv"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// Catalog items: /procurement/catalog. They are the PSA products of the partner's
// ConnectWise (the psa_products table), the same rows the PSA Integration room serves: an
// item created here is a product there, and the other way round. DELETE refuses an item
// agreement additions bill (409), as ConnectWise refuses an item in use; deleting one
// removes Sophos's product mappings to it, as a deletion in the PSA does.

var catalogSchema = knownPaths(reflect.TypeFor[cw.CatalogItem]())

func (rm *Room) catalogRoutes() {
	rm.collection(cw.PathCatalog, catalogSchema, catalogRecords)
	rm.handleAPI(http.MethodGet, cw.PathCatalog+"/{id}", rm.getCatalogItem)
	rm.handleAPI(http.MethodPost, cw.PathCatalog, rm.createCatalogItem)
	rm.handleAPI(http.MethodPatch, cw.PathCatalog+"/{id}", rm.patchCatalogItem)
	rm.handleAPI(http.MethodDelete, cw.PathCatalog+"/{id}", rm.deleteCatalogItem)
}

// everything is the window of a whole list.
var everything = store.Window{Limit: math.MaxInt32}

// catalogRecords are the partner's catalog items, inactive ones included.
func catalogRecords(r *http.Request, q store.Q) ([]record, error) {
	page, err := q.ListProducts(r.Context(), memberOf(r).PartnerID, api.PsaConnectwise, store.ProductFilter{IncludeInactive: true}, everything)
	if err != nil {
		return nil, err
	}
	return toRecords(page.Items, catalogItem, func(c cw.CatalogItem) int { return c.ID })
}

// pathID reads the {id} of a path: a positive whole number, else 404 as ConnectWise answers.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id < 1 {
		return 0, notFound("%s %q is not a record id", name, r.PathValue(name))
	}
	return id, nil
}

// catalogProduct reads a catalog item of the request's partner; 404 when there is none.
func catalogProduct(ctx context.Context, q store.Q, partnerID string, id int64) (store.ProductWithRefs, error) {
	p, err := q.Product(ctx, partnerID, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && p.PSA != api.PsaConnectwise) {
		return p, notFound("Catalog item with id %d was not found.", id)
	}
	return p, err
}

// itemToWrite checks that the member may write the catalog and reads the path's item id.
func itemToWrite(r *http.Request) (int64, error) {
	if err := checkWrite(r, "the product catalog"); err != nil {
		return 0, err
	}
	return pathID(r, "id")
}

func (rm *Room) getCatalogItem(r *http.Request, q store.Q) (web.Reply, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return web.Reply{}, err
	}
	p, err := catalogProduct(r.Context(), q, memberOf(r).PartnerID, id)
	if err != nil {
		return web.Reply{}, err
	}
	return web.OK(catalogItem(p)), nil
}

func (rm *Room) createCatalogItem(r *http.Request, q store.Q) (web.Reply, error) {
	if err := checkWrite(r, "the product catalog"); err != nil {
		return web.Reply{}, err
	}
	var item cw.CatalogItem
	if err := decodeStrict(r, catalogResource, &item); err != nil {
		return web.Reply{}, err
	}
	ctx, m := r.Context(), memberOf(r)
	out, err := store.InTx(ctx, q, func(q store.Q) (store.ProductWithRefs, error) {
		rec := store.Product{PartnerID: m.PartnerID, PSA: api.PsaConnectwise, MemberUpdatedBy: m.ID}
		if err := productFromItem(ctx, q, &rec, item); err != nil {
			return store.ProductWithRefs{}, err
		}
		id, err := q.NextID(ctx, store.TablePSAProducts, api.PsaConnectwise)
		if err != nil {
			return store.ProductWithRefs{}, err
		}
		rec.ID = id
		if err := q.InsertProduct(ctx, &rec, rm.api.Now().UnixNano()); err != nil {
			return store.ProductWithRefs{}, err
		}
		return q.Product(ctx, m.PartnerID, id)
	})
	if err != nil {
		return web.Reply{}, err
	}
	return web.Created(catalogItem(out)), nil
}

func (rm *Room) patchCatalogItem(r *http.Request, q store.Q) (web.Reply, error) {
	id, err := itemToWrite(r)
	if err != nil {
		return web.Reply{}, err
	}
	ctx, m := r.Context(), memberOf(r)
	out, err := store.InTx(ctx, q, func(q store.Q) (store.ProductWithRefs, error) {
		p, err := catalogProduct(ctx, q, m.PartnerID, id)
		if err != nil {
			return p, err
		}
		var item cw.CatalogItem
		if err := applyPatch(r, catalogResource, catalogItem(p), &item); err != nil {
			return p, err
		}
		rec := &p.Product
		if err := productFromItem(ctx, q, rec, item); err != nil {
			return p, err
		}
		// Written in the PSA: nobody through Sophos Central.
		rec.UpdatedBy, rec.MemberUpdatedBy = store.Writer{}, m.ID
		if err := q.UpdateProduct(ctx, rec, rm.api.Now().UnixNano()); err != nil {
			return p, err
		}
		return q.Product(ctx, m.PartnerID, id)
	})
	if err != nil {
		return web.Reply{}, err
	}
	return web.OK(catalogItem(out)), nil
}

func (rm *Room) deleteCatalogItem(r *http.Request, q store.Q) (web.Reply, error) {
	id, err := itemToWrite(r)
	if err != nil {
		return web.Reply{}, err
	}
	ctx, m := r.Context(), memberOf(r)
	return web.NoContent(), q.Tx(ctx, func(q store.Q) error {
		p, err := catalogProduct(ctx, q, m.PartnerID, id)
		if err != nil {
			return err
		}
		n, err := q.AdditionsUsingProduct(ctx, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return web.NewStatusError(http.StatusConflict, "InUse", "%s",
				fmt.Sprintf("Catalog item %d (%s) cannot be deleted: it is used by %d agreement addition(s). Make it inactive instead (inactiveFlag).", id, p.Identifier, n))
		}
		// As a deletion in the PSA does (the admin API's too), Sophos's mappings to it go.
		if err := q.UnmapProduct(ctx, id, rm.api.Now().UnixNano(), store.Writer{}); err != nil {
			return err
		}
		return q.DeleteProduct(ctx, id)
	})
}
