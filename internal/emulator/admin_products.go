package emulator

import (
	"context"
	"database/sql"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// updateProduct applies change to a product of the partner's PSA and stores it (identifiers
// stay unique), bumping its version.
func (a *Admin) updateProduct(psa api.Psa, id int64, change func(p *productRecord)) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		p, err := productInPSA(ctx, tx, a.partnerID, psa, id)
		if err != nil {
			return err
		}
		change(p)
		if err := checkIdentifierFree(ctx, tx, p); err != nil {
			return err
		}
		return updateProduct(ctx, tx, p, a.ts())
	})
}

// RenameProduct changes a product's identifier and/or description ("" keeps the value), as
// someone editing it in the PSA would. Mappings to it are kept.
func (a *Admin) RenameProduct(psa api.Psa, id int64, identifier, description string) error {
	return a.updateProduct(psa, id, func(p *productRecord) {
		if identifier != "" {
			p.Identifier = identifier
		}
		if description != "" {
			p.Description = description
		}
	})
}

// SetProductInactive sets a product's inactive flag in the PSA.
func (a *Admin) SetProductInactive(psa api.Psa, id int64, inactive bool) error {
	return a.updateProduct(psa, id, func(p *productRecord) { p.Inactive = inactive })
}

// SetProductPrice changes a product's price and cost in the PSA.
func (a *Admin) SetProductPrice(psa api.Psa, id int64, price, cost float64) error {
	return a.updateProduct(psa, id, func(p *productRecord) { p.Price, p.Cost = price, cost })
}

// AddProduct adds a product to the PSA catalog (Autotask included, which the API cannot
// write). p.ID 0 picks the next free id; ConnectWise reference data is given by name.
func (a *Admin) AddProduct(psa api.Psa, p SeedProduct) (int64, error) {
	var id int64
	err := a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		var v seedValidator
		v.productIDs = map[int64]string{}
		if p.ID == 0 {
			next, err := nextID(ctx, tx, "psa_products", psa)
			if err != nil {
				return err
			}
			p.ID = next
		}
		var ref *seedRefData
		if psa == api.PsaConnectwise {
			ref = &seedRefData{subcategories: map[string]bool{}, types: map[string]bool{}, units: map[string]bool{}}
			for kind, set := range map[string]map[string]bool{refSubcategory: ref.subcategories, refType: ref.types, refUnit: ref.units} {
				names, err := refNames(ctx, tx, a.partnerID, kind)
				if err != nil {
					return err
				}
				for _, n := range names {
					set[fold(n)] = true
				}
			}
		}
		list := []SeedProduct{p}
		v.products("product", list, ref, map[int64]bool{})
		if len(v.problems) > 0 {
			return errBadRequest("the product is invalid: %s", strings.Join(v.problems, "; "))
		}
		p = list[0] // with defaults
		var taken int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM psa_products WHERE id = ?", p.ID).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			return errConflict("there is already a product with id %d (ids are unique across partners and PSAs)", p.ID)
		}
		rec := &productRecord{ID: p.ID, PartnerID: a.partnerID, PSA: psa, Identifier: p.Identifier}
		if err := checkIdentifierFree(ctx, tx, rec); err != nil {
			return err
		}
		id = p.ID
		return loadSeedPSAData(ctx, tx, a.partnerID, psa, []SeedProduct{p}, nil, nil, a.ts())
	})
	return id, err
}

// DeleteProduct removes a product from the PSA, as someone deleting it there would: mappings
// to it are removed and their usage sync switched off.
func (a *Admin) DeleteProduct(psa api.Psa, id int64) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		p, err := productInPSA(ctx, tx, a.partnerID, psa, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE product_mappings SET psa_product_id = NULL, sync_enabled = 0, version = version + 1, updated_at = ?
			WHERE psa_product_id = ?`, a.ts(), p.ID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM psa_products WHERE id = ?", p.ID)
		return err
	})
}

// SetProductMappingSync switches a mapped product's usage sync, as in the console. Unmapped
// products answer 409: sync can never be on without a mapping.
func (a *Admin) SetProductMappingSync(psa api.Psa, sophosProduct string, enabled bool) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		m, err := productMapping(ctx, tx, a.partnerID, psa, sophosProduct)
		if err != nil {
			return err
		}
		if !m.mapping.Mapped {
			return errConflict("Sophos product %s is not mapped in %s; map it before switching usage sync", sophosProduct, psa.ShortName())
		}
		return upsertProductMapping(ctx, tx, a.partnerID, psa, sophosProduct, sql.NullInt64{Int64: *m.mapping.PsaProductId, Valid: true}, enabled, a.ts())
	})
}

// SetProductMapping maps a Sophos product to a PSA product without the API's checks (the
// product must exist in the PSA, inactive ones included).
func (a *Admin) SetProductMapping(psa api.Psa, sophosProduct string, psaProductID int64, syncEnabled bool) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := productMapping(ctx, tx, a.partnerID, psa, sophosProduct); err != nil {
			return err
		}
		if _, err := productInPSA(ctx, tx, a.partnerID, psa, psaProductID); err != nil {
			return err
		}
		return upsertProductMapping(ctx, tx, a.partnerID, psa, sophosProduct, sql.NullInt64{Int64: psaProductID, Valid: true}, syncEnabled, a.ts())
	})
}

// DeleteProductMapping unmaps a Sophos product (its usage sync goes off).
func (a *Admin) DeleteProductMapping(psa api.Psa, sophosProduct string) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		m, err := productMapping(ctx, tx, a.partnerID, psa, sophosProduct)
		if err != nil || !m.mapping.Mapped {
			return err
		}
		return upsertProductMapping(ctx, tx, a.partnerID, psa, sophosProduct, sql.NullInt64{}, false, a.ts())
	})
}
