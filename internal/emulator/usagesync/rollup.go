package usagesync

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// What a pass sends is the roll-up the provider's usage_rollup function computes too
// (rules.NextSync), over what the emulator's APIs answer: the month's billing report, the
// Sophos products with their billing codes and the PSA's two mapping tables.

// everything is the window of a whole list.
var everything = store.Window{Limit: math.MaxInt32}

// rollUp sends the month's usage of the customers whose sync can run.
type rollUp struct {
	in          rules.SyncInput
	identifiers map[int64]string // PSA product id -> its identifier
}

// loadRollUp reads what a pass of the partner's PSA rolls up for month (YYYY-MM): every
// input of rules.NextSync but the customers, which sync picks.
func loadRollUp(ctx context.Context, q store.Q, partnerID string, psa api.Psa, month string, invoice bool) (*rollUp, error) {
	lines, err := q.BillingReport(ctx, partnerID, month, month)
	if err != nil {
		return nil, err
	}
	products, err := q.ListSophosProducts(ctx, everything)
	if err != nil {
		return nil, err
	}
	mappings, err := q.ListProductMappings(ctx, partnerID, psa, everything)
	if err != nil {
		return nil, err
	}
	r := &rollUp{in: rules.SyncInput{Lines: lines, Products: products.Items, WithInvoice: invoice}, identifiers: map[int64]string{}}
	for _, m := range mappings.Items {
		r.in.ProductMappings = append(r.in.ProductMappings, m.Mapping)
		if m.Mapping.PsaProductId != nil && m.Mapping.PsaProductIdentifier != nil {
			r.identifiers[*m.Mapping.PsaProductId] = *m.Mapping.PsaProductIdentifier
		}
	}
	return r, nil
}

// sync rolls up the usage of the customers of synced (customer ids) with their mappings
// in the PSA: the lines of each customer (by lower-case id), one per PSA product.
func (r *rollUp) sync(ctx context.Context, q store.Q, partnerID string, psa api.Psa, synced map[string]bool) (map[string][]rules.SyncLine, error) {
	customers, err := q.ListCustomerMappings(ctx, partnerID, psa, store.CustomerMappingFilter{}, everything)
	if err != nil {
		return nil, err
	}
	in := r.in
	for _, c := range customers.Items {
		if synced[strings.ToLower(c.Mapping.CustomerId)] {
			in.Customers = append(in.Customers, c.Mapping)
		}
	}
	lines, vs := rules.NextSync(in)
	if len(vs) > 0 {
		return nil, fmt.Errorf("rolling up the usage: %s", vs[0].Message)
	}
	out := map[string][]rules.SyncLine{}
	for _, l := range lines {
		out[l.CustomerID] = append(out[l.CustomerID], l)
	}
	return out, nil
}

// sent is what the history says a customer's lines sent: one line per Sophos product, sorted.
func (r *rollUp) sent(lines []rules.SyncLine) []api.UsageSyncLine {
	out := []api.UsageSyncLine{}
	for _, l := range lines {
		for i, sp := range l.SophosProducts {
			out = append(out, api.UsageSyncLine{SophosProduct: sp, PsaProductId: l.PSAProductID, PsaProductIdentifier: optString(r.identifiers[l.PSAProductID]),
				Quantity: l.SophosQuantities[i]})
		}
	}
	slices.SortFunc(out, func(a, b api.UsageSyncLine) int { return strings.Compare(a.SophosProduct, b.SophosProduct) })
	return out
}
