package provider

import (
	"context"
	"sync"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// customerMappingCache reads the customer mappings of a PSA once per provider instance, so
// that the plan-time check "is this company and contract already another customer's" costs
// one listing per PSA, not one per resource. It is safe for concurrent use: Terraform plans
// up to ten resources at once, and they wait for the one listing instead of each starting
// their own.
//
// The listing is a snapshot. Customers whose mapping this provider instance writes or
// deletes (at apply; planning never writes here) are forgotten, so a customer that gives its contract up earlier in the same
// run never blocks another. What this run newly maps is not added: the API still refuses
// that conflict (409) at apply.
type customerMappingCache struct {
	client *client.Client

	mu     sync.Mutex
	byPSA  map[api.Psa]map[companyContract][]cachedCustomer
	forgot map[api.Psa]map[string]bool
}

// companyContract is what one customer at most may be mapped to.
type companyContract struct {
	companyID, contractID int64
}

// cachedCustomer is a customer mapped to a company and contract.
type cachedCustomer struct {
	id, name string
}

func newCustomerMappingCache(c *client.Client) *customerMappingCache {
	return &customerMappingCache{
		client: c,
		byPSA:  map[api.Psa]map[companyContract][]cachedCustomer{},
		forgot: map[api.Psa]map[string]bool{},
	}
}

// mappedTo returns a customer not in except that is mapped in psa to the company and
// contract, or nil. The first call for a PSA lists its mappings; a failed listing is not
// kept, so the next call tries again.
func (c *customerMappingCache) mappedTo(ctx context.Context, psa api.Psa, companyID, contractID int64, except map[string]bool) (*cachedCustomer, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	index, ok := c.byPSA[psa]
	if !ok {
		mappings, err := c.client.ListCustomerMappings(ctx, psa, client.CustomerMappingQuery{})
		if err != nil {
			return nil, err
		}
		index = map[companyContract][]cachedCustomer{}
		for _, m := range mappings {
			if m.Mapped && m.CompanyId != nil && m.ContractId != nil {
				key := companyContract{*m.CompanyId, *m.ContractId}
				index[key] = append(index[key], cachedCustomer{id: m.CustomerId, name: m.CustomerName})
			}
		}
		c.byPSA[psa] = index
	}
	for _, customer := range index[companyContract{companyID, contractID}] {
		if !except[customer.id] && !c.forgot[psa][customer.id] {
			return &customer, nil
		}
	}
	return nil, nil
}

// forget drops what the listing says about a customer's mapping in psa: this provider
// instance changed or removed it.
func (c *customerMappingCache) forget(psa api.Psa, customerID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.forgot[psa] == nil {
		c.forgot[psa] = map[string]bool{}
	}
	c.forgot[psa][customerID] = true
}
