package rules

import (
	"fmt"
	"math"
	"slices"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// How Reconcile builds and judges its rows.

// epsilon absorbs the rounding of sums of quantities and prices.
const epsilon = 1e-9

type psaProduct struct {
	psa api.Psa
	id  int64
}

type psaContract struct {
	psa api.Psa
	id  int64
}

type sophosProductIn struct {
	psa     api.Psa
	product string
}

type psaCustomer struct {
	psa      api.Psa
	customer string
}

// held is what a customer's PSA lines of one PSA product add up to.
type held struct {
	quantity  float64
	lines     int
	unitPrice *float64 // the lowest
	status    api.CustomerMappingContractStatus
}

// reconcileIndex is the mappings and PSA lines of a reconciliation, looked up by id.
type reconcileIndex struct {
	mappedTo map[sophosProductIn]int64         // Sophos product -> the PSA product it is mapped to
	sophosOf map[psaProduct][]string           // PSA product -> the Sophos products mapped to it, sorted
	mappings map[string][]*api.CustomerMapping // customer -> its mappings with a company
	held     map[psaCustomer]map[int64]*held   // a customer's lines in a PSA, per PSA product
	heldBy   map[string]map[api.Psa]bool       // customer -> the PSAs whose mapped contract holds its lines
}

func newReconcileIndex(in ReconcileInput) (*reconcileIndex, Violations) {
	var vs Violations
	ix := &reconcileIndex{mappedTo: map[sophosProductIn]int64{}, sophosOf: map[psaProduct][]string{},
		mappings: map[string][]*api.CustomerMapping{}, held: map[psaCustomer]map[int64]*held{}, heldBy: map[string]map[api.Psa]bool{}}
	for _, m := range in.ProductMappings {
		if m.Mapped && m.PsaProductId != nil {
			ix.mappedTo[sophosProductIn{m.Psa, m.SophosProduct}] = *m.PsaProductId
			k := psaProduct{m.Psa, *m.PsaProductId}
			ix.sophosOf[k] = append(ix.sophosOf[k], m.SophosProduct)
		}
	}
	for _, products := range ix.sophosOf {
		slices.Sort(products)
	}
	holder := map[psaContract]*api.CustomerMapping{}
	for i := range in.Customers {
		m := &in.Customers[i]
		if !m.Mapped || m.CompanyId == nil {
			continue
		}
		c := customerKey(m.CustomerId)
		ix.mappings[c] = append(ix.mappings[c], m)
		if m.ContractId == nil {
			continue
		}
		k := psaContract{m.Psa, *m.ContractId}
		if other := holder[k]; other != nil && customerKey(other.CustomerId) != c {
			vs.add(Invalid, InputCustomerMappings, fmt.Sprint(*m.ContractId), "Contract mapped to two customers",
				"%s %d%s is mapped to customers %s and %s; a contract takes the usage of one customer, so its lines cannot be told apart.",
				contractNoun(m.Psa), *m.ContractId, inPSA(m.Psa), other.CustomerId, m.CustomerId)
			continue
		}
		holder[k] = m
	}
	for _, l := range in.PSALines {
		m := holder[psaContract{l.PSA, l.ContractID}]
		if m == nil || len(ix.sophosOf[psaProduct{l.PSA, l.PSAProductID}]) == 0 {
			continue // not a line of a mapped contract, or not of a product Sophos syncs
		}
		c := customerKey(m.CustomerId)
		k := psaCustomer{l.PSA, c}
		if ix.held[k] == nil {
			ix.held[k] = map[int64]*held{}
		}
		h := ix.held[k][l.PSAProductID]
		if h == nil {
			h = &held{status: l.ContractStatus}
			ix.held[k][l.PSAProductID] = h
		}
		h.quantity += l.Quantity
		h.lines++
		if l.UnitPrice != nil && (h.unitPrice == nil || *l.UnitPrice < *h.unitPrice) {
			h.unitPrice = l.UnitPrice
		}
		if h.status == "" {
			h.status = l.ContractStatus
		}
		if ix.heldBy[c] == nil {
			ix.heldBy[c] = map[api.Psa]bool{}
		}
		ix.heldBy[c][l.PSA] = true
	}
	return ix, vs
}

func contractNoun(psa api.Psa) string {
	if psa == "" {
		return "Contract"
	}
	return psa.ShortName() + " " + psa.ContractNoun()
}

// targets are the mappings a customer is compared with (see Reconcile); a nil one is no PSA.
func (ix *reconcileIndex) targets(customer string) []*api.CustomerMapping {
	mapped := ix.mappings[customer]
	var out []*api.CustomerMapping
	for _, m := range mapped {
		if m.UsageSyncEnabled || ix.heldBy[customer][m.Psa] {
			out = append(out, m)
		}
	}
	switch {
	case len(out) > 0:
		return out
	case len(mapped) > 0:
		return mapped
	}
	return []*api.CustomerMapping{nil}
}

// rowKey tells a target's rows apart: a PSA product, an unmapped Sophos product, or a code of
// no product.
type rowKey struct {
	psaProduct int64
	mapped     bool
	sophos     string
	code       string
}

// rows compares a customer's usage (keys of used) with the lines its target holds.
func (ix *reconcileIndex) rows(customer string, target *api.CustomerMapping, keys []usageKey, used map[usageKey]*usage, tolerance float64) []ReconcileRow {
	var psa api.Psa
	row := ReconcileRow{CustomerID: customer}
	if target != nil {
		psa = target.Psa
		row.PSA, row.CompanyID, row.ContractID = psa, target.CompanyId, target.ContractId
		if target.ContractStatus != nil {
			row.ContractStatus = *target.ContractStatus
		}
	}
	sophos := map[rowKey]*usage{}
	for _, k := range keys {
		rk := rowKey{sophos: k.product, code: k.code}
		if pp, ok := ix.mappedTo[sophosProductIn{psa, k.product}]; ok && target != nil && k.product != "" {
			rk = rowKey{psaProduct: pp, mapped: true}
		}
		if sophos[rk] == nil {
			sophos[rk] = newUsage()
		}
		sophos[rk].merge(used[k])
	}
	psaSide := map[rowKey]*held{}
	if target != nil {
		for pp, h := range ix.held[psaCustomer{psa, customer}] {
			psaSide[rowKey{psaProduct: pp, mapped: true}] = h
		}
	}
	var out []ReconcileRow
	add := func(rk rowKey, u *usage, h *held) {
		r := row
		r.SophosProducts = []string{}
		switch {
		case rk.mapped:
			r.PSAProductID = &rk.psaProduct
			r.SophosProducts = slices.Clone(ix.sophosOf[psaProduct{psa, rk.psaProduct}])
		case rk.sophos != "":
			r.SophosProducts = []string{rk.sophos}
		}
		r.ProductCodes = []string{}
		if u != nil {
			r.ProductCodes = sortedKeys(u.codes)
			r.SophosQuantity, r.SophosUnitPrice = u.quantity, u.unitPrice()
		}
		if h != nil {
			r.PSAQuantity, r.PSALines, r.PSAUnitPrice = h.quantity, h.lines, h.unitPrice
			if h.status != "" {
				r.ContractStatus = h.status
			}
		}
		r.judge(u != nil, tolerance)
		out = append(out, r)
	}
	for rk, u := range sophos {
		add(rk, u, psaSide[rk])
	}
	for rk, h := range psaSide {
		if sophos[rk] == nil {
			add(rk, nil, h)
		}
	}
	return out
}

// judge sets the row's problems, status and money at stake.
func (r *ReconcileRow) judge(hasUsage bool, tolerance float64) {
	hasLine := r.PSALines > 0
	inv := r.PSAQuantity
	notInvoiced := r.ContractStatus != "" && !invoiced(r.ContractStatus)
	if notInvoiced || !hasLine {
		inv = 0
	}
	over := func(a, b float64) bool { return a-b > tolerance+epsilon }
	problems := []struct {
		status ReconcileStatus
		holds  bool
	}{
		{StatusContractNotInvoiced, notInvoiced && (hasLine || hasUsage)},
		{StatusNoPSALine, !hasLine && over(r.SophosQuantity, 0)},
		{StatusPSAShort, hasLine && over(r.SophosQuantity, r.PSAQuantity)},
		{StatusPSAOver, hasLine && hasUsage && over(r.PSAQuantity, r.SophosQuantity)},
		{StatusPSALineWithoutUsage, hasLine && !hasUsage && over(r.PSAQuantity, 0)},
		{StatusPriceBelowCost, hasLine && r.PSAUnitPrice != nil && r.SophosUnitPrice != nil && *r.PSAUnitPrice < *r.SophosUnitPrice-epsilon},
	}
	r.Problems = []ReconcileStatus{}
	for _, p := range problems {
		if p.holds {
			r.Problems = append(r.Problems, p.status)
		}
	}
	r.Status = StatusMatches
	if len(r.Problems) > 0 {
		r.Status = r.Problems[0]
	}
	price := r.PSAUnitPrice
	if price == nil {
		price = r.SophosUnitPrice
	}
	if price != nil {
		r.QuantityAtStake = math.Abs(r.SophosQuantity-inv) * *price
	}
	if hasLine && r.PSAUnitPrice != nil && r.SophosUnitPrice != nil {
		r.PriceAtStake = math.Max(0, *r.SophosUnitPrice-*r.PSAUnitPrice) * r.SophosQuantity
	}
}
