package provider

import (
	"context"
	"sync"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	cwclient "github.com/psa-iac/terraform-provider-sophos/internal/client/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// ConnectWise's lines to invoice are agreement additions, as Sophos's own sync writes them:
// one per mapped product on the customer's mapped agreement, with the usage as quantity.
// ConnectWise lists additions per agreement only (/finance/agreements/{id}/additions; no
// listing spans agreements), so a reconciliation reads one listing per mapped agreement,
// cwclient.DefaultPerEndpoint at a time (the client's one limit for all of them), each one
// request for up to 1,000 additions with only the fields read here (by page number: a
// forward-only listing would end every agreement's with a second request, for an empty page).

// additionFields are the fields of an addition a reconciliation reads.
var additionFields = []string{"product/id", "quantity", "lessIncluded", "unitPrice", "billCustomer", "effectiveDate", "cancelledDate"}

func (d *connectWiseDirectory) invoiceLines(ctx context.Context, q psaLineQuery) (*psaLineSet, error) {
	out := &psaLineSet{Gone: map[int64]bool{}}
	products := map[int64]bool{}
	for _, p := range q.Products {
		products[p] = true
	}
	additions := make([][]cw.Addition, len(q.Contracts))
	gone := make([]bool, len(q.Contracts))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
		next     = make(chan int)
	)
	for range min(cwclient.DefaultPerEndpoint, len(q.Contracts)) {
		wg.Go(func() {
			for i := range next {
				list, err := d.cw.ListAdditions(ctx, int(q.Contracts[i]), cwclient.ListOptions{Fields: additionFields, ByPageNumber: true})
				switch {
				case cwclient.IsNotFound(err):
					gone[i] = true
				case err != nil:
					errOnce.Do(func() { firstErr = err; cancel() })
				default:
					additions[i] = list
				}
			}
		})
	}
	for i := range q.Contracts {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, d.wrap(firstErr)
	}
	for i, contract := range q.Contracts {
		if gone[i] {
			out.Gone[contract] = true
		}
		for _, a := range additions[i] {
			if l, ok := additionLine(a, contract, products, q); ok {
				out.Lines = append(out.Lines, l)
			}
		}
	}
	return out, nil
}

// additionLine is an addition as a line to invoice, when it bills a product of q in q's
// month: effective by the month's end and not cancelled before it began. Its quantity is
// what the customer is invoiced, quantity less what the agreement includes; an addition
// that does not bill the customer (billCustomer DoNotBill or NoCharge) is held at a unit
// price of 0, which the reconciliation reports as below what Sophos charges.
func additionLine(a cw.Addition, contract int64, products map[int64]bool, q psaLineQuery) (rules.PSALine, bool) {
	if a.Product == nil || !products[int64(a.Product.ID)] || !inMonth(deref(a.EffectiveDate), deref(a.CancelledDate), q.From, q.To) {
		return rules.PSALine{}, false
	}
	l := rules.PSALine{PSA: api.PsaConnectwise, ContractID: contract, PSAProductID: int64(a.Product.ID),
		Quantity: max(0, deref(a.Quantity)-deref(a.LessIncluded)), UnitPrice: a.UnitPrice}
	if a.BillCustomer != nil && *a.BillCustomer != cw.BillCustomerBillable {
		l.UnitPrice = ptr(0.0)
	}
	return l, true
}
