package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The Partner Billing API, a real public Sophos API. Its paging is not fully documented
// (internal/api/openapi.yaml says what the contract decided), so the reader is tolerant:
// it follows pages.nextKey with pageFromKey, falls back to page numbers when the service
// pages by number, never asks for more lines per page than the service says it allows,
// and reads 404 as a month without data.

// BillingReport is the billing report of one month.
type BillingReport struct {
	Year, Month int
	// Items are every line of the month, in the order the API sent them.
	Items []api.BillingUsageItem
	// Found is false when the API answered 404 for the month (no report).
	Found bool
	// Pages is how many pages were read.
	Pages int
}

// billingPage is one page of the report. Only items are required: the fields of pages
// that this reader uses are not all confirmed for this endpoint.
type billingPage struct {
	Items []api.BillingUsageItem `json:"items"`
	Pages *struct {
		NextKey *string `json:"nextKey,omitempty"`
		Current *int    `json:"current,omitempty"`
		Total   *int    `json:"total,omitempty"`
		Size    *int    `json:"size,omitempty"`
		MaxSize *int    `json:"maxSize,omitempty"`
	} `json:"pages,omitempty"`
}

// GetBillingUsage reads the partner's billing report of a month, every page of it.
func (c *Client) GetBillingUsage(ctx context.Context, year, month int) (*BillingReport, error) {
	path := fmt.Sprintf("/partner/v1/billing/usage/%d/%d", year, month)
	report := &BillingReport{Year: year, Month: month, Found: true, Items: []api.BillingUsageItem{}}
	size := 0 // the service's default for the first page
	seen := map[string]bool{}
	v := url.Values{"pageTotal": {"true"}}
	for report.Pages < maxPages {
		if size > 0 {
			v.Set("pageSize", strconv.Itoa(size))
		}
		var out billingPage
		_, err := c.do(ctx, request{method: http.MethodGet, path: path, query: v, partner: true}, &out)
		if report.Pages == 0 && IsNotFound(err) {
			report.Found = false
			return report, nil
		}
		if err != nil {
			return nil, err
		}
		report.Pages++
		report.Items = append(report.Items, out.Items...)
		p := out.Pages
		if p == nil {
			return report, nil
		}
		if p.MaxSize != nil && *p.MaxSize > 0 {
			size = min(*p.MaxSize, api.MaxBillingPageSize)
		}
		switch {
		case p.NextKey != nil && *p.NextKey != "":
			if seen[*p.NextKey] {
				return nil, fmt.Errorf("GET %s: the API sent the page key %q twice; it does not page as documented", path, *p.NextKey)
			}
			seen[*p.NextKey] = true
			v.Del("page")
			v.Set("pageFromKey", *p.NextKey)
		case p.Current != nil && p.Total != nil && *p.Current < *p.Total && len(out.Items) > 0:
			v.Del("pageFromKey")
			v.Set("page", strconv.Itoa(*p.Current+1))
		default:
			return report, nil
		}
	}
	return nil, fmt.Errorf("GET %s: more than %d pages", path, maxPages)
}
