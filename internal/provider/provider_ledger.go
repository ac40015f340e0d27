package provider

import (
	"slices"
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
// Claims are made by the plan of every resource that will exist after the apply: new ones
// and those in state (see claimant), so a block beside a mapping already in state, or two
// blocks that both end up in state, fail the plan instead of owning one object twice.
type planLedger struct {
	mu sync.Mutex
	// claims: what only one resource may have, and the first resource that claimed it.
	claims map[claimKey]claimant
	// usageSync: the customers whose usage sync a plan switches on, per PSA.
	usageSync map[mappingKey]bool
	// unmaps: the mappings whose destruction this plan contains, and the resource destroying each.
	unmaps map[mappingKey]claimant
	// productNames: the description a plan gives a PSA product.
	productNames map[psaProductKey]string
	// newProducts: the ConnectWise products this plan creates, by identifier, and whether
	// each is inactive.
	newProducts map[string]bool
	// explained: what a diagnostic has explained in full (explainOnce).
	explained map[explainTopic]bool
}

func newPlanLedger() *planLedger {
	return &planLedger{
		claims: map[claimKey]claimant{}, usageSync: map[mappingKey]bool{}, unmaps: map[mappingKey]claimant{},
		productNames: map[psaProductKey]string{}, newProducts: map[string]bool{}, explained: map[explainTopic]bool{},
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

// claimant is a resource of the configuration as claims and unmaps name it. Terraform does
// not tell a provider a resource's address, so it is named by what the provider sees.
type claimant struct {
	// token tells resources apart: random, kept in the resource's private state; both plans
	// Terraform makes of a replacement share it (claimantOf).
	token string
	// label names the resource in messages.
	label string
}

// conflict is what a claim or an unmap meets: the other resource, and whether that resource
// is destroyed by this plan (rather than claiming the same thing).
type conflict struct {
	other    claimant
	destroys bool
}

// claim records that who takes k and returns the conflict it meets: another resource that
// took k first, or, for a mapping, a resource whose destruction this plan contains and
// which would unmap it. A claim by the same resource again (the second plan of a
// replacement) is no conflict. Two resources of one configuration that want the same thing
// fail the plan instead of half-applying or owning one object twice. Which of the two
// reports it depends on the order Terraform plans them in; that the plan fails does not.
func (l *planLedger) claim(k claimKey, who claimant) (c *conflict) {
	l.with(func() {
		if other, ok := l.claims[k]; ok && other.token != who.token {
			c = &conflict{other: other}
			return
		}
		l.claims[k] = who
		if row, ok := k.row(); ok {
			if other, ok := l.unmaps[row]; ok && other.token != who.token {
				c = &conflict{other: other, destroys: true}
			}
		}
	})
	return c
}

// row is the mapping a claim of a customer or a Sophos product is about.
func (k claimKey) row() (mappingKey, bool) {
	switch k.kind {
	case claimCustomer:
		return mappingKey{table: customerMappingTable, psa: k.psa, key: k.key}, true
	case claimSophosProduct:
		return mappingKey{table: productMappingTable, psa: k.psa, key: k.key}, true
	}
	return mappingKey{}, false
}

// claimCustomer claims the mapping of customer customerID in psa for who.
func (l *planLedger) claimCustomer(psa api.Psa, customerID string, who claimant) *conflict {
	return l.claim(claimKey{kind: claimCustomer, psa: psa, key: customerKey(customerID)}, who)
}

// claimContract claims company and contract of psa, which map to one customer only, for who.
func (l *planLedger) claimContract(psa api.Psa, company, contract int64, who claimant) *conflict {
	return l.claim(claimKey{kind: claimContract, psa: psa, company: company, contract: contract}, who)
}

// claimSophosProduct claims the mapping of Sophos product sophosProduct in psa for who.
func (l *planLedger) claimSophosProduct(psa api.Psa, sophosProduct string, who claimant) *conflict {
	return l.claim(claimKey{kind: claimSophosProduct, psa: psa, key: productKey(sophosProduct)}, who)
}

// claimIdentifier claims a ConnectWise product identifier for who; ConnectWise compares
// identifiers ignoring case (and the white space it trims).
func (l *planLedger) claimIdentifier(identifier string, who claimant) *conflict {
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

// noteUnmap records that this plan destroys mapping m, by resource who, and returns the
// conflict it meets: another resource of the configuration that claims the same mapping,
// which the destruction would unmap under it. Terraform plans the destruction of a resource
// after the destruction of every resource that depends on it, so a mapping that references
// its integration is noted before the integration's destroy is checked.
func (l *planLedger) noteUnmap(m mappingKey, who claimant) (c *conflict) {
	l.with(func() {
		l.unmaps[m] = who
		if other, ok := l.claims[claimKey{kind: m.claimKind(), psa: m.psa, key: m.key}]; ok && other.token != who.token {
			c = &conflict{other: other}
		}
	})
	return c
}

// claimKind is the kind of claim that takes mapping m.
func (m mappingKey) claimKind() claimKind {
	if m.table == productMappingTable {
		return claimSophosProduct
	}
	return claimCustomer
}

// unmapped reports whether this plan destroys mapping m.
func (l *planLedger) unmapped(m mappingKey) (yes bool) {
	l.with(func() { _, yes = l.unmaps[m] })
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

// planNewProduct records that this plan creates the ConnectWise product identifier,
// inactive or not.
func (l *planLedger) planNewProduct(identifier string, inactive bool) {
	l.with(func() { l.newProducts[identifier] = inactive })
}

// newProductsOnlyInactive returns the identifiers of the ConnectWise products this plan
// creates when every one of them is inactive (and none otherwise): a mapping to a product
// this apply creates, whose id the plan cannot know yet, then maps an inactive product.
func (l *planLedger) newProductsOnlyInactive() (identifiers []string) {
	l.with(func() {
		for identifier, inactive := range l.newProducts {
			if !inactive {
				identifiers = nil
				return
			}
			identifiers = append(identifiers, identifier)
		}
	})
	slices.Sort(identifiers)
	return identifiers
}

// explainTopic is what one diagnostic of a run explains in full and the others refer to.
type explainTopic struct {
	kind explainKind
	psa  api.Psa
}

// explainKind is a kind of explainTopic.
type explainKind int

const (
	explainIntegration explainKind = iota + 1 // a PSA's broken integration (per PSA)
	explainUnreachable                        // Sophos Central not answering
	explainNotInState                         // objects that exist but are not in this state
	explainPSAAPI                             // a PSA's own API refusing this provider or not answering (per PSA)
)

// psaAPITopic is psa's own API refusing this provider or not answering.
func psaAPITopic(psa api.Psa) explainTopic {
	return explainTopic{kind: explainPSAAPI, psa: psa}
}

// integrationTopic is the broken integration of psa.
func integrationTopic(psa api.Psa) explainTopic {
	return explainTopic{kind: explainIntegration, psa: psa}
}

// explainOnce reports whether topic is to be explained in full: true the first time it is
// asked for (and always without a ledger), false after.
func (l *planLedger) explainOnce(topic explainTopic) bool {
	first := true
	l.with(func() {
		first = !l.explained[topic]
		l.explained[topic] = true
	})
	return first
}
