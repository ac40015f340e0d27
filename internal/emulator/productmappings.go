package emulator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// productMappingSelect reads Sophos products with their mapping (if any) for one partner
// and PSA. Arguments: partner id, psa.
const productMappingSelect = `SELECT sp.identifier, sp.name, pm.psa_product_id, COALESCE(pm.sync_enabled, 0), COALESCE(pm.version, 0),
	pm.updated_at, p.identifier, p.description
	FROM sophos_products sp
	LEFT JOIN product_mappings pm ON pm.sophos_product = sp.identifier AND pm.partner_id = ? AND pm.psa = ?
	LEFT JOIN psa_products p ON p.id = pm.psa_product_id`

// productMappingRow is one row of productMappingSelect.
type productMappingRow struct {
	mapping api.ProductMapping
	version int64
}

func scanProductMapping(psa api.Psa, row interface{ Scan(...any) error }) (productMappingRow, error) {
	var (
		out                     productMappingRow
		productID, updated      sql.NullInt64
		identifier, description sql.NullString
		sync                    bool
	)
	m := &out.mapping
	err := row.Scan(&m.SophosProduct, &m.SophosProductName, &productID, &sync, &out.version, &updated, &identifier, &description)
	m.Etag = ptr(etag(out.version))
	m.Psa = psa
	m.Mapped = productID.Valid
	m.PsaProductId = nullInt(productID)
	m.PsaProductIdentifier = nullString(identifier)
	m.PsaProductName = nullString(description)
	m.SyncEnabled = sync && productID.Valid
	m.UpdatedAt = nullTime(updated)
	return out, err
}

// productMapping reads one Sophos product's mapping; 404 for unknown products and products
// without usage.
func productMapping(ctx context.Context, q querier, partnerID string, psa api.Psa, sophosProduct string) (productMappingRow, error) {
	row, err := scanProductMapping(psa, q.QueryRowContext(ctx, productMappingSelect+" WHERE sp.identifier = ?", partnerID, psa, sophosProduct))
	if errors.Is(err, sql.ErrNoRows) {
		var suggestion string
		if e2 := q.QueryRowContext(ctx, "SELECT identifier FROM sophos_products WHERE lower(identifier) = lower(?)", sophosProduct).Scan(&suggestion); e2 == nil {
			return row, errNotFound("there is no Sophos product %q; identifiers are case-sensitive: did you mean %q?", sophosProduct, suggestion)
		}
		return row, errNotFound("there is no Sophos product %q; list the products that can be mapped with GET /partner/v1/psa/%s/product-mappings", sophosProduct, psa)
	}
	if err != nil {
		return row, err
	}
	var hasUsage bool
	if err := q.QueryRowContext(ctx, "SELECT has_usage FROM sophos_products WHERE identifier = ?", sophosProduct).Scan(&hasUsage); err != nil {
		return row, err
	}
	if !hasUsage {
		return row, errNotFound("Sophos product %q (%s) has no usage to sync, so it cannot be mapped", sophosProduct, row.mapping.SophosProductName)
	}
	return row, nil
}

// ListProductMappings implements GET /partner/v1/psa/{psa}/product-mappings: every Sophos
// product with usage, mapped or not.
func (s *server) ListProductMappings(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.ListProductMappingsParams) {
	e := s.e
	pg, err := newPaging(params.Page, params.PageSize, params.PageTotal)
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	ctx := r.Context()
	out := api.ProductMappingList{Items: []api.ProductMapping{}}
	err = e.store.tx(ctx, func(tx *sql.Tx) error {
		var total int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM sophos_products WHERE has_usage = 1").Scan(&total); err != nil {
			return err
		}
		out.Pages = pg.pages(total)
		rows, err := tx.QueryContext(ctx, productMappingSelect+" WHERE sp.has_usage = 1 ORDER BY sp.name_fold, sp.identifier LIMIT ? OFFSET ?",
			principalOf(r).partnerID, psa, pg.limit(), pg.offset())
		if err != nil {
			return err
		}
		defer func() { _ = rows.Close() }()
		for rows.Next() {
			m, err := scanProductMapping(psa, rows)
			if err != nil {
				return err
			}
			out.Items = append(out.Items, m.mapping)
		}
		return rows.Err()
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// GetProductMapping implements GET /partner/v1/psa/{psa}/product-mappings/{sophosProduct}.
func (s *server) GetProductMapping(w http.ResponseWriter, r *http.Request, psa api.Psa, sophosProduct string, _ api.GetProductMappingParams) {
	e := s.e
	m, err := productMapping(r.Context(), e.store.q(r.Context()), principalOf(r).partnerID, psa, sophosProduct)
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(m.version))
	writeJSON(w, http.StatusOK, m.mapping)
}

// productMappingBody is ProductMappingInput with presence of the required field.
type productMappingBody struct {
	PsaProductID *int64 `json:"psaProductId"`
	SyncEnabled  *bool  `json:"syncEnabled"`
}

// PutProductMapping implements PUT /partner/v1/psa/{psa}/product-mappings/{sophosProduct}.
func (s *server) PutProductMapping(w http.ResponseWriter, r *http.Request, psa api.Psa, sophosProduct string, params api.PutProductMappingParams) {
	e := s.e
	ctx := r.Context()
	partnerID := principalOf(r).partnerID
	// The body is read and parsed before the transaction: a slow client must not hold the
	// database while its body trickles in.
	var in productMappingBody
	if err := decodeBody(r, &in); err != nil {
		e.writeError(w, r, err)
		return
	}
	var out productMappingRow
	err := e.store.tx(ctx, func(tx *sql.Tx) error {
		current, err := productMapping(ctx, tx, partnerID, psa, sophosProduct)
		if err != nil {
			return err
		}
		if in.PsaProductID == nil {
			return fieldError("psaProductId", "", nil, "psaProductId is required: the id of the %s product to map %s to", psa.ShortName(), sophosProduct)
		}
		if err := checkIfMatch(params.IfMatch, current.version, fmt.Sprintf("the %s mapping of %s", psa.ShortName(), sophosProduct)); err != nil {
			return err
		}
		sync := in.SyncEnabled == nil || *in.SyncEnabled
		if err := checkMappableProduct(ctx, tx, partnerID, psa, *in.PsaProductID, &current.mapping, sync); err != nil {
			return err
		}
		if err := upsertProductMapping(ctx, tx, partnerID, psa, sophosProduct, sql.NullInt64{Int64: *in.PsaProductID, Valid: true}, sync, toNanos(e.now())); err != nil {
			return err
		}
		out, err = productMapping(ctx, tx, partnerID, psa, sophosProduct)
		return err
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(out.version))
	writeJSON(w, http.StatusOK, out.mapping)
}

// checkMappableProduct refuses products that do not exist in the PSA or are inactive
// (rules.CheckMappableProduct).
func checkMappableProduct(ctx context.Context, q querier, partnerID string, psa api.Psa, productID int64, current *api.ProductMapping, sync bool) error {
	var product *api.PsaProduct
	p, err := productByID(ctx, q, partnerID, productID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	default:
		product = &api.PsaProduct{Id: p.ID, Psa: p.PSA, Identifier: p.Identifier, Description: p.Description, InactiveFlag: p.Inactive}
	}
	return violationError(rules.CheckMappableProduct(rules.APIFields(), psa, productID, product, current, sync).First())
}

// upsertProductMapping stores a mapping (productID null = unmapped), bumping its version.
// Sync is always off without a product.
func upsertProductMapping(ctx context.Context, q querier, partnerID string, psa api.Psa, sophosProduct string, productID sql.NullInt64, sync bool, ts int64) error {
	_, err := q.ExecContext(ctx, `INSERT INTO product_mappings(partner_id, psa, sophos_product, psa_product_id, sync_enabled, version, updated_at)
		VALUES(?, ?, ?, ?, ?, 1, ?)
		ON CONFLICT(partner_id, psa, sophos_product) DO UPDATE SET psa_product_id = excluded.psa_product_id,
			sync_enabled = excluded.sync_enabled, version = product_mappings.version + 1, updated_at = excluded.updated_at`,
		partnerID, psa, sophosProduct, productID, sync && productID.Valid, ts)
	return err
}

// DeleteProductMapping implements DELETE /partner/v1/psa/{psa}/product-mappings/{sophosProduct}:
// the product is unmapped and its usage sync switched off.
func (s *server) DeleteProductMapping(w http.ResponseWriter, r *http.Request, psa api.Psa, sophosProduct string, params api.DeleteProductMappingParams) {
	e := s.e
	ctx := r.Context()
	partnerID := principalOf(r).partnerID
	err := e.store.tx(ctx, func(tx *sql.Tx) error {
		current, err := productMapping(ctx, tx, partnerID, psa, sophosProduct)
		if err != nil {
			return err
		}
		if err := checkIfMatch(params.IfMatch, current.version, fmt.Sprintf("the %s mapping of %s", psa.ShortName(), sophosProduct)); err != nil {
			return err
		}
		if !current.mapping.Mapped {
			return nil
		}
		return upsertProductMapping(ctx, tx, partnerID, psa, sophosProduct, sql.NullInt64{}, false, toNanos(e.now()))
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
