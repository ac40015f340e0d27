package autotask

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp"
)

// maxPages stops a query that never ends (5,000,000 records at 500 a page).
const maxPages = 10000

// send performs one request to the zone with the credentials, and returns a 200 answer;
// anything else becomes the typed error.
func (c *Client) send(ctx context.Context, method string, u *url.URL, entity string, body any) (*psahttp.Response, error) {
	h := http.Header{}
	h.Set(at.HeaderIntegrationCode, c.cfg.IntegrationCode)
	h.Set(at.HeaderUserName, c.cfg.Username)
	h.Set(at.HeaderSecret, c.cfg.Secret)
	if c.cfg.ImpersonationResourceID != "" {
		h.Set(at.HeaderImpersonation, c.cfg.ImpersonationResourceID)
	}
	h.Set("Accept", "application/json")
	req := &psahttp.Request{Method: method, URL: u, Header: h, Endpoint: entity,
		// Every request of this client reads, a query's POST included.
		Idempotent: true}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encoding %s %s: %w", method, u.Path, err)
		}
		req.Body = b
		h.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.Status != http.StatusOK {
		return nil, c.decodeError(req, resp)
	}
	return resp, nil
}

// entityURL is {zone}V1.0/{entity}{suffix}.
func (c *Client) entityURL(ctx context.Context, entity, suffix string) (*url.URL, error) {
	zone, err := c.Zone(ctx)
	if err != nil {
		return nil, err
	}
	return psahttp.JoinURL(zone, at.VersionPath+entity+suffix, nil), nil
}

// everything is the filter of a query that selects every record: id gte 0.
func everything() []at.Filter { return []at.Filter{{Op: at.OpGte, Field: at.FieldID, Value: 0}} }

// Query reads every record of entity that q selects: POST {Entity}/query with
// MaxRecords 500 (and "id" among IncludeFields, which Autotask requires beyond 500
// results), then GET each pageDetails.nextPageUrl, as given, until it is null. A query
// without a filter reads everything (id gte 0). A next page on another host is refused.
func Query[T any](ctx context.Context, c *Client, entity string, q at.Query) ([]T, error) {
	if len(q.Filter) == 0 {
		q.Filter = everything()
	}
	if len(q.IncludeFields) > 0 && !slices.ContainsFunc(q.IncludeFields, func(f string) bool { return strings.EqualFold(f, at.FieldID) }) {
		q.IncludeFields = append([]string{at.FieldID}, q.IncludeFields...)
	}
	if q.MaxRecords <= 0 || q.MaxRecords > at.MaxRecords {
		q.MaxRecords = at.MaxRecords
	}
	u, err := c.entityURL(ctx, entity, at.QueryPath)
	if err != nil {
		return nil, err
	}
	zone := u
	method, body := http.MethodPost, any(q)
	var all []T
	seen := map[string]bool{}
	for page := 1; ; page++ {
		if page > maxPages {
			return nil, fmt.Errorf("autotask: %s query has more than %d pages; narrow it", entity, maxPages)
		}
		resp, err := c.send(ctx, method, u, entity, body)
		if err != nil {
			return nil, err
		}
		var list at.ListResponse[T]
		if err := decodeJSON(resp.Body, &list); err != nil || list.Items == nil {
			return nil, &ResponseError{Method: method, Path: u.Path, Problem: fmt.Sprintf("it is not a list of items with pageDetails (%v)", err)}
		}
		all = append(all, list.Items...)
		next := list.PageDetails.NextPageURL
		if next == nil || *next == "" {
			return all, nil
		}
		nu, err := url.Parse(*next)
		if err != nil || !psahttp.SameOrigin(zone, nu) {
			return nil, &ResponseError{Method: method, Path: u.Path, Problem: fmt.Sprintf("its nextPageUrl %q is not on the zone's host %s; the credentials go nowhere else", *next, zone.Host)}
		}
		if seen[nu.String()] {
			return nil, &ResponseError{Method: method, Path: u.Path, Problem: "its nextPageUrl leads to a page already read"}
		}
		seen[nu.String()] = true
		method, body, u = http.MethodGet, nil, nu
	}
}

// Get reads one record: GET {Entity}/{id}, answered {"item": ...}. A missing record is
// an *APIError with IsNotFound.
func Get[T any](ctx context.Context, c *Client, entity string, id int64) (*T, error) {
	u, err := c.entityURL(ctx, entity, "/"+strconv.FormatInt(id, 10))
	if err != nil {
		return nil, err
	}
	resp, err := c.send(ctx, http.MethodGet, u, entity, nil)
	if err != nil {
		return nil, err
	}
	var out at.ItemResponse[T]
	if err := decodeJSON(resp.Body, &out); err != nil {
		return nil, &ResponseError{Method: http.MethodGet, Path: u.Path, Problem: "it is not {\"item\": ...}: " + err.Error()}
	}
	if out.Item == nil {
		return nil, &APIError{Method: http.MethodGet, Path: u.Path, StatusCode: http.StatusNotFound, Errors: []string{fmt.Sprintf("no %s with id %d", entity, id)}}
	}
	return out.Item, nil
}

// Count answers how many records of entity the filter selects (POST {Entity}/query/count).
func (c *Client) Count(ctx context.Context, entity string, filter []at.Filter) (int, error) {
	if len(filter) == 0 {
		filter = everything()
	}
	u, err := c.entityURL(ctx, entity, at.CountPath)
	if err != nil {
		return 0, err
	}
	resp, err := c.send(ctx, http.MethodPost, u, entity, at.Query{Filter: filter})
	if err != nil {
		return 0, err
	}
	var out at.CountResponse
	if err := decodeJSON(resp.Body, &out); err != nil {
		return 0, &ResponseError{Method: http.MethodPost, Path: u.Path, Problem: "it is not {\"queryCount\": n}: " + err.Error()}
	}
	return out.QueryCount, nil
}

// decodeJSON reads a JSON body strictly enough to tell an object from garbage.
func decodeJSON(b []byte, out any) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return fmt.Errorf("the body is empty")
	}
	return json.Unmarshal(b, out)
}
