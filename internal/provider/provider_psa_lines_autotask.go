package provider

import (
	"context"
	"slices"
	"sync"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	atclient "github.com/psa-iac/terraform-provider-sophos/internal/client/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// Autotask's lines to invoice are contract services (a service on a contract, as Sophos's
// own sync writes them) and, per billing period, their units (ContractServiceUnits; a
// contract service itself has no unit count). A reconciliation reads two listings, at
// once: the contract services of the mapped services, and their units of periods that
// overlap the month; each is one query (500 a page) whatever the number of contracts. Which
// contracts exist is the directory's one listing of contracts, shared with every other read
// of the run.

var (
	contractServiceFields     = []string{"id", "contractID", "serviceID", "unitPrice", "adjustedPrice"}
	contractServiceUnitFields = []string{"id", "contractID", "contractServiceID", "serviceID", "units", "startDate", "endDate", "price"}
)

func (d *autotaskDirectory) invoiceLines(ctx context.Context, q psaLineQuery) (*psaLineSet, error) {
	contracts, err := d.allContracts(ctx)
	if err != nil {
		return nil, err
	}
	out := &psaLineSet{Gone: map[int64]bool{}}
	have := map[int64]bool{}
	for _, c := range contracts {
		have[c.ID] = true
	}
	for _, id := range q.Contracts {
		if !have[id] {
			out.Gone[id] = true
		}
	}
	if len(q.Products) == 0 || len(q.Contracts) == 0 {
		return out, nil
	}
	var (
		services []at.ContractService
		units    []at.ContractServiceUnit
		errs     [2]error
		wg       sync.WaitGroup
	)
	wg.Go(func() {
		services, errs[0] = queryChunks(ctx, d, q.Products, func(ctx context.Context, products []int64) ([]at.ContractService, error) {
			return d.client.QueryContractServices(ctx, at.Query{IncludeFields: contractServiceFields,
				Filter: []at.Filter{atclient.In("serviceID", products...)}})
		})
	})
	wg.Go(func() {
		units, errs[1] = queryChunks(ctx, d, q.Products, func(ctx context.Context, products []int64) ([]at.ContractServiceUnit, error) {
			return d.client.QueryContractServiceUnits(ctx, at.Query{IncludeFields: contractServiceUnitFields,
				Filter: []at.Filter{atclient.In("serviceID", products...), atclient.Cmp("startDate", at.OpLte, q.To),
					atclient.Cmp("endDate", at.OpGte, q.From)}})
		})
	})
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	out.Lines = unitLines(services, units, q)
	return out, nil
}

// unitLines are the lines to invoice in q's month: for each contract service, its units of
// the period of the month that starts last (the period in effect at the month's end), at
// that period's price, else the contract service's adjusted price, else its unit price.
func unitLines(services []at.ContractService, units []at.ContractServiceUnit, q psaLineQuery) []rules.PSALine {
	byID := map[int64]at.ContractService{}
	for _, s := range services {
		byID[s.ID] = s
	}
	latest := map[int64]at.ContractServiceUnit{}
	for _, u := range units {
		if !inMonth(deref(u.StartDate), deref(u.EndDate), q.From, q.To) {
			continue
		}
		if had, ok := latest[u.ContractServiceID]; !ok || deref(had.StartDate) < deref(u.StartDate) {
			latest[u.ContractServiceID] = u
		}
	}
	ids := make([]int64, 0, len(latest))
	for id := range latest {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]rules.PSALine, 0, len(ids))
	for _, id := range ids {
		u, s := latest[id], byID[id]
		price := u.Price
		if price == nil {
			price = s.AdjustedPrice
		}
		if price == nil {
			price = s.UnitPrice
		}
		out = append(out, rules.PSALine{PSA: api.PsaAutotask, ContractID: u.ContractID, PSAProductID: u.ServiceID,
			Quantity: deref(u.Units), UnitPrice: price})
	}
	return out
}

// queryChunks runs query for the ids in chunks of Autotask's most 'or' conditions (an in
// list of more would be refused), usually one, and keeps a failure that every later read
// would meet (the directory's rule).
func queryChunks[T any](ctx context.Context, d *autotaskDirectory, ids []int64, query func(context.Context, []int64) ([]T, error)) ([]T, error) {
	if err := d.finalError(); err != nil {
		return nil, err
	}
	var out []T
	for chunk := range slices.Chunk(ids, at.MaxOrConditions) {
		rows, err := query(ctx, chunk)
		if err != nil {
			return nil, d.failed(err)
		}
		out = append(out, rows...)
	}
	return out, nil
}
