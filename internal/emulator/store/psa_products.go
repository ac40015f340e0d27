package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The psa_products table: the PSAs' catalog products.

// Product is a stored PSA product. SubcategoryID, TypeID and UnitID refer to ConnectWise
// reference data (nil for Autotask products).
type Product struct {
	ID                     int64
	PartnerID              string
	PSA                    api.Psa
	Identifier             string
	Description            string
	CustomerDescription    string
	SubcategoryID          *int64
	TypeID                 *int64
	UnitID                 *int64
	ProductClass           string
	Price, Cost            float64
	Taxable, Inactive      bool
	ManufacturerPartNumber string
	VendorSku              string
	Notes                  string
	IntegrationXRef        string
	// ManufacturerID refers to ConnectWise reference data too (nil for none).
	ManufacturerID       *int64
	Version              int64
	CreatedAt, UpdatedAt int64
	// UpdatedBy is who wrote it last through Sophos Central; nobody for one last written in
	// the PSA.
	UpdatedBy Writer
	// MemberUpdatedBy is who last wrote it as the PSA sees it (ConnectWise's _info.updatedBy):
	// the API member of a write through ConnectWise's API or the Sophos integration.
	MemberUpdatedBy string
}

// ProductRefs are the names of a product's reference data (nil where it has none; a
// reference without a name where the reference data is gone).
type ProductRefs struct {
	Subcategory, Category, Type, UnitOfMeasure, Manufacturer *api.Reference
}

// ProductWithRefs is a product with the names of its reference data.
type ProductWithRefs struct {
	Product
	Refs ProductRefs
}

// API renders a product with its reference data names as the contract's PsaProduct (its
// Etag is the caller's).
func (p ProductWithRefs) API() api.PsaProduct {
	return api.PsaProduct{
		Id: p.ID, Psa: p.PSA, Identifier: p.Identifier, Description: p.Description,
		CustomerDescription: p.CustomerDescription, ProductClass: api.ProductClass(p.ProductClass),
		Price: p.Price, Cost: p.Cost, TaxableFlag: p.Taxable, InactiveFlag: p.Inactive,
		ManufacturerPartNumber: optString(p.ManufacturerPartNumber), VendorSku: optString(p.VendorSku),
		Notes: optString(p.Notes), IntegrationXRef: optString(p.IntegrationXRef),
		UnderscoreInfo: &api.RecordInfo{DateEntered: ptr(fromNanos(p.CreatedAt)), LastUpdated: ptr(fromNanos(p.UpdatedAt))},
		UpdatedBy:      changedBy(p.UpdatedBy.value()),
		Subcategory:    p.Refs.Subcategory, Category: p.Refs.Category, Type: p.Refs.Type, UnitOfMeasure: p.Refs.UnitOfMeasure,
	}
}

const productColumns = `id, partner_id, psa, identifier, description, customer_description, subcategory_id, type_id, uom_id,
	product_class, price, cost, taxable, inactive, manufacturer_part_number, vendor_sku, notes, integration_xref,
	version, created_at, updated_at, manufacturer_id, updated_by, member_updated_by`

// productWithRefsSelect reads products with the names of their reference data; the
// category is the subcategory's parent.
const productWithRefsSelect = `SELECT p.id, p.partner_id, p.psa, p.identifier, p.description, p.customer_description,
	p.subcategory_id, p.type_id, p.uom_id, p.product_class, p.price, p.cost, p.taxable, p.inactive, p.manufacturer_part_number,
	p.vendor_sku, p.notes, p.integration_xref, p.version, p.created_at, p.updated_at, p.manufacturer_id, p.updated_by,
	p.member_updated_by, sub.name, sub.parent_id, cat.name, typ.name, uom.name, man.name
	FROM psa_products p
	LEFT JOIN cw_reference sub ON sub.partner_id = p.partner_id AND sub.kind = 'subcategory' AND sub.id = p.subcategory_id
	LEFT JOIN cw_reference cat ON cat.partner_id = p.partner_id AND cat.kind = 'category' AND cat.id = sub.parent_id
	LEFT JOIN cw_reference typ ON typ.partner_id = p.partner_id AND typ.kind = 'productType' AND typ.id = p.type_id
	LEFT JOIN cw_reference uom ON uom.partner_id = p.partner_id AND uom.kind = 'unitOfMeasure' AND uom.id = p.uom_id
	LEFT JOIN cw_reference man ON man.partner_id = p.partner_id AND man.kind = 'manufacturer' AND man.id = p.manufacturer_id`

func scanProduct(row scanner, p *Product, extra ...any) error {
	var psa string
	var by sql.NullString
	err := row.Scan(append([]any{&p.ID, &p.PartnerID, &psa, &p.Identifier, &p.Description, &p.CustomerDescription,
		&p.SubcategoryID, &p.TypeID, &p.UnitID, &p.ProductClass, &p.Price, &p.Cost, &p.Taxable, &p.Inactive,
		&p.ManufacturerPartNumber, &p.VendorSku, &p.Notes, &p.IntegrationXRef, &p.Version, &p.CreatedAt, &p.UpdatedAt,
		&p.ManufacturerID, &by, &p.MemberUpdatedBy}, extra...)...)
	p.PSA = api.Psa(psa)
	p.UpdatedBy = Writer{stored: by.String}
	return err
}

func scanProductWithRefs(row scanner) (ProductWithRefs, error) {
	var (
		p                       ProductWithRefs
		sub, cat, typ, uom, man sql.NullString
		parent                  sql.NullInt64
	)
	err := scanProduct(row, &p.Product, &sub, &parent, &cat, &typ, &uom, &man)
	ref := func(id *int64, name sql.NullString) *api.Reference {
		if id == nil {
			return nil
		}
		return &api.Reference{Id: ptr(*id), Name: nullString(name)}
	}
	p.Refs.Subcategory = ref(p.SubcategoryID, sub)
	p.Refs.Category = ref(nullInt(parent), cat)
	p.Refs.Type = ref(p.TypeID, typ)
	p.Refs.UnitOfMeasure = ref(p.UnitID, uom)
	p.Refs.Manufacturer = ref(p.ManufacturerID, man)
	return p, err
}

// InsertProduct stores a new product with version 1, created at ts (Unix nanoseconds) by
// p.UpdatedBy.
func (q Q) InsertProduct(ctx context.Context, p *Product, ts int64) error {
	p.Version, p.CreatedAt, p.UpdatedAt = 1, ts, ts
	_, err := q.q.ExecContext(ctx, `INSERT INTO psa_products(`+productColumns+`, identifier_fold, description_fold)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.PartnerID, p.PSA, p.Identifier, p.Description, p.CustomerDescription, p.SubcategoryID, p.TypeID, p.UnitID,
		p.ProductClass, p.Price, p.Cost, p.Taxable, p.Inactive, p.ManufacturerPartNumber, p.VendorSku, p.Notes, p.IntegrationXRef,
		p.Version, p.CreatedAt, p.UpdatedAt, p.ManufacturerID, p.UpdatedBy.value(), p.MemberUpdatedBy, Fold(p.Identifier), Fold(p.Description))
	return err
}

// UpdateProduct stores p over the existing row, bumping its version, updated at ts by
// p.UpdatedBy. The update time moves at least a second past the previous one: ConnectWise's
// _info.lastUpdated shows whole seconds, and two versions of a product never share a stamp.
func (q Q) UpdateProduct(ctx context.Context, p *Product, ts int64) error {
	p.Version++
	p.UpdatedAt = max(ts, p.UpdatedAt+int64(time.Second))
	_, err := q.q.ExecContext(ctx, `UPDATE psa_products SET identifier = ?, identifier_fold = ?, description = ?, description_fold = ?,
		customer_description = ?, subcategory_id = ?, type_id = ?, uom_id = ?, product_class = ?, price = ?, cost = ?, taxable = ?,
		inactive = ?, manufacturer_part_number = ?, vendor_sku = ?, notes = ?, integration_xref = ?, version = ?, updated_at = ?,
		manufacturer_id = ?, updated_by = ?, member_updated_by = ?
		WHERE id = ?`,
		p.Identifier, Fold(p.Identifier), p.Description, Fold(p.Description), p.CustomerDescription, p.SubcategoryID, p.TypeID, p.UnitID,
		p.ProductClass, p.Price, p.Cost, p.Taxable, p.Inactive, p.ManufacturerPartNumber, p.VendorSku, p.Notes, p.IntegrationXRef,
		p.Version, p.UpdatedAt, p.ManufacturerID, p.UpdatedBy.value(), p.MemberUpdatedBy, p.ID)
	return err
}

// DeleteProduct removes a product.
func (q Q) DeleteProduct(ctx context.Context, id int64) error {
	_, err := q.q.ExecContext(ctx, "DELETE FROM psa_products WHERE id = ?", id)
	return err
}

// Product reads a product of the partner (any PSA) with its reference data names;
// ErrNotFound when there is none.
func (q Q) Product(ctx context.Context, partnerID string, id int64) (ProductWithRefs, error) {
	p, err := scanProductWithRefs(q.q.QueryRowContext(ctx, productWithRefsSelect+" WHERE p.partner_id = ? AND p.id = ?", partnerID, id))
	return p, notFound(err)
}

// ProductIDTaken reports whether any partner's product has id.
func (q Q) ProductIDTaken(ctx context.Context, id int64) (bool, error) {
	return q.idTaken(ctx, TablePSAProducts, id)
}

// ProductsWithIdentifier lists the products of the partner's PSA, other than except, whose
// identifier is identifier but for case.
func (q Q) ProductsWithIdentifier(ctx context.Context, partnerID string, psa api.Psa, identifier string, except int64) ([]Product, error) {
	return collect(ctx, q, func(row scanner) (Product, error) {
		var p Product
		err := scanProduct(row, &p)
		return p, err
	}, "SELECT "+productColumns+" FROM psa_products WHERE partner_id = ? AND psa = ? AND identifier_fold = ? AND id <> ? ORDER BY id",
		partnerID, psa, Fold(identifier), except)
}

// CountProductsNamedLike counts the products of the partner's PSA whose identifier starts
// with prefix.
func (q Q) CountProductsNamedLike(ctx context.Context, partnerID string, psa api.Psa, prefix string) (int, error) {
	return count(ctx, q, "SELECT COUNT(*) FROM psa_products WHERE partner_id = ? AND psa = ? AND substr(identifier, 1, ?) = ?",
		partnerID, psa, len(prefix), prefix)
}

// ProductFilter selects products of a list; zero values select everything.
type ProductFilter struct {
	// Search is a folded term the identifier or the description contains.
	Search string
	// Identifier is the whole identifier, case-insensitively.
	Identifier      *string
	IncludeInactive bool
}

// ListProducts reads a page of the partner's PSA products by identifier.
func (q Q) ListProducts(ctx context.Context, partnerID string, psa api.Psa, f ProductFilter, w Window) (Page[ProductWithRefs], error) {
	where := []string{"p.partner_id = ?", "p.psa = ?"}
	args := []any{partnerID, psa}
	if f.Search != "" {
		where = append(where, "(instr(p.identifier_fold, ?) > 0 OR instr(p.description_fold, ?) > 0)")
		args = append(args, f.Search, f.Search)
	}
	if f.Identifier != nil {
		where = append(where, "p.identifier_fold = ?")
		args = append(args, Fold(*f.Identifier))
	}
	if !f.IncludeInactive {
		where = append(where, "p.inactive = 0")
	}
	return listPage(ctx, q, productWithRefsSelect+" WHERE "+strings.Join(where, " AND "), "p.identifier_fold, p.id", args, w, scanProductWithRefs)
}
