package provider

import (
	"context"
	"sync"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// catalogReferenceCache reads ConnectWise catalog reference data (categories,
// subcategories, product types, units of measure) once per provider run. Plans resolve
// names against it with rules.ResolveReference and know a product's category before it is
// written. Reference data changes only in ConnectWise's setup tables, so one read per run
// is current enough.
type catalogReferenceCache struct {
	client *client.Client

	mu  sync.Mutex
	ref *api.CatalogReference
}

// get returns the reference data, reading it from the API the first time; a failed read is
// not kept, so the next call tries again.
func (c *catalogReferenceCache) get(ctx context.Context) (*api.CatalogReference, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ref != nil {
		return c.ref, nil
	}
	raw, err := c.client.GetCatalogReference(ctx)
	if err != nil {
		return nil, err
	}
	c.ref = raw
	return c.ref, nil
}
