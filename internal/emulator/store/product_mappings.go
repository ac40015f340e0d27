package store

import (
	"context"
	"database/sql"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The product_mappings table: which PSA product each Sophos product is mapped to, per
// partner and PSA.

// ProductMapping is a Sophos product with its mapping (if any) as the contract shows it
// (its Etag is the caller's), and the mapping's version.
type ProductMapping struct {
	Mapping api.ProductMapping
	Version int64
}

// productMappingSelect reads Sophos products with their mapping (if any) for one partner
// and PSA. Arguments: partner id, psa.
const productMappingSelect = `SELECT sp.identifier, sp.name, pm.psa_product_id, COALESCE(pm.sync_enabled, 0), COALESCE(pm.version, 0),
	pm.updated_at, pm.updated_by, p.identifier, p.description
	FROM sophos_products sp
	LEFT JOIN product_mappings pm ON pm.sophos_product = sp.identifier AND pm.partner_id = ? AND pm.psa = ?
	LEFT JOIN psa_products p ON p.id = pm.psa_product_id`

func scanProductMapping(psa api.Psa) func(scanner) (ProductMapping, error) {
	return func(row scanner) (ProductMapping, error) {
		var (
			out                     ProductMapping
			productID, updated      sql.NullInt64
			identifier, description sql.NullString
			updatedBy               sql.NullString
			sync                    bool
		)
		m := &out.Mapping
		err := row.Scan(&m.SophosProduct, &m.SophosProductName, &productID, &sync, &out.Version, &updated, &updatedBy, &identifier, &description)
		m.Psa = psa
		m.Mapped = productID.Valid
		m.PsaProductId = nullInt(productID)
		m.PsaProductIdentifier = nullString(identifier)
		m.PsaProductName = nullString(description)
		m.SyncEnabled = sync && productID.Valid
		m.UpdatedAt = nullTime(updated)
		m.UpdatedBy = changedBy(updatedBy)
		return out, err
	}
}

// ProductMapping reads one Sophos product's mapping in the partner's PSA (unmapped when it
// has none); ErrNotFound for an unknown Sophos product.
func (q Q) ProductMapping(ctx context.Context, partnerID string, psa api.Psa, sophosProduct string) (ProductMapping, error) {
	m, err := scanProductMapping(psa)(q.q.QueryRowContext(ctx, productMappingSelect+" WHERE sp.identifier = ?", partnerID, psa, sophosProduct))
	return m, notFound(err)
}

// ListProductMappings reads a page of the Sophos products with usage, by name, with their
// mappings in the partner's PSA.
func (q Q) ListProductMappings(ctx context.Context, partnerID string, psa api.Psa, w Window) (Page[ProductMapping], error) {
	return listPage(ctx, q, productMappingSelect+" WHERE sp.has_usage = 1", "sp.name_fold, sp.identifier", []any{partnerID, psa}, w, scanProductMapping(psa))
}

// SetProductMapping maps a Sophos product (productID nil: unmaps it), bumping the mapping's
// version, at ts, by by. Sync is always off without a product.
func (q Q) SetProductMapping(ctx context.Context, partnerID string, psa api.Psa, sophosProduct string, productID *int64, sync bool, ts int64, by Writer) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO product_mappings(partner_id, psa, sophos_product, psa_product_id, sync_enabled, version, updated_at, updated_by)
		VALUES(?, ?, ?, ?, ?, 1, ?, ?)
		ON CONFLICT(partner_id, psa, sophos_product) DO UPDATE SET psa_product_id = excluded.psa_product_id,
			sync_enabled = excluded.sync_enabled, version = product_mappings.version + 1, updated_at = excluded.updated_at,
			updated_by = excluded.updated_by`,
		partnerID, psa, sophosProduct, productID, sync && productID != nil, ts, by.value())
	return err
}

// UnmapProduct unmaps every Sophos product mapped to a PSA product (its sync goes off),
// bumping those mappings' versions, at ts, by by.
func (q Q) UnmapProduct(ctx context.Context, productID int64, ts int64, by Writer) error {
	_, err := q.q.ExecContext(ctx, `UPDATE product_mappings SET psa_product_id = NULL, sync_enabled = 0, version = version + 1, updated_at = ?,
		updated_by = ? WHERE psa_product_id = ?`, ts, by.value(), productID)
	return err
}

// SophosProductsMappedTo lists the Sophos products mapped to a PSA product.
func (q Q) SophosProductsMappedTo(ctx context.Context, productID int64) ([]string, error) {
	return collect(ctx, q, scanString, "SELECT sophos_product FROM product_mappings WHERE psa_product_id = ? ORDER BY sophos_product", productID)
}

// MappedSophosProducts lists the Sophos products mapped in the partner's PSA.
func (q Q) MappedSophosProducts(ctx context.Context, partnerID string, psa api.Psa) ([]string, error) {
	return collect(ctx, q, scanString, `SELECT sophos_product FROM product_mappings WHERE partner_id = ? AND psa = ? AND psa_product_id IS NOT NULL ORDER BY sophos_product`,
		partnerID, psa)
}

// SyncedProduct is the PSA product a Sophos product is mapped to with usage sync on.
type SyncedProduct struct {
	PSAProductID int64
	Identifier   string
}

// SyncedProducts maps the Sophos products mapped in the partner's PSA with usage sync on to
// their PSA products.
func (q Q) SyncedProducts(ctx context.Context, partnerID string, psa api.Psa) (map[string]SyncedProduct, error) {
	type row struct {
		sophos string
		p      SyncedProduct
	}
	rows, err := collect(ctx, q, func(r scanner) (row, error) {
		var x row
		err := r.Scan(&x.sophos, &x.p.PSAProductID, &x.p.Identifier)
		return x, err
	}, `SELECT pm.sophos_product, pm.psa_product_id, COALESCE(p.identifier, '') FROM product_mappings pm
		LEFT JOIN psa_products p ON p.id = pm.psa_product_id
		WHERE pm.partner_id = ? AND pm.psa = ? AND pm.psa_product_id IS NOT NULL AND pm.sync_enabled = 1`, partnerID, psa)
	out := map[string]SyncedProduct{}
	for _, r := range rows {
		out[r.sophos] = r.p
	}
	return out, err
}

// InsertProductMapping stores a seed's product mapping with version 1, as made in the
// console.
func (q Q) InsertProductMapping(ctx context.Context, partnerID string, psa api.Psa, sophosProduct string, productID int64, sync bool, ts int64) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO product_mappings(partner_id, psa, sophos_product, psa_product_id, sync_enabled, version, updated_at, updated_by)
		VALUES(?, ?, ?, ?, ?, 1, ?, ?)`, partnerID, psa, sophosProduct, productID, sync, ts, Console.value())
	return err
}
