package provider

import (
	"context"
	"fmt"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// The Sophos side of a billing review in the run's snapshot: each month's billing report and
// the Sophos products with their billing codes, read once per run however many data sources
// (sophos_billing_usage, sophos_billing_reconciliation of each PSA) use them.

// billingReport is the billing report of a month, every page, read once per run.
func (s *apiSnapshot) billingReport(ctx context.Context, year, month int) (*client.BillingReport, error) {
	key := fmt.Sprintf("%04d-%02d", year, month)
	s.mu.Lock()
	l, ok := s.billing[key]
	if !ok {
		l = &listing[struct{}, client.BillingReport]{
			load: func(ctx context.Context) ([]client.BillingReport, error) {
				r, err := s.client.GetBillingUsage(ctx, year, month)
				if err != nil {
					return nil, err
				}
				return []client.BillingReport{*r}, nil
			},
			key: func(client.BillingReport) struct{} { return struct{}{} },
		}
		s.billing[key] = l
	}
	s.mu.Unlock()
	r, _, err := l.get(ctx, struct{}{})
	return &r, err
}

// sophosProductList is every Sophos product with the billing codes it covers, in the API's
// order, read once per run.
func (s *apiSnapshot) sophosProductList(ctx context.Context) ([]api.SophosProduct, error) {
	var out []api.SophosProduct
	err := s.sophosProducts.each(ctx, func(p api.SophosProduct, _ bool) bool {
		out = append(out, p)
		return true
	})
	return out, err
}
