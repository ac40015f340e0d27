package admin

import (
	"context"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/psaintegration"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/seed"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// Out-of-band changes to the PSA catalog and the product mappings.

// ConsoleMember is who an out-of-band change was made by, as ConnectWise's _info.updatedBy
// shows it: a person working in the PSA.
const ConsoleMember = "Admin"

// ProductChange is a change to a product's fields; nil leaves a field as it is.
type ProductChange struct {
	Identifier  *string  `json:"identifier"`
	Description *string  `json:"description"`
	Inactive    *bool    `json:"inactive"`
	Price       *float64 `json:"price"`
	Cost        *float64 `json:"cost"`
}

// ChangeProduct applies a change to a product of the partner's PSA and stores it
// (identifiers stay unique), bumping its version, as someone editing it in the PSA would.
// Mappings to it are kept.
func (a *Admin) ChangeProduct(psa api.Psa, id int64, c ProductChange) error {
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		p, err := psaintegration.Product(ctx, q, a.partnerID, psa, id)
		if err != nil {
			return err
		}
		rec := &p.Product
		set(&rec.Identifier, c.Identifier)
		set(&rec.Description, c.Description)
		set(&rec.Inactive, c.Inactive)
		set(&rec.Price, c.Price)
		set(&rec.Cost, c.Cost)
		if err := psaintegration.CheckIdentifierFree(ctx, q, rec); err != nil {
			return err
		}
		rec.UpdatedBy = store.Console
		rec.MemberUpdatedBy = ConsoleMember
		return q.UpdateProduct(ctx, rec, a.ts())
	})
}

// set assigns *v to *field unless v is nil.
func set[T any](field *T, v *T) {
	if v != nil {
		*field = *v
	}
}

// RenameProduct changes a product's identifier and/or description ("" keeps the value), as
// someone editing it in the PSA would. Mappings to it are kept.
func (a *Admin) RenameProduct(psa api.Psa, id int64, identifier, description string) error {
	var c ProductChange
	if identifier != "" {
		c.Identifier = &identifier
	}
	if description != "" {
		c.Description = &description
	}
	return a.ChangeProduct(psa, id, c)
}

// SetProductInactive sets a product's inactive flag in the PSA.
func (a *Admin) SetProductInactive(psa api.Psa, id int64, inactive bool) error {
	return a.ChangeProduct(psa, id, ProductChange{Inactive: &inactive})
}

// SetProductPrice changes a product's price and cost in the PSA.
func (a *Admin) SetProductPrice(psa api.Psa, id int64, price, cost float64) error {
	return a.ChangeProduct(psa, id, ProductChange{Price: &price, Cost: &cost})
}

// AddProduct adds a product to the PSA catalog (Autotask included, which the API cannot
// write). p.ID 0 picks the next free id; ConnectWise reference data is given by name.
func (a *Admin) AddProduct(psa api.Psa, p seed.Product) (int64, error) {
	var id int64
	err := a.tx(psa, func(ctx context.Context, q store.Q) error {
		if p.ID == 0 {
			next, err := q.NextID(ctx, store.TablePSAProducts, psa)
			if err != nil {
				return err
			}
			p.ID = next
		}
		var ref *api.CatalogReference
		if psa == api.PsaConnectwise {
			r, err := q.CatalogReference(ctx, a.partnerID)
			if err != nil {
				return err
			}
			ref = &r
		}
		if problems := seed.CheckProduct(&p, ref); len(problems) > 0 {
			return web.BadRequest("the product is invalid: %s", strings.Join(problems, "; "))
		}
		taken, err := q.ProductIDTaken(ctx, p.ID)
		if err != nil {
			return err
		}
		if taken {
			return web.Conflict("there is already a product with id %d (ids are unique across partners and PSAs)", p.ID)
		}
		if err := psaintegration.CheckIdentifierFree(ctx, q, &store.Product{ID: p.ID, PartnerID: a.partnerID, PSA: psa, Identifier: p.Identifier}); err != nil {
			return err
		}
		id = p.ID
		return seed.InsertProducts(ctx, q, a.partnerID, psa, []seed.Product{p}, a.ts())
	})
	return id, err
}

// DeleteProduct removes a product from the PSA, as someone deleting it there would: mappings
// to it are removed and their usage sync switched off.
func (a *Admin) DeleteProduct(psa api.Psa, id int64) error {
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		p, err := psaintegration.Product(ctx, q, a.partnerID, psa, id)
		if err != nil {
			return err
		}
		if err := q.UnmapProduct(ctx, p.ID, a.ts(), store.Writer{}); err != nil { // by the PSA, not through Sophos Central
			return err
		}
		return q.DeleteProduct(ctx, p.ID)
	})
}

// SetProductMappingSync switches a mapped product's usage sync, as in the console. Unmapped
// products answer 409: sync can never be on without a mapping.
func (a *Admin) SetProductMappingSync(psa api.Psa, sophosProduct string, enabled bool) error {
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		m, err := psaintegration.ProductMapping(ctx, q, a.partnerID, psa, sophosProduct)
		if err != nil {
			return err
		}
		if !m.Mapping.Mapped {
			return web.Conflict("Sophos product %s is not mapped in %s; map it before switching usage sync", sophosProduct, psa.ShortName())
		}
		return q.SetProductMapping(ctx, a.partnerID, psa, sophosProduct, m.Mapping.PsaProductId, enabled, a.ts(), store.Console)
	})
}

// SetProductMapping maps a Sophos product to a PSA product without the API's checks (the
// product must exist in the PSA, inactive ones included).
func (a *Admin) SetProductMapping(psa api.Psa, sophosProduct string, psaProductID int64, syncEnabled bool) error {
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		if _, err := psaintegration.ProductMapping(ctx, q, a.partnerID, psa, sophosProduct); err != nil {
			return err
		}
		if _, err := psaintegration.Product(ctx, q, a.partnerID, psa, psaProductID); err != nil {
			return err
		}
		return q.SetProductMapping(ctx, a.partnerID, psa, sophosProduct, &psaProductID, syncEnabled, a.ts(), store.Console)
	})
}

// DeleteProductMapping unmaps a Sophos product (its usage sync goes off).
func (a *Admin) DeleteProductMapping(psa api.Psa, sophosProduct string) error {
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		m, err := psaintegration.ProductMapping(ctx, q, a.partnerID, psa, sophosProduct)
		if err != nil || !m.Mapping.Mapped {
			return err
		}
		return q.SetProductMapping(ctx, a.partnerID, psa, sophosProduct, nil, false, a.ts(), store.Console)
	})
}
