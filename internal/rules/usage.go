package rules

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The month's billing rolled up to customers and Sophos products: what a usage sync sends
// (NextSync) and what the reconciliation compares with the PSA (Reconcile) both start here.

// The inputs of NextSync and Reconcile, as a Violation's Field names them.
const (
	InputSophosProducts   = "billingProductCodes" // BillingRollUp's
	InputCustomerMappings = "customerMappings"
	InputProductMappings  = "productMappings"
	InputTolerance        = "tolerance"
)

// SyncsUsageTo reports whether a usage sync sends usage to a contract (agreement) of this
// status: to active and expired ones (Sophos syncs expired contracts too), not to cancelled,
// inactive or missing ones, nor without a contract ("").
func SyncsUsageTo(s api.CustomerMappingContractStatus) bool {
	return s == api.CustomerMappingContractStatusActive || s == api.CustomerMappingContractStatusExpired
}

// customerKey is how customer ids are compared: tenant ids are UUIDs, whose case does not matter.
func customerKey(id string) string { return strings.ToLower(id) }

// usageKey is a customer's usage of one Sophos product, or of one billing code that rolls up
// to no Sophos product.
type usageKey struct {
	customer string // customerKey of the line's account; "" for lines of no customer
	product  string // the Sophos product; "" when the code rolls up to none
	code     string // the billing code, when product is ""
}

// usage is what the billing lines of one usageKey add up to.
type usage struct {
	codes    map[string]bool
	quantity float64
	// priced and cost are the quantity and the total of the lines with a unit price;
	// maxPrice is their highest unit price (the price when every priced line has quantity 0).
	priced, cost, maxPrice float64
	hasPrice               bool
}

// unitPrice is Sophos's price per unit: the lines' prices weighted by quantity; nil when no
// line has a price.
func (u *usage) unitPrice() *float64 {
	switch {
	case !u.hasPrice:
		return nil
	case u.priced != 0:
		p := u.cost / u.priced
		return &p
	}
	p := u.maxPrice
	return &p
}

// addLine adds a billing line.
func (u *usage) addLine(l *api.BillingUsageItem) {
	u.codes[l.ProductCode] = true
	u.quantity += l.BillableQuantity
	if l.UnitPrice != nil {
		u.addPrice(l.BillableQuantity, l.BillableQuantity**l.UnitPrice, *l.UnitPrice)
	}
}

// merge adds the lines o sums.
func (u *usage) merge(o *usage) {
	for c := range o.codes {
		u.codes[c] = true
	}
	u.quantity += o.quantity
	if o.hasPrice {
		u.addPrice(o.priced, o.cost, o.maxPrice)
	}
}

func (u *usage) addPrice(priced, cost, price float64) {
	u.priced += priced
	u.cost += cost
	if !u.hasPrice || price > u.maxPrice {
		u.maxPrice = price
	}
	u.hasPrice = true
}

func newUsage() *usage { return &usage{codes: map[string]bool{}} }

// rollUpUsage sums the billing lines per customer and the Sophos product their code rolls up
// to (productOf), and per code for codes of no product.
func rollUpUsage(lines []api.BillingUsageItem, productOf map[string]string) map[usageKey]*usage {
	out := map[usageKey]*usage{}
	for i := range lines {
		l := &lines[i]
		k := usageKey{product: productOf[l.ProductCode]}
		if l.AccountId != nil {
			k.customer = customerKey(*l.AccountId)
		}
		if k.product == "" {
			k.code = l.ProductCode
		}
		u := out[k]
		if u == nil {
			u = newUsage()
			out[k] = u
		}
		u.addLine(l)
	}
	return out
}

// SyncInput is what a usage sync of one PSA reads: the month's billing lines, the Sophos
// products with the billing codes each covers, and the PSA's two mapping tables (their Psa
// fields are not read).
type SyncInput struct {
	Lines           []api.BillingUsageItem
	Products        []api.SophosProduct
	Customers       []api.CustomerMapping
	ProductMappings []api.ProductMapping
	// WithInvoice is true for the sync that runs with the Sophos monthly invoice (the
	// schedule withInvoice), the only one that sends the products that sync with the
	// invoice only (firewalls).
	WithInvoice bool
}

// SyncLine is one line a usage sync sends: a customer's usage of the Sophos products mapped to
// one PSA product, for the customer's company and contract.
type SyncLine struct {
	CustomerID                          string
	CompanyID, ContractID, PSAProductID int64
	// SophosProducts are the Sophos products whose usage the line sums, sorted; more than one
	// when several are mapped to the same PSA product. SophosQuantities are their quantities,
	// in the same order; Quantity is their sum.
	SophosProducts   []string
	SophosQuantities []float64
	Quantity         float64
}

// NextSync is what the next usage sync sends, one line per customer and PSA product, sorted by
// customer id and PSA product id: the billing lines rolled up to their Sophos product, of
// customers with usage sync on and a contract that takes usage (SyncsUsageTo), of Sophos
// products mapped with sync on; products that sync with the invoice only when in.WithInvoice.
// Lines of no customer and codes of no Sophos product are not sent. A customer or a Sophos
// product listed twice, or a code claimed by two products, is a violation (and no line is
// returned).
func NextSync(in SyncInput) ([]SyncLine, Violations) {
	productOf, vs := BillingRollUp(in.Products)
	vs = append(vs, duplicateMappings(in.Customers, in.ProductMappings)...)
	if len(vs) > 0 {
		return nil, vs
	}
	invoiceOnly := map[string]bool{}
	for _, p := range in.Products {
		invoiceOnly[p.Identifier] = p.SyncsWithInvoiceOnly
	}
	customers := map[string]*api.CustomerMapping{}
	for i := range in.Customers {
		c := &in.Customers[i]
		if c.UsageSyncEnabled && c.ContractStatus != nil && SyncsUsageTo(*c.ContractStatus) && c.CompanyId != nil && c.ContractId != nil {
			customers[customerKey(c.CustomerId)] = c
		}
	}
	psaProduct := map[string]int64{}
	for _, m := range in.ProductMappings {
		if m.SyncEnabled && m.PsaProductId != nil {
			psaProduct[m.SophosProduct] = *m.PsaProductId
		}
	}
	type lineKey struct {
		customer string
		product  int64
	}
	lines := map[lineKey]*SyncLine{}
	parts := map[lineKey]map[string]float64{}
	for k, u := range rollUpUsage(in.Lines, productOf) {
		c := customers[k.customer]
		pp, mapped := psaProduct[k.product]
		if c == nil || !mapped || invoiceOnly[k.product] && !in.WithInvoice {
			continue
		}
		lk := lineKey{k.customer, pp}
		l := lines[lk]
		if l == nil {
			l = &SyncLine{CustomerID: k.customer, CompanyID: *c.CompanyId, ContractID: *c.ContractId, PSAProductID: pp}
			lines[lk], parts[lk] = l, map[string]float64{}
		}
		parts[lk][k.product] += u.quantity
		l.Quantity += u.quantity
	}
	out := make([]SyncLine, 0, len(lines))
	for lk, l := range lines {
		l.SophosProducts = slices.Sorted(maps.Keys(parts[lk]))
		for _, p := range l.SophosProducts {
			l.SophosQuantities = append(l.SophosQuantities, parts[lk][p])
		}
		out = append(out, *l)
	}
	slices.SortFunc(out, func(a, b SyncLine) int {
		if c := strings.Compare(a.CustomerID, b.CustomerID); c != 0 {
			return c
		}
		return cmp.Compare(a.PSAProductID, b.PSAProductID)
	})
	return out, nil
}

// duplicateMappings refuses a customer or a Sophos product listed twice for one PSA: which of
// the two mappings counts would be a guess.
func duplicateMappings(customers []api.CustomerMapping, products []api.ProductMapping) Violations {
	var vs Violations
	type key struct {
		psa api.Psa
		id  string
	}
	seen := map[key]bool{}
	for _, c := range customers {
		k := key{c.Psa, customerKey(c.CustomerId)}
		if seen[k] {
			vs.add(Invalid, InputCustomerMappings, c.CustomerId, "Customer listed twice",
				"Customer %s is listed twice%s; a customer has one mapping per PSA. Pass the mappings of one PSA, each customer once.",
				c.CustomerId, inPSA(c.Psa))
		}
		seen[k] = true
	}
	clear(seen)
	for _, m := range products {
		k := key{m.Psa, m.SophosProduct}
		if seen[k] {
			vs.add(Invalid, InputProductMappings, m.SophosProduct, "Sophos product listed twice",
				"Sophos product %s is listed twice%s; a Sophos product has one mapping per PSA. Pass the mappings of one PSA, each product once.",
				m.SophosProduct, inPSA(m.Psa))
		}
		seen[k] = true
	}
	return vs
}

// inPSA names the PSA of a mapping in a message, when the mapping says.
func inPSA(psa api.Psa) string {
	if psa == "" {
		return ""
	}
	return " for " + psa.DisplayName()
}

// sortedKeys returns the keys of a set, sorted.
func sortedKeys(set map[string]bool) []string {
	return slices.Sorted(maps.Keys(set))
}
