package emulator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Kinds of ConnectWise reference data.
const (
	refCategory    = "category"
	refSubcategory = "subcategory"
	refType        = "productType"
	refUnit        = "unitOfMeasure"
)

// productRecord is a stored PSA product.
type productRecord struct {
	ID                     int64
	PartnerID              string
	PSA                    api.Psa
	Identifier             string
	Description            string
	CustomerDescription    string
	SubcategoryID          sql.NullInt64
	TypeID                 sql.NullInt64
	UnitID                 sql.NullInt64
	ProductClass           string
	Price, Cost            float64
	Taxable, Inactive      bool
	ManufacturerPartNumber string
	VendorSku              string
	Notes                  string
	IntegrationXRef        string
	Version                int64
	CreatedAt, UpdatedAt   int64
}

const productColumns = `id, partner_id, psa, identifier, description, customer_description, subcategory_id, type_id, uom_id,
	product_class, price, cost, taxable, inactive, manufacturer_part_number, vendor_sku, notes, integration_xref,
	version, created_at, updated_at`

func scanProduct(row interface{ Scan(...any) error }) (*productRecord, error) {
	var p productRecord
	var psa string
	err := row.Scan(&p.ID, &p.PartnerID, &psa, &p.Identifier, &p.Description, &p.CustomerDescription,
		&p.SubcategoryID, &p.TypeID, &p.UnitID, &p.ProductClass, &p.Price, &p.Cost, &p.Taxable, &p.Inactive,
		&p.ManufacturerPartNumber, &p.VendorSku, &p.Notes, &p.IntegrationXRef, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	p.PSA = api.Psa(psa)
	return &p, err
}

// insertProduct stores a new product with version 1.
func insertProduct(ctx context.Context, q querier, p *productRecord, ts int64) error {
	p.Version, p.CreatedAt, p.UpdatedAt = 1, ts, ts
	_, err := q.ExecContext(ctx, `INSERT INTO psa_products(`+productColumns+`, identifier_fold, description_fold)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.PartnerID, p.PSA, p.Identifier, p.Description, p.CustomerDescription, p.SubcategoryID, p.TypeID, p.UnitID,
		p.ProductClass, p.Price, p.Cost, p.Taxable, p.Inactive, p.ManufacturerPartNumber, p.VendorSku, p.Notes, p.IntegrationXRef,
		p.Version, p.CreatedAt, p.UpdatedAt, fold(p.Identifier), fold(p.Description))
	return err
}

// updateProduct stores p over the existing row, bumping its version.
func updateProduct(ctx context.Context, q querier, p *productRecord, ts int64) error {
	p.Version++
	p.UpdatedAt = ts
	_, err := q.ExecContext(ctx, `UPDATE psa_products SET identifier = ?, identifier_fold = ?, description = ?, description_fold = ?,
		customer_description = ?, subcategory_id = ?, type_id = ?, uom_id = ?, product_class = ?, price = ?, cost = ?, taxable = ?,
		inactive = ?, manufacturer_part_number = ?, vendor_sku = ?, notes = ?, integration_xref = ?, version = ?, updated_at = ?
		WHERE id = ?`,
		p.Identifier, fold(p.Identifier), p.Description, fold(p.Description), p.CustomerDescription, p.SubcategoryID, p.TypeID, p.UnitID,
		p.ProductClass, p.Price, p.Cost, p.Taxable, p.Inactive, p.ManufacturerPartNumber, p.VendorSku, p.Notes, p.IntegrationXRef,
		p.Version, p.UpdatedAt, p.ID)
	return err
}

// productByID reads a product of the partner (any PSA); sql.ErrNoRows when there is none.
func productByID(ctx context.Context, q querier, partnerID string, id int64) (*productRecord, error) {
	return scanProduct(q.QueryRowContext(ctx, "SELECT "+productColumns+" FROM psa_products WHERE partner_id = ? AND id = ?", partnerID, id))
}

// productInPSA reads a product of the partner's PSA, with 404s that say what is wrong.
func productInPSA(ctx context.Context, q querier, partnerID string, psa api.Psa, id int64) (*productRecord, error) {
	p, err := productByID(ctx, q, partnerID, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound("there is no %s product with id %d", psa.ShortName(), id)
	}
	if err != nil {
		return nil, err
	}
	if p.PSA != psa {
		return nil, errNotFound("product %d is %s product, not %s one; use /partner/v1/psa/%s/products/%d", id, api.WithArticle(p.PSA.ShortName()), api.WithArticle(psa.ShortName()), p.PSA, id)
	}
	return p, nil
}

// idBase is where the ids of a PSA start: ConnectWise after 100, Autotask after 29680000.
func idBase(psa api.Psa) int64 {
	if psa == api.PsaAutotask {
		return 29680000
	}
	return 100
}

// nextID returns a new id for a row of table (psa_products, companies or contracts) in the
// range of a PSA: one more than the largest id the table has ever held for that PSA, so the
// id of a deleted object is never handed out again. id_sequences keeps those high-water
// marks (see migration 2). Ids are unique across PSAs too: when the next id runs into ids the
// other PSA has used, it continues after every id the table has ever held.
func nextID(ctx context.Context, q querier, table string, psa api.Psa) (int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT name, last_id FROM id_sequences WHERE substr(name, 1, ?) = ?", len(table)+1, table+"/")
	if err != nil {
		return 0, err
	}
	marks := map[api.Psa]int64{}
	var highest int64
	for rows.Next() {
		var (
			name string
			last int64
		)
		if err := rows.Scan(&name, &last); err != nil {
			_ = rows.Close()
			return 0, err
		}
		marks[api.Psa(strings.TrimPrefix(name, table+"/"))] = last
		highest = max(highest, last)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return 0, err
	}
	id := max(idBase(psa), marks[psa]) + 1
	clash := false
	for _, other := range api.PSAs() {
		if other != psa && id > idBase(other) && id <= marks[other] {
			clash = true
		}
	}
	if !clash {
		// A seed may give the other PSA ids anywhere.
		var taken int
		//nolint:gosec // table is one of a fixed set of names chosen by the caller
		if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table+" WHERE id = ?", id).Scan(&taken); err != nil {
			return 0, err
		}
		clash = taken > 0
	}
	if clash {
		id = highest + 1
	}
	return id, nil
}

// refName reads the name of ConnectWise reference data.
func refName(ctx context.Context, q querier, partnerID, kind string, id int64) (string, sql.NullInt64, error) {
	var name string
	var parent sql.NullInt64
	err := q.QueryRowContext(ctx, "SELECT name, parent_id FROM cw_reference WHERE partner_id = ? AND kind = ? AND id = ?", partnerID, kind, id).Scan(&name, &parent)
	return name, parent, err
}

// toAPIProduct renders a product with its reference data names.
func toAPIProduct(ctx context.Context, q querier, p *productRecord) (api.PsaProduct, error) {
	out := api.PsaProduct{
		Id: p.ID, Psa: p.PSA, Identifier: p.Identifier, Description: p.Description,
		CustomerDescription: p.CustomerDescription, ProductClass: api.ProductClass(p.ProductClass),
		Price: p.Price, Cost: p.Cost, TaxableFlag: p.Taxable, InactiveFlag: p.Inactive,
		ManufacturerPartNumber: optString(p.ManufacturerPartNumber), VendorSku: optString(p.VendorSku),
		Notes: optString(p.Notes), IntegrationXRef: optString(p.IntegrationXRef),
		UnderscoreInfo: &api.RecordInfo{DateEntered: ptr(fromNanos(p.CreatedAt)), LastUpdated: ptr(fromNanos(p.UpdatedAt))},
		Etag:           ptr(etag(p.Version)),
	}
	ref := func(kind string, id sql.NullInt64) (*api.Reference, sql.NullInt64, error) {
		if !id.Valid {
			return nil, sql.NullInt64{}, nil
		}
		name, parent, err := refName(ctx, q, p.PartnerID, kind, id.Int64)
		if errors.Is(err, sql.ErrNoRows) {
			return &api.Reference{Id: ptr(id.Int64)}, sql.NullInt64{}, nil
		}
		if err != nil {
			return nil, sql.NullInt64{}, err
		}
		return &api.Reference{Id: ptr(id.Int64), Name: ptr(name)}, parent, nil
	}
	var (
		parent sql.NullInt64
		err    error
	)
	if out.Subcategory, parent, err = ref(refSubcategory, p.SubcategoryID); err != nil {
		return out, err
	}
	if out.Category, _, err = ref(refCategory, parent); err != nil {
		return out, err
	}
	if out.Type, _, err = ref(refType, p.TypeID); err != nil {
		return out, err
	}
	if out.UnitOfMeasure, _, err = ref(refUnit, p.UnitID); err != nil {
		return out, err
	}
	return out, nil
}

// mappedSophosProducts lists the Sophos products mapped to a PSA product.
func mappedSophosProducts(ctx context.Context, q querier, productID int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT sophos_product FROM product_mappings WHERE psa_product_id = ? ORDER BY sophos_product", productID)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// describeProduct names a product in messages: `ConnectWise product 105 (SOPHOS-SRV-IXA)`.
func describeProduct(p *productRecord) string {
	return fmt.Sprintf("%s product %d (%s)", p.PSA.ShortName(), p.ID, p.Identifier)
}
