package usagesync

import (
	"context"
	"errors"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// What a pass writes into the PSA, over the tables the PSA rooms serve, for each line it
// sends (a customer's usage of the Sophos products mapped to one PSA product, rules.SyncLine):
//
//   - ConnectWise: an agreement addition of the catalog item on the customer's agreement,
//     with the quantity, billCustomer Billable and the item's price, cost, description and
//     taxable flag. The pass marks the additions it creates and, on later passes, sets the
//     quantity of its own addition (nothing else: a price someone changed on it stays); it
//     never changes an addition it did not create, even one of the same item, beside which
//     it creates its own.
//   - Autotask: the units of the month on the contract's service of the mapped service.
//     Autotask holds a service once on a contract and changes units only through
//     ContractServiceAdjustments, which adjust the contract service there is or create it,
//     so the pass takes up the contract service of that service when the contract has one
//     (else creates it with the service's price and cost) and sets its units of the month
//     (one ContractServiceUnits record per month, created at the contract service's price
//     when missing). Units of other months and other services stay as they are. A product
//     mapped to a service bundle is not written (ContractServiceBundles are not served).

// writer writes a pass's lines into the partner's PSA.
type writer struct {
	q         store.Q
	partnerID string
	psa       api.Psa
	// member is who the PSA shows as the last writer (ConnectWise's _info.updatedBy).
	member string
	// start and end are the first and last days of the pass's month (YYYY-MM-DD).
	start, end string
	ts         int64
}

func newWriter(q store.Q, partnerID string, rec *store.Integration, month string, ts int64) (*writer, error) {
	first, err := time.Parse(store.MonthLayout, month)
	if err != nil {
		return nil, err
	}
	return &writer{q: q, partnerID: partnerID, psa: rec.Psa, member: rec.Member(), ts: ts,
		start: first.Format(time.DateOnly), end: first.AddDate(0, 1, -1).Format(time.DateOnly)}, nil
}

// write writes a customer's lines and says what it wrote, by PSA product.
func (w *writer) write(ctx context.Context, lines []rules.SyncLine) ([]api.UsageSyncPsaLine, error) {
	out := []api.UsageSyncPsaLine{}
	for _, l := range lines {
		item, err := w.q.Product(ctx, w.partnerID, l.PSAProductID)
		if err != nil {
			return nil, err
		}
		written := api.UsageSyncPsaLine{PsaProductId: l.PSAProductID, SophosProducts: l.SophosProducts, Quantity: l.Quantity}
		switch {
		case w.psa == api.PsaConnectwise:
			err = w.addition(ctx, l, &item.Product, &written)
		case item.ProductClass == string(api.ProductClassBundle):
			continue
		default:
			err = w.contractService(ctx, l, &item.Product, &written)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, written)
	}
	return out, nil
}

// addition creates or updates the pass's agreement addition of a line.
func (w *writer) addition(ctx context.Context, l rules.SyncLine, item *store.Product, out *api.UsageSyncPsaLine) error {
	a, err := w.q.SyncAddition(ctx, w.partnerID, l.ContractID, l.PSAProductID)
	switch {
	case err == nil:
		a.Quantity, a.UpdatedBy = l.Quantity, w.member
		err = w.q.UpdateAddition(ctx, &a, w.ts)
		out.Action = api.UsageSyncPsaLineActionUpdated
	case errors.Is(err, store.ErrNotFound):
		a = store.Addition{PartnerID: w.partnerID, AgreementID: l.ContractID, ProductID: l.PSAProductID, BillCustomer: string(cw.BillCustomerBillable),
			Quantity: l.Quantity, UnitPrice: item.Price, UnitCost: item.Cost, Description: item.Description,
			InvoiceDescription: item.CustomerDescription, Taxable: item.Taxable, UpdatedBy: w.member, UsageSync: true}
		err = w.q.InsertAddition(ctx, &a, w.ts)
		out.Action = api.UsageSyncPsaLineActionCreated
	}
	out.AdditionId = &a.ID
	return err
}

// contractService sets the units of the month of a line's contract service, creating what
// is missing.
func (w *writer) contractService(ctx context.Context, l rules.SyncLine, service *store.Product, out *api.UsageSyncPsaLine) error {
	cs, err := w.q.ContractServiceOn(ctx, w.partnerID, l.ContractID, l.PSAProductID)
	if errors.Is(err, store.ErrNotFound) {
		cs = store.ContractService{ContractID: l.ContractID, ServiceID: l.PSAProductID, UnitPrice: &service.Price, UnitCost: &service.Cost}
		cs.ID, err = w.q.InsertContractService(ctx, w.partnerID, cs)
	}
	if err != nil {
		return err
	}
	out.ContractServiceId = &cs.ID
	unit, err := w.q.ContractServiceUnitFrom(ctx, w.partnerID, cs.ID, w.start)
	switch {
	case err == nil:
		err = w.q.SetContractServiceUnits(ctx, unit.ID, l.Quantity)
		out.Action = api.UsageSyncPsaLineActionUpdated
	case errors.Is(err, store.ErrNotFound):
		price := cs.UnitPrice
		if cs.AdjustedPrice != nil {
			price = cs.AdjustedPrice
		}
		unit = store.ContractServiceUnit{ContractServiceID: cs.ID, Units: l.Quantity, StartDate: w.start, EndDate: w.end, Price: price, Cost: cs.UnitCost}
		unit.ID, err = w.q.InsertContractServiceUnit(ctx, w.partnerID, unit)
		out.Action = api.UsageSyncPsaLineActionCreated
	}
	out.ContractServiceUnitId = &unit.ID
	return err
}
