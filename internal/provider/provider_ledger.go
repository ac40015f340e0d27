package provider

import (
	"strings"
	"sync"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// planLedger is everything the plans of one provider process record for other resources of
// the same configuration, and the one place they record it: Terraform plans each resource
// in its own call, and these are the facts one resource's plan needs from another's.
// DESIGN.md ("What planning records") lists the entries and why the outcome of a plan does
// not depend on the order Terraform plans resources in. It never outlives the process, so
// never one terraform command. A nil ledger (the provider is not configured) records
// nothing and holds nothing.
//
// Claims are made today by the plans of resources being created (and of attributes that
// change); a resource already in state can claim by calling the same method from its plan.
type planLedger struct {
	mu sync.Mutex
	// claims: what only one resource may have, and the first resource that claimed it.
	claims map[claimKey]string
	// usageSync: the customers whose usage sync a plan switches on, per PSA.
	usageSync map[mappingKey]bool
	// unmaps: the mappings whose destruction this plan contains.
	unmaps map[mappingKey]bool
	// productNames: the description a plan gives a PSA product.
	productNames map[psaProductKey]string
	// explained: the PSAs whose broken integration a diagnostic has explained in full.
	explained map[api.Psa]bool
}

func newPlanLedger() *planLedger {
	return &planLedger{
		claims: map[claimKey]string{}, usageSync: map[mappingKey]bool{}, unmaps: map[mappingKey]bool{},
		productNames: map[psaProductKey]string{}, explained: map[api.Psa]bool{},
	}
}

// claimKind is what a claim is about.
type claimKind int

const (
	claimCustomer      claimKind = iota + 1 // a customer's mapping in a PSA
	claimContract                           // a company and contract of a PSA, mapped to one customer
	claimSophosProduct                      // a Sophos product's mapping in a PSA
	claimIdentifier                         // a ConnectWise product identifier
)

// claimKey names what a claim takes; the claim methods build it, so each kind is compared
// one way (customer ids ignoring case, identifiers ignoring case and outer white space).
type claimKey struct {
	kind              claimKind
	psa               api.Psa
	key               string
	company, contract int64
}

// mappingTable is one of the two mapping tables.
type mappingTable int

const (
	customerMappingTable mappingTable = iota + 1
	productMappingTable
)

// mappingKey names a row of a mapping table: a customer's or a Sophos product's mapping in
// a PSA.
type mappingKey struct {
	table mappingTable
	psa   api.Psa
	key   string
}

// customerMappingKey is the mapping of customer customerID in psa.
func customerMappingKey(psa api.Psa, customerID string) mappingKey {
	return mappingKey{table: customerMappingTable, psa: psa, key: customerKey(customerID)}
}

// productMappingKey is the mapping of Sophos product sophosProduct in psa.
func productMappingKey(psa api.Psa, sophosProduct string) mappingKey {
	return mappingKey{table: productMappingTable, psa: psa, key: productKey(sophosProduct)}
}

// psaProductKey names a product of a PSA.
type psaProductKey struct {
	psa api.Psa
	id  int64
}

// with runs fn holding the ledger's lock; on a nil ledger it does nothing.
func (l *planLedger) with(fn func()) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fn()
}

// claim records that who takes k and returns who took it first, or "" when nobody did. A
// second claim is a second resource of the configuration: two resources of one
// configuration that want the same thing fail the plan instead of half-applying. Which of
// the two reports it depends on the order Terraform plans them in; that the plan fails
// does not.
func (l *planLedger) claim(k claimKey, who string) (first string) {
	l.with(func() {
		if other, ok := l.claims[k]; ok {
			first = other
			return
		}
		l.claims[k] = who
	})
	return first
}

// claimCustomer claims the mapping of customer customerID in psa for who.
func (l *planLedger) claimCustomer(psa api.Psa, customerID, who string) string {
	return l.claim(claimKey{kind: claimCustomer, psa: psa, key: customerKey(customerID)}, who)
}

// claimContract claims company and contract of psa, which map to one customer only, for who.
func (l *planLedger) claimContract(psa api.Psa, company, contract int64, who string) string {
	return l.claim(claimKey{kind: claimContract, psa: psa, company: company, contract: contract}, who)
}

// claimSophosProduct claims the mapping of Sophos product sophosProduct in psa for who.
func (l *planLedger) claimSophosProduct(psa api.Psa, sophosProduct, who string) string {
	return l.claim(claimKey{kind: claimSophosProduct, psa: psa, key: productKey(sophosProduct)}, who)
}

// claimIdentifier claims a ConnectWise product identifier for who; ConnectWise compares
// identifiers ignoring case (and the white space it trims).
func (l *planLedger) claimIdentifier(identifier, who string) string {
	return l.claim(claimKey{kind: claimIdentifier, psa: api.PsaConnectwise, key: strings.ToLower(strings.TrimSpace(identifier))}, who)
}

// noteUsageSync records that a plan switches usage sync on for customer customerID in psa
// and reports whether a plan of this process switched it on in the other PSA.
func (l *planLedger) noteUsageSync(psa api.Psa, customerID string) (inOtherPSA bool) {
	l.with(func() {
		inOtherPSA = l.usageSync[customerMappingKey(psa.Other(), customerID)]
		l.usageSync[customerMappingKey(psa, customerID)] = true
	})
	return inOtherPSA
}

// noteUnmap records that this plan destroys mapping m. Terraform plans the destruction of a
// resource after the destruction of every resource that depends on it, so a mapping that
// references its integration is noted before the integration's destroy is checked.
func (l *planLedger) noteUnmap(m mappingKey) {
	l.with(func() { l.unmaps[m] = true })
}

// unmapped reports whether this plan destroys mapping m.
func (l *planLedger) unmapped(m mappingKey) (yes bool) {
	l.with(func() { yes = l.unmaps[m] })
	return yes
}

// planProductName records that this plan changes the description of PSA product id to
// name: the psa_product_name its mappings will show.
func (l *planLedger) planProductName(psa api.Psa, id int64, name string) {
	l.with(func() { l.productNames[psaProductKey{psa, id}] = name })
}

// plannedProductName returns the description recorded by planProductName, if any.
func (l *planLedger) plannedProductName(psa api.Psa, id int64) (name string, ok bool) {
	l.with(func() { name, ok = l.productNames[psaProductKey{psa, id}] })
	return name, ok
}

// explainOnce reports whether the broken integration of psa is to be explained in full:
// true the first time it is asked for psa (and always without a ledger), false after.
func (l *planLedger) explainOnce(psa api.Psa) bool {
	first := true
	l.with(func() {
		first = !l.explained[psa]
		l.explained[psa] = true
	})
	return first
}
