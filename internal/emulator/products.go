package emulator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// ListPsaProducts implements GET /partner/v1/psa/{psa}/products.
func (s *server) ListPsaProducts(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.ListPsaProductsParams) {
	e := s.e
	pg, err := newPaging(params.Page, params.PageSize, params.PageTotal)
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	where := []string{"partner_id = ?", "psa = ?"}
	args := []any{principalOf(r).partnerID, psa}
	if params.Search != nil {
		term := fold(*params.Search)
		if len([]rune(term)) < 2 {
			e.writeError(w, r, fieldError("search", *params.Search, nil, "search needs at least 2 characters"))
			return
		}
		where = append(where, "(instr(identifier_fold, ?) > 0 OR instr(description_fold, ?) > 0)")
		args = append(args, term, term)
	}
	if params.Identifier != nil {
		where = append(where, "identifier_fold = ?")
		args = append(args, fold(*params.Identifier))
	}
	if params.IncludeInactive == nil || !*params.IncludeInactive {
		where = append(where, "inactive = 0")
	}
	ctx := r.Context()
	cond := strings.Join(where, " AND ")
	out := api.PsaProductList{Items: []api.PsaProduct{}}
	err = e.store.tx(ctx, func(tx *sql.Tx) error {
		var total int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM psa_products WHERE "+cond, args...).Scan(&total); err != nil {
			return err
		}
		out.Pages = pg.pages(total)
		//nolint:gosec // cond is built from fixed fragments; values are bound parameters
		rows, err := tx.QueryContext(ctx, "SELECT "+productColumns+" FROM psa_products WHERE "+cond+" ORDER BY identifier_fold, id LIMIT ? OFFSET ?",
			append(args, pg.limit(), pg.offset())...)
		if err != nil {
			return err
		}
		var recs []*productRecord
		for rows.Next() {
			p, err := scanProduct(rows)
			if err != nil {
				_ = rows.Close()
				return err
			}
			recs = append(recs, p)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return err
		}
		for _, p := range recs {
			item, err := toAPIProduct(ctx, tx, p)
			if err != nil {
				return err
			}
			out.Items = append(out.Items, item)
		}
		return nil
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// GetPsaProduct implements GET /partner/v1/psa/{psa}/products/{productId}.
func (s *server) GetPsaProduct(w http.ResponseWriter, r *http.Request, psa api.Psa, productID int64, _ api.GetPsaProductParams) {
	e := s.e
	ctx := r.Context()
	var out api.PsaProduct
	var version int64
	err := e.store.tx(ctx, func(tx *sql.Tx) error {
		p, err := productInPSA(ctx, tx, principalOf(r).partnerID, psa, productID)
		if err != nil {
			return err
		}
		version = p.Version
		out, err = toAPIProduct(ctx, tx, p)
		return err
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(version))
	writeJSON(w, http.StatusOK, out)
}

// errReadOnlyPSA is the 405 for catalog writes to Autotask.
func errReadOnlyPSA(psa api.Psa) error {
	return errMethodNotAllowed("%s products are read-only through the integration; create and edit them in %s, then map them here (only ConnectWise products can be created or edited from Sophos Central)", psa.ShortName(), psa.ShortName())
}

// CreatePsaProduct implements POST /partner/v1/psa/{psa}/products (ConnectWise only).
func (s *server) CreatePsaProduct(w http.ResponseWriter, r *http.Request, psa api.Psa, _ api.CreatePsaProductParams) {
	e := s.e
	if psa != api.PsaConnectwise {
		e.writeError(w, r, errReadOnlyPSA(psa))
		return
	}
	var in api.PsaProductInput
	if err := decodeBody(r, &in); err != nil {
		e.writeError(w, r, err)
		return
	}
	ctx := r.Context()
	partnerID := principalOf(r).partnerID
	var out api.PsaProduct
	var rec productRecord
	err := e.store.tx(ctx, func(tx *sql.Tx) error {
		rec = productRecord{PartnerID: partnerID, PSA: psa}
		if err := productFromInput(ctx, tx, &rec, in); err != nil {
			return err
		}
		if err := checkIdentifierFree(ctx, tx, &rec); err != nil {
			return err
		}
		id, err := nextID(ctx, tx, "psa_products", psa)
		if err != nil {
			return err
		}
		rec.ID = id
		if err := insertProduct(ctx, tx, &rec, toNanos(e.now())); err != nil {
			return err
		}
		out, err = toAPIProduct(ctx, tx, &rec)
		return err
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(rec.Version))
	w.Header().Set("Location", fmt.Sprintf("/partner/v1/psa/%s/products/%d", psa, rec.ID))
	writeJSON(w, http.StatusCreated, out)
}

// UpdatePsaProduct implements PUT /partner/v1/psa/{psa}/products/{productId} (ConnectWise only).
func (s *server) UpdatePsaProduct(w http.ResponseWriter, r *http.Request, psa api.Psa, productID int64, params api.UpdatePsaProductParams) {
	e := s.e
	if psa != api.PsaConnectwise {
		e.writeError(w, r, errReadOnlyPSA(psa))
		return
	}
	var in api.PsaProductInput
	if err := decodeBody(r, &in); err != nil {
		e.writeError(w, r, err)
		return
	}
	ctx := r.Context()
	var out api.PsaProduct
	var version int64
	err := e.store.tx(ctx, func(tx *sql.Tx) error {
		rec, err := productInPSA(ctx, tx, principalOf(r).partnerID, psa, productID)
		if err != nil {
			return err
		}
		if err := checkIfMatch(params.IfMatch, rec.Version, describeProduct(rec)); err != nil {
			return err
		}
		if err := productFromInput(ctx, tx, rec, in); err != nil {
			return err
		}
		if err := checkIdentifierFree(ctx, tx, rec); err != nil {
			return err
		}
		if err := updateProduct(ctx, tx, rec, toNanos(e.now())); err != nil {
			return err
		}
		version = rec.Version
		out, err = toAPIProduct(ctx, tx, rec)
		return err
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(version))
	writeJSON(w, http.StatusOK, out)
}

// DeletePsaProduct implements DELETE /partner/v1/psa/{psa}/products/{productId} (ConnectWise
// only); refused while Sophos products are mapped to it.
func (s *server) DeletePsaProduct(w http.ResponseWriter, r *http.Request, psa api.Psa, productID int64, params api.DeletePsaProductParams) {
	e := s.e
	if psa != api.PsaConnectwise {
		e.writeError(w, r, errReadOnlyPSA(psa))
		return
	}
	ctx := r.Context()
	err := e.store.tx(ctx, func(tx *sql.Tx) error {
		rec, err := productInPSA(ctx, tx, principalOf(r).partnerID, psa, productID)
		if err != nil {
			return err
		}
		if err := checkIfMatch(params.IfMatch, rec.Version, describeProduct(rec)); err != nil {
			return err
		}
		mapped, err := mappedSophosProducts(ctx, tx, rec.ID)
		if err != nil {
			return err
		}
		if len(mapped) > 0 {
			return errConflict("%s cannot be deleted: Sophos product(s) %s are mapped to it; map them to another product or remove those mappings first",
				describeProduct(rec), api.QuotedList(mapped))
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM psa_products WHERE id = ?", rec.ID)
		return err
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// checkIdentifierFree refuses an identifier another product of the PSA already has
// (rules.CheckIdentifierFree).
func checkIdentifierFree(ctx context.Context, q querier, rec *productRecord) error {
	rows, err := q.QueryContext(ctx, "SELECT id FROM psa_products WHERE partner_id = ? AND psa = ? AND identifier_fold = ? AND id <> ?",
		rec.PartnerID, rec.PSA, fold(rec.Identifier), rec.ID)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			_ = rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	others := make([]api.PsaProduct, 0, len(ids))
	for _, id := range ids {
		p, err := productByID(ctx, q, rec.PartnerID, id)
		if err != nil {
			return err
		}
		others = append(others, api.PsaProduct{Id: p.ID, Psa: p.PSA, Identifier: p.Identifier})
	}
	adopt := func(id int64) string { return fmt.Sprintf("Choose another identifier or use product %d.", id) }
	return violationError(rules.CheckIdentifierFree(rules.APIFields(), rec.Identifier, rec.ID, others, adopt).First())
}

// productFromInput validates a ConnectWise product input (rules.CheckProductInput,
// rules.ResolveSubcategory and rules.ResolveReference) and applies it to rec (a full replacement: omitted optional fields
// get their defaults).
func productFromInput(ctx context.Context, q querier, rec *productRecord, in api.PsaProductInput) error {
	f := rules.APIFields()
	vs := rules.CheckProductInput(f, in)
	ref, err := catalogReference(ctx, q, rec.PartnerID)
	if err != nil {
		return err
	}
	unit := in.UnitOfMeasure
	if unit == nil || (unit.Id == nil && unit.Name == nil) {
		unit = &api.Reference{Name: ptr(api.DefaultUnitOfMeasure)}
	}
	resolve := func(field, kind string, r api.Reference) sql.NullInt64 {
		got, v := rules.ResolveReference(field, kind, r, &ref)
		if v != nil {
			vs = append(vs, *v)
			return sql.NullInt64{}
		}
		return sql.NullInt64{Int64: got.ID, Valid: true}
	}
	var sub sql.NullInt64
	if got, v := rules.ResolveSubcategory(f, in.Subcategory, in.Category, &ref); v != nil {
		vs = append(vs, *v)
	} else {
		sub = sql.NullInt64{Int64: got.ID, Valid: true}
	}
	typ := resolve(f.Type, rules.RefType, in.Type)
	uom := resolve(f.UnitOfMeasure, rules.RefUnitOfMeasure, *unit)
	if vs.First() != nil {
		return violationsError("the product", vs)
	}
	description := strings.TrimSpace(in.Description)
	customer := description
	if in.CustomerDescription != nil && *in.CustomerDescription != "" {
		customer = *in.CustomerDescription
	}
	class := api.DefaultProductClass
	if in.ProductClass != nil {
		class = *in.ProductClass
	}
	rec.Identifier, rec.Description, rec.CustomerDescription = strings.TrimSpace(in.Identifier), description, customer
	rec.SubcategoryID, rec.TypeID, rec.UnitID = sub, typ, uom
	rec.ProductClass = string(class)
	rec.Price, rec.Cost = floatValue(in.Price), floatValue(in.Cost)
	rec.Taxable = boolValue(in.TaxableFlag)
	rec.Inactive = boolValue(in.InactiveFlag)
	rec.ManufacturerPartNumber, rec.VendorSku, rec.IntegrationXRef = stringValue(in.ManufacturerPartNumber), stringValue(in.VendorSku), stringValue(in.IntegrationXRef)
	rec.Notes = stringValue(in.Notes)
	return nil
}
