package rules

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Reconciliation: what Sophos bills the partner for a month, customer by customer and
// product by product, against what the PSA holds to invoice. The rows' statuses are a closed
// set, declared here once.

// ReconcileStatus is the verdict on a row of a reconciliation.
type ReconcileStatus string

// The statuses of a row. Every status but StatusMatches is a problem; the problems are
// listed in order of precedence (ReconcileStatuses): a row with several has all of them in
// Problems, and the first as its Status.
const (
	StatusMatches ReconcileStatus = "matches"
	// StatusContractNotInvoiced: the PSA lines are on a contract (agreement) that is
	// cancelled, expired, inactive or gone, which the PSA does not invoice; without lines,
	// the customer is mapped to such a contract.
	StatusContractNotInvoiced ReconcileStatus = "contract_not_invoiced"
	// StatusNoPSALine: Sophos bills usage for which the PSA holds no line (revenue leak).
	StatusNoPSALine ReconcileStatus = "no_psa_line"
	// StatusPSAShort: the PSA holds less than Sophos bills (revenue leak).
	StatusPSAShort ReconcileStatus = "psa_short"
	// StatusPSAOver: the PSA holds more than Sophos bills (the customer is over-billed).
	StatusPSAOver ReconcileStatus = "psa_over"
	// StatusPSALineWithoutUsage: the PSA holds a line for a product Sophos bills nothing for.
	StatusPSALineWithoutUsage ReconcileStatus = "psa_line_without_usage"
	// StatusPriceBelowCost: the PSA's unit price is below Sophos's.
	StatusPriceBelowCost ReconcileStatus = "price_below_cost"
)

// ReconcileStatuses lists every status: StatusMatches, then the problems in order of
// precedence.
func ReconcileStatuses() []ReconcileStatus {
	return []ReconcileStatus{StatusMatches, StatusContractNotInvoiced, StatusNoPSALine, StatusPSAShort, StatusPSAOver,
		StatusPSALineWithoutUsage, StatusPriceBelowCost}
}

// Describe says what a status means, for descriptions and messages.
func (s ReconcileStatus) Describe() string {
	switch s {
	case StatusMatches:
		return "the PSA holds what Sophos bills, within the tolerance, at a price not below Sophos's"
	case StatusContractNotInvoiced:
		return "the PSA's line is on a cancelled, expired or inactive contract (agreement), or one that no longer exists, which the PSA does not invoice; without a line, the customer is mapped to such a contract"
	case StatusNoPSALine:
		return "Sophos bills usage for which the PSA holds no line (revenue leak)"
	case StatusPSAShort:
		return "the PSA holds less than Sophos bills (revenue leak)"
	case StatusPSAOver:
		return "the PSA holds more than Sophos bills (the customer is over-billed)"
	case StatusPSALineWithoutUsage:
		return "the PSA holds a line for a product Sophos bills nothing for"
	case StatusPriceBelowCost:
		return "the PSA's unit price is below what Sophos charges per unit"
	}
	return string(s)
}

// invoiced reports whether the PSA invoices lines on a contract of this status: any but
// cancelled, expired, inactive and missing ("" is a status the caller does not know).
func invoiced(s api.CustomerMappingContractStatus) bool {
	switch s {
	case api.CustomerMappingContractStatusCancelled, api.CustomerMappingContractStatusExpired,
		api.CustomerMappingContractStatusInactive, api.CustomerMappingContractStatusMissing:
		return false
	}
	return true
}

// PSALine is a line a PSA holds to invoice: a ConnectWise agreement addition, or an Autotask
// contract service with its units, as the caller converts them.
type PSALine struct {
	PSA                   api.Psa
	CompanyID, ContractID int64
	// ContractStatus is the contract's (agreement's) live status in the PSA, in the
	// contract's words; "" when not known.
	ContractStatus api.CustomerMappingContractStatus
	PSAProductID   int64
	Quantity       float64
	UnitPrice      *float64
}

// ReconcileInput is what a reconciliation compares. Customers and ProductMappings may hold
// the mapping tables of both PSAs (each mapping names its PSA).
type ReconcileInput struct {
	Lines           []api.BillingUsageItem
	Products        []api.SophosProduct
	Customers       []api.CustomerMapping
	ProductMappings []api.ProductMapping
	PSALines        []PSALine
	// Tolerance is how far apart the two quantities may be and still match (0 or more).
	Tolerance float64
	// Only, when set, keeps the rows of this PSA and of no PSA: a customer that another PSA
	// of Customers bills (and this one does not) is left out, rather than reported as
	// usage no line holds. "" keeps every PSA's rows.
	Only api.Psa
}

// ReconcileRow compares, for a customer and a PSA, the usage Sophos bills for a Sophos
// product with what the PSA holds for the PSA product it is mapped to. Sophos products
// mapped to the same PSA product share a row: the PSA holds one line for them.
type ReconcileRow struct {
	// PSA is the PSA compared with; "" when the customer is mapped in none.
	PSA api.Psa
	// CustomerID is the Sophos customer (tenant id, lower case); "" for usage of no
	// customer (stand-alone device subscriptions).
	CustomerID string
	// CompanyID and ContractID are the customer's mapping in PSA; nil when there is none.
	CompanyID, ContractID *int64
	// ContractStatus is the contract's status: the PSA lines' when there are some, else the
	// mapping's; "" when not known.
	ContractStatus api.CustomerMappingContractStatus
	// SophosProducts are the Sophos products of the row, sorted: those mapped to PSAProductID,
	// or the one with usage that is not mapped; none for a code of no Sophos product.
	SophosProducts []string
	// ProductCodes are the billing codes whose usage the row sums, sorted.
	ProductCodes []string
	// PSAProductID is the PSA product the Sophos products are mapped to; nil when not mapped.
	PSAProductID *int64
	// SophosQuantity is what Sophos bills; PSAQuantity what the PSA's PSALines lines hold.
	SophosQuantity, PSAQuantity float64
	PSALines                    int
	// SophosUnitPrice is Sophos's price per unit, weighted by quantity; PSAUnitPrice the
	// lowest of the PSA lines'. Nil when unknown.
	SophosUnitPrice, PSAUnitPrice *float64
	// Status is the first of Problems, or StatusMatches without problems.
	Status   ReconcileStatus
	Problems []ReconcileStatus
	// QuantityAtStake is the difference between what Sophos bills and what the PSA invoices
	// (nothing on a contract it does not invoice), times the PSA's unit price (Sophos's
	// without a PSA line). PriceAtStake is what the PSA's price falls short of Sophos's,
	// times the quantity Sophos bills. Both are 0 or more, whatever the direction.
	QuantityAtStake, PriceAtStake float64
}

// ReconcileTotal adds up rows.
type ReconcileTotal struct {
	Rows                          int
	QuantityAtStake, PriceAtStake float64
}

func (t *ReconcileTotal) add(r *ReconcileRow) {
	t.Rows++
	t.QuantityAtStake += r.QuantityAtStake
	t.PriceAtStake += r.PriceAtStake
}

// StatusTotal adds up the rows of a status.
type StatusTotal struct {
	Status ReconcileStatus
	ReconcileTotal
}

// CustomerTotal adds up the rows of a customer; Problems counts those that do not match.
type CustomerTotal struct {
	CustomerID string
	Problems   int
	ReconcileTotal
}

// Reconciliation is the result of Reconcile.
type Reconciliation struct {
	// Rows are sorted by PSA (rows of no PSA first), customer id, PSA product (rows of none
	// last), Sophos products and codes.
	Rows []ReconcileRow
	// ByStatus has every status, in the order of ReconcileStatuses, with no rows or some.
	ByStatus []StatusTotal
	// ByCustomer has every customer id of Rows, sorted.
	ByCustomer []CustomerTotal
}

// Reconcile compares what Sophos bills with what the PSAs hold, one row per customer, PSA
// and Sophos product (or PSA product, see ReconcileRow), keyed by ids, never by names:
//
//   - the billing lines roll up to the Sophos product their code belongs to (a code of no
//     product, and lines of no customer, get rows of their own: no PSA line can be theirs);
//   - a customer is compared with the PSAs in which it is mapped with usage sync on, or
//     whose mapped contract holds lines; without either, with every PSA in which it is
//     mapped; mapped in none, with no PSA (PSA "");
//   - a PSA line counts for the customer mapped to its contract, for the Sophos products
//     mapped to its PSA product; lines of other contracts or products are not Sophos's and
//     are left out.
//
// Bad input (a tolerance below 0, a customer or Sophos product listed twice for a PSA, a
// contract mapped to two customers, a code claimed by two products) is a violation, and
// nothing is compared.
func Reconcile(in ReconcileInput) (*Reconciliation, Violations) {
	productOf, vs := BillingRollUp(in.Products)
	vs = append(vs, duplicateMappings(in.Customers, in.ProductMappings)...)
	if math.IsNaN(in.Tolerance) || math.IsInf(in.Tolerance, 0) || in.Tolerance < 0 {
		vs.add(Invalid, InputTolerance, fmt.Sprint(in.Tolerance), "Invalid tolerance",
			"The tolerance is how far apart two quantities may be and still match: a number, 0 or more (got %v).", in.Tolerance)
	}
	ix, more := newReconcileIndex(in)
	if vs = append(vs, more...); len(vs) > 0 {
		return nil, vs
	}
	used := rollUpUsage(in.Lines, productOf)
	byCustomer := map[string][]usageKey{}
	for k := range used {
		byCustomer[k.customer] = append(byCustomer[k.customer], k)
	}
	for c := range ix.heldBy {
		if _, ok := byCustomer[c]; !ok {
			byCustomer[c] = nil
		}
	}
	out := &Reconciliation{}
	for customer, keys := range byCustomer {
		for _, target := range ix.targets(customer) {
			if in.Only != "" && target != nil && target.Psa != in.Only {
				continue
			}
			out.Rows = append(out.Rows, ix.rows(customer, target, keys, used, in.Tolerance)...)
		}
	}
	slices.SortFunc(out.Rows, compareRows)
	out.total()
	return out, nil
}

// total adds up the rows per status and per customer.
func (r *Reconciliation) total() {
	statuses := ReconcileStatuses()
	r.ByStatus = make([]StatusTotal, len(statuses))
	byStatus := map[ReconcileStatus]*ReconcileTotal{}
	for i, s := range statuses {
		r.ByStatus[i].Status = s
		byStatus[s] = &r.ByStatus[i].ReconcileTotal
	}
	var customers []string
	byCustomer := map[string]*CustomerTotal{}
	for i := range r.Rows {
		row := &r.Rows[i]
		byStatus[row.Status].add(row)
		t := byCustomer[row.CustomerID]
		if t == nil {
			t = &CustomerTotal{CustomerID: row.CustomerID}
			byCustomer[row.CustomerID] = t
			customers = append(customers, row.CustomerID)
		}
		t.add(row)
		if row.Status != StatusMatches {
			t.Problems++
		}
	}
	slices.Sort(customers)
	for _, c := range customers {
		r.ByCustomer = append(r.ByCustomer, *byCustomer[c])
	}
}

func compareRows(a, b ReconcileRow) int {
	if c := strings.Compare(string(a.PSA), string(b.PSA)); c != 0 {
		return c
	}
	if c := strings.Compare(a.CustomerID, b.CustomerID); c != 0 {
		return c
	}
	if c := compareOptional(a.PSAProductID, b.PSAProductID); c != 0 {
		return c
	}
	if c := slices.Compare(a.SophosProducts, b.SophosProducts); c != 0 {
		return c
	}
	return slices.Compare(a.ProductCodes, b.ProductCodes)
}

// compareOptional orders nil after every id.
func compareOptional(a, b *int64) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return cmp.Compare(*a, *b)
}
