package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The PSA connection, its usage-sync schedule and history, and the Sophos products list
// (internal/api/openapi.yaml, tag "PSA Integrations").

// GetIntegration reads one PSA integration; a PSA that is not connected answers with
// status notConfigured.
func (c *Client) GetIntegration(ctx context.Context, psa api.Psa) (*api.Integration, string, error) {
	var out api.Integration
	etag, err := c.do(ctx, request{method: http.MethodGet, path: psaPath(psa, "integration"), partner: true}, &out)
	if err != nil {
		return nil, "", err
	}
	return &out, etag, nil
}

// PutIntegration connects the PSA or replaces its credentials. The PSA checks them: an
// APIError with status 422 carries its refusal. The secrets of in are masked in every log
// line of the call.
func (c *Client) PutIntegration(ctx context.Context, psa api.Psa, in api.IntegrationInput, ifMatch string) (*api.Integration, string, error) {
	ctx = maskSecrets(ctx, IntegrationSecrets(in)...)
	var out api.Integration
	etag, err := c.do(ctx, request{method: http.MethodPut, path: psaPath(psa, "integration"), partner: true, body: in, ifMatch: ifMatch, idempotent: true}, &out)
	if err != nil {
		return nil, "", err
	}
	return &out, etag, nil
}

// IntegrationSecrets are the secrets of a PSA connection's credentials.
func IntegrationSecrets(in api.IntegrationInput) []string {
	var out []string
	if in.Connectwise != nil && in.Connectwise.PrivateKey != nil {
		out = append(out, *in.Connectwise.PrivateKey)
	}
	if in.Autotask != nil && in.Autotask.Secret != nil {
		out = append(out, *in.Autotask.Secret)
	}
	return out
}

// maskSecrets hides secrets from every log field and message under ctx.
func maskSecrets(ctx context.Context, secrets ...string) context.Context {
	var nonEmpty []string
	for _, s := range secrets {
		if s != "" {
			nonEmpty = append(nonEmpty, s)
		}
	}
	if len(nonEmpty) == 0 {
		return ctx
	}
	ctx = tflog.MaskAllFieldValuesStrings(ctx, nonEmpty...)
	return tflog.MaskMessageStrings(ctx, nonEmpty...)
}

// DeleteIntegration disconnects the PSA; the API refuses (409) while mappings remain.
func (c *Client) DeleteIntegration(ctx context.Context, psa api.Psa, ifMatch string) error {
	_, err := c.do(ctx, request{method: http.MethodDelete, path: psaPath(psa, "integration"), partner: true, ifMatch: ifMatch, idempotent: true}, nil)
	return err
}

// GetUsageSyncSchedule reads when usage is synced to the PSA (409 while it is not connected).
func (c *Client) GetUsageSyncSchedule(ctx context.Context, psa api.Psa) (*api.UsageSyncSchedule, string, error) {
	var out api.UsageSyncSchedule
	etag, err := c.do(ctx, request{method: http.MethodGet, path: psaPath(psa, "integration", "usage-sync-schedule"), partner: true}, &out)
	if err != nil {
		return nil, "", err
	}
	return &out, etag, nil
}

// PutUsageSyncSchedule sets when usage is synced to the PSA.
func (c *Client) PutUsageSyncSchedule(ctx context.Context, psa api.Psa, in api.UsageSyncScheduleInput, ifMatch string) (*api.UsageSyncSchedule, string, error) {
	var out api.UsageSyncSchedule
	etag, err := c.do(ctx, request{method: http.MethodPut, path: psaPath(psa, "integration", "usage-sync-schedule"), partner: true, body: in, ifMatch: ifMatch, idempotent: true}, &out)
	if err != nil {
		return nil, "", err
	}
	return &out, etag, nil
}

// ListSophosProducts returns the Sophos products of the PSA integration with the billing
// product codes each covers, walking all pages.
func (c *Client) ListSophosProducts(ctx context.Context) ([]api.SophosProduct, error) {
	return listAll[api.SophosProduct](ctx, c, "/partner/v1/psa/sophos-products", nil)
}

// UsageSyncRunQuery filters ListUsageSyncRuns.
type UsageSyncRunQuery struct {
	// CustomerID keeps only this customer's result in each run, and the runs that have one.
	CustomerID string
	// MaxRuns stops after this many runs, newest first (0 = all).
	MaxRuns int
}

// ListUsageSyncRuns returns past usage-sync runs of the PSA, newest first, reading only
// as many pages as q.MaxRuns needs.
func (c *Client) ListUsageSyncRuns(ctx context.Context, psa api.Psa, q UsageSyncRunQuery) ([]api.UsageSyncRun, error) {
	path := psaPath(psa, "usage-sync", "runs")
	var all []api.UsageSyncRun
	for page := 1; page <= maxPages; page++ {
		v := url.Values{"page": {strconv.Itoa(page)}, "pageSize": {strconv.Itoa(pageSize)}, "pageTotal": {"true"}}
		setIf(v, "customerId", q.CustomerID)
		var out struct {
			Items []api.UsageSyncRun `json:"items"`
			Pages api.Pages          `json:"pages"`
		}
		if _, err := c.do(ctx, request{method: http.MethodGet, path: path, query: v, partner: true}, &out); err != nil {
			return nil, err
		}
		all = append(all, out.Items...)
		if q.MaxRuns > 0 && len(all) >= q.MaxRuns {
			return all[:q.MaxRuns], nil
		}
		if len(out.Items) == 0 || (out.Pages.Total != nil && page >= *out.Pages.Total) || (out.Pages.Total == nil && len(out.Items) < out.Pages.Size) {
			return all, nil
		}
	}
	return nil, fmt.Errorf("GET %s: more than %d pages; narrow the query", path, maxPages)
}
