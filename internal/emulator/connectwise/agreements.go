package connectwise

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"slices"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// Agreements: /finance/agreements, read-only; they are the contracts of the partner's
// ConnectWise, cancelled ones included (cancelledFlag, agreementStatus Cancelled), which the
// integration never offers. Their additions, /finance/agreements/{parentId}/additions, can
// be listed, read, created (POST) and patched; an addition names a catalog item, which then
// cannot be deleted.

var (
	agreementSchema = knownPaths(reflect.TypeFor[cw.Agreement]())
	additionSchema  = knownPaths(reflect.TypeFor[cw.Addition]())
)

const additionResource = "addition"

func (rm *Room) agreementRoutes() {
	rm.collection(cw.PathAgreements, agreementSchema, agreementRecords)
	rm.handleAPI(http.MethodGet, cw.PathAgreements+"/{id}", rm.getAgreement)
	additions := cw.PathAgreements + "/{parentId}" + cw.PathAdditionsOf
	rm.collection(additions, additionSchema, additionRecords)
	rm.handleAPI(http.MethodGet, additions+"/{id}", rm.getAddition)
	rm.handleAPI(http.MethodPost, additions, rm.createAddition)
	rm.handleAPI(http.MethodPatch, additions+"/{id}", rm.patchAddition)
}

// agreementRecords are the partner's agreements, cancelled ones included.
func agreementRecords(r *http.Request, q store.Q) ([]record, error) {
	page, err := q.ListContracts(r.Context(), memberOf(r).PartnerID, api.PsaConnectwise, store.ContractFilter{IncludeCancelled: true}, everything)
	if err != nil {
		return nil, err
	}
	return toRecords(page.Items, agreement, func(a cw.Agreement) int { return a.ID })
}

// agreementOf reads an agreement of the partner; 404 when there is none.
func agreementOf(ctx context.Context, q store.Q, partnerID string, id int64) (*store.Contract, error) {
	c, err := q.Contract(ctx, partnerID, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && c.PSA != api.PsaConnectwise) {
		return nil, notFound("Agreement with id %d was not found.", id)
	}
	return c, err
}

func (rm *Room) getAgreement(r *http.Request, q store.Q) (web.Reply, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return web.Reply{}, err
	}
	c, err := agreementOf(r.Context(), q, memberOf(r).PartnerID, id)
	if err != nil {
		return web.Reply{}, err
	}
	return web.OK(agreement(*c)), nil
}

// parentAgreement reads the agreement the path's {parentId} names.
func parentAgreement(r *http.Request, q store.Q) (*store.Contract, error) {
	id, err := pathID(r, "parentId")
	if err != nil {
		return nil, err
	}
	return agreementOf(r.Context(), q, memberOf(r).PartnerID, id)
}

// additionRecords are the additions of the path's agreement.
func additionRecords(r *http.Request, q store.Q) ([]record, error) {
	ag, err := parentAgreement(r, q)
	if err != nil {
		return nil, err
	}
	rows, err := q.Additions(r.Context(), memberOf(r).PartnerID, ag.ID)
	if err != nil {
		return nil, err
	}
	return toRecords(rows, addition, func(a cw.Addition) int { return a.ID })
}

// additionOf reads an addition of the path's agreement.
func additionOf(r *http.Request, q store.Q) (store.Addition, error) {
	ag, err := parentAgreement(r, q)
	if err != nil {
		return store.Addition{}, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return store.Addition{}, err
	}
	a, err := q.Addition(r.Context(), memberOf(r).PartnerID, ag.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return a, notFound("Addition with id %d was not found on agreement %d.", id, ag.ID)
	}
	return a, err
}

func (rm *Room) getAddition(r *http.Request, q store.Q) (web.Reply, error) {
	a, err := additionOf(r, q)
	if err != nil {
		return web.Reply{}, err
	}
	return web.OK(addition(a)), nil
}

func (rm *Room) createAddition(r *http.Request, q store.Q) (web.Reply, error) {
	if err := checkWrite(r, "agreement additions"); err != nil {
		return web.Reply{}, err
	}
	var in cw.Addition
	if err := decodeStrict(r, additionResource, &in); err != nil {
		return web.Reply{}, err
	}
	ctx, m := r.Context(), memberOf(r)
	out, err := store.InTx(ctx, q, func(q store.Q) (store.Addition, error) {
		ag, err := parentAgreement(r, q)
		if err != nil {
			return store.Addition{}, err
		}
		rec := store.Addition{PartnerID: m.PartnerID, AgreementID: ag.ID, UpdatedBy: m.ID}
		if err := additionFromInput(ctx, q, ag, &rec, in); err != nil {
			return rec, err
		}
		if err := q.InsertAddition(ctx, &rec, rm.api.Now().UnixNano()); err != nil {
			return rec, err
		}
		return q.Addition(ctx, m.PartnerID, ag.ID, rec.ID)
	})
	if err != nil {
		return web.Reply{}, err
	}
	return web.Created(addition(out)), nil
}

func (rm *Room) patchAddition(r *http.Request, q store.Q) (web.Reply, error) {
	if err := checkWrite(r, "agreement additions"); err != nil {
		return web.Reply{}, err
	}
	ctx, m := r.Context(), memberOf(r)
	out, err := store.InTx(ctx, q, func(q store.Q) (store.Addition, error) {
		a, err := additionOf(r, q)
		if err != nil {
			return a, err
		}
		var in cw.Addition
		if err := applyPatch(r, additionResource, addition(a), &in); err != nil {
			return a, err
		}
		ag, err := parentAgreement(r, q)
		if err != nil {
			return a, err
		}
		if err := additionFromInput(ctx, q, ag, &a, in); err != nil {
			return a, err
		}
		a.UpdatedBy = m.ID
		if err := q.UpdateAddition(ctx, &a, rm.api.Now().UnixNano()); err != nil {
			return a, err
		}
		return q.Addition(ctx, m.PartnerID, ag.ID, a.ID)
	})
	if err != nil {
		return web.Reply{}, err
	}
	return web.OK(addition(out)), nil
}

// additionFromInput checks an addition write (product and billCustomer required, the product
// a catalog item of the partner, quantities and prices not negative, the agreement not
// cancelled) and applies it to rec.
func additionFromInput(ctx context.Context, q store.Q, ag *store.Contract, rec *store.Addition, in cw.Addition) error {
	var errs []cw.ValidationError
	add := func(field, code, msg string) {
		errs = append(errs, cw.ValidationError{Code: code, Message: msg, Resource: additionResource, Field: field})
	}
	if ag.Cancelled() {
		add(cw.FieldAgreementID, cw.ErrorCodeInvalidObject, "The agreement is cancelled; additions cannot be added or changed.")
	}
	if in.Product == nil {
		add(cw.FieldProduct, cw.ErrorCodeRequired, cw.FieldProduct+" is required.")
	} else if _, err := catalogProduct(ctx, q, rec.PartnerID, int64(in.Product.ID)); err != nil {
		var se *web.StatusError
		if !errors.As(err, &se) {
			return err
		}
		add(cw.FieldProduct, cw.ErrorCodeInvalidObject, se.Message)
	}
	if in.BillCustomer == nil {
		add(cw.FieldBillCustomer, cw.ErrorCodeRequired, cw.FieldBillCustomer+" is required.")
	} else if !slices.Contains(cw.BillCustomers(), *in.BillCustomer) {
		add(cw.FieldBillCustomer, cw.ErrorCodeInvalidObject, cw.FieldBillCustomer+" must be Billable, DoNotBill or NoCharge.")
	}
	for field, v := range map[string]*float64{cw.FieldQuantity: in.Quantity, cw.FieldLessIncluded: in.LessIncluded, cw.FieldUnitPrice: in.UnitPrice, cw.FieldUnitCost: in.UnitCost} {
		if v != nil && *v < 0 {
			add(field, cw.ErrorCodeOutOfRange, field+" must not be negative.")
		}
	}
	if len(errs) > 0 {
		slices.SortFunc(errs, func(a, b cw.ValidationError) int { return compareValues(a.Field, b.Field) })
		return invalidFields(additionResource, errs)
	}
	rec.ProductID, rec.BillCustomer = int64(in.Product.ID), string(*in.BillCustomer)
	rec.Quantity, rec.LessIncluded = deref(in.Quantity), deref(in.LessIncluded)
	rec.UnitPrice, rec.UnitCost = deref(in.UnitPrice), deref(in.UnitCost)
	rec.Description, rec.InvoiceDescription = deref(in.Description), deref(in.InvoiceDescription)
	rec.Taxable = deref(in.TaxableFlag)
	rec.EffectiveDate, rec.CancelledDate = in.EffectiveDate, in.CancelledDate
	return nil
}
