package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// plannedUnmaps records, for one provider process, the product and customer mappings whose
// destruction this plan contains. The destroy of a PSA integration is refused at plan while
// mappings of the PSA remain; the mappings this same plan destroys do not count. Terraform
// plans the destruction of a resource after the destruction of every resource that
// depends on it, so a mapping that references its integration (psa =
// sophos_psa_integration.x.id) is always noted before the integration's destroy is
// checked. See DESIGN.md ("Disconnecting at plan").
type plannedUnmaps struct {
	mu   sync.Mutex
	keys map[unmapKey]bool
}

type unmapKind int

const (
	unmapProduct unmapKind = iota
	unmapCustomer
)

type unmapKey struct {
	psa  api.Psa
	kind unmapKind
	key  string
}

func newPlannedUnmaps() *plannedUnmaps { return &plannedUnmaps{keys: map[unmapKey]bool{}} }

func (p *plannedUnmaps) note(psa api.Psa, kind unmapKind, key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys[unmapKey{psa, kind, key}] = true
}

func (p *plannedUnmaps) has(psa api.Psa, kind unmapKind, key string) bool {
	if p == nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.keys[unmapKey{psa, kind, key}]
}

// noteUnmap records that this plan destroys the mapping in state: a product mapping (its
// sophos_product) or a customer mapping (its customer_id). Without a configured provider
// there is nothing to record.
func (c *providerData) noteUnmap(ctx context.Context, state tfsdk.State, kind unmapKind) {
	if c.unmaps == nil || state.Raw.IsNull() {
		return
	}
	attr := "sophos_product"
	if kind == unmapCustomer {
		attr = "customer_id"
	}
	var psa, key types.String
	if state.GetAttribute(ctx, path.Root("psa"), &psa).HasError() || state.GetAttribute(ctx, path.Root(attr), &key).HasError() {
		return
	}
	c.unmaps.note(api.Psa(psa.ValueString()), kind, key.ValueString())
}
