package connectwise

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp"
)

// maxPages stops a listing that never ends (10,000,000 records at 1,000 a page).
const maxPages = 10000

// ListOptions narrows a listing on the server.
type ListOptions struct {
	// Conditions filter the records (built with the Condition builder).
	Conditions Condition
	// Fields limits the answer to these fields (id is always added): a smaller payload.
	Fields []string
	// ByPageNumber pages by number (navigable paging) instead of forward-only. A
	// forward-only listing always ends with a request that answers an empty page (its Link
	// names a next page whenever a page has records); a numbered one names a next page only
	// when there is one, so a collection of one page is one request. For small collections
	// read many times over (an agreement's additions); forward-only stays the default, as a
	// record added between two numbered pages may shift another past a page.
	ByPageNumber bool
}

func (o ListOptions) query(pageSize int) url.Values {
	q := url.Values{}
	if !o.Conditions.IsZero() {
		q.Set(cw.QueryConditions, o.Conditions.String())
	}
	if len(o.Fields) > 0 {
		fields := o.Fields
		if !slices.Contains(fields, cw.FieldID) {
			fields = append([]string{cw.FieldID}, fields...)
		}
		q.Set(cw.QueryFields, strings.Join(fields, ","))
	}
	q.Set(cw.QueryPageSize, fmt.Sprint(pageSize))
	return q
}

// list reads every record of collection, forward-only: the header pagination-type:
// forward-only and pageSize, then the next page's pageId from the answer's Link header
// until there is none or a page is empty (ByPageNumber: the next page's number). Each next request is the first one's query with
// that pageId, so the conditions and fields are never lost on later pages, and the link is
// only read, never sent anywhere.
func list[T any](ctx context.Context, c *Client, collection string, opts ListOptions) ([]T, error) {
	return listAt[T](ctx, c, collection, collection, opts)
}

// listAt is list counted against the concurrency limit of endpoint: the pattern of a
// collection that has one instance per parent (every agreement's additions share one).
func listAt[T any](ctx context.Context, c *Client, collection, endpoint string, opts ListOptions) ([]T, error) {
	q := opts.query(c.pageSize)
	var all []T
	seen := map[string]bool{}
	for page := 1; ; page++ {
		if page > maxPages {
			return nil, fmt.Errorf("GET %s: more than %d pages; narrow the listing", collection, maxPages)
		}
		cl := call{method: http.MethodGet, path: collection, query: q, endpoint: endpoint, header: http.Header{}}
		if !opts.ByPageNumber {
			cl.header.Set(cw.PaginationTypeHeader, cw.PaginationForwardOnly)
		}
		resp, err := c.send(ctx, cl, http.StatusOK)
		if err != nil {
			return nil, err
		}
		var items []T
		if err := decode(cl, resp, &items); err != nil {
			return nil, err
		}
		if items == nil {
			return nil, &ResponseError{Method: cl.method, Path: cl.path, StatusCode: resp.Status, Problem: "its body is null, not a list"}
		}
		all = append(all, items...)
		if len(items) == 0 {
			return all, nil
		}
		next, err := c.nextPage(cl, resp)
		if err != nil || next == nil {
			return all, err
		}
		key := next.Encode()
		if seen[key] {
			return nil, &ResponseError{Method: cl.method, Path: cl.path, StatusCode: resp.Status, Problem: "its Link header points at a page already read (" + key + ")"}
		}
		seen[key] = true
		q = opts.query(c.pageSize)
		for k, v := range next {
			q[k] = v
		}
	}
}

// nextPage reads the next page's position (pageId, or page for navigable paging) from the
// answer's Link header; nil when there is no next page.
func (c *Client) nextPage(cl call, resp *psahttp.Response) (url.Values, error) {
	raw := nextLink(resp.Header.Values("Link"))
	if raw == "" {
		return nil, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, &ResponseError{Method: cl.method, Path: cl.path, StatusCode: resp.Status, Problem: fmt.Sprintf("its Link header's next URL %q cannot be read: %v", raw, err)}
	}
	if u.Host != "" && !strings.EqualFold(u.Hostname(), c.site.Hostname()) {
		return nil, &ResponseError{Method: cl.method, Path: cl.path, StatusCode: resp.Status, Problem: "its Link header points at another host (" + u.Host + ")"}
	}
	lq := u.Query()
	for _, k := range []string{cw.QueryPageID, cw.QueryPage} {
		if v := lq.Get(k); v != "" {
			return url.Values{k: {v}}, nil
		}
	}
	return nil, &ResponseError{Method: cl.method, Path: cl.path, StatusCode: resp.Status, Problem: fmt.Sprintf("its Link header's next URL %q names neither pageId nor page", raw)}
}

// nextLink finds the URL of rel="next" in RFC 5988 Link header values.
func nextLink(values []string) string {
	for _, v := range values {
		for rest := v; ; {
			start := strings.IndexByte(rest, '<')
			if start < 0 {
				break
			}
			end := strings.IndexByte(rest[start:], '>')
			if end < 0 {
				break
			}
			target := rest[start+1 : start+end]
			rest = rest[start+end+1:]
			params := rest
			if i := strings.IndexByte(rest, '<'); i >= 0 {
				params = rest[:i]
			}
			for _, p := range strings.Split(params, ";") {
				k, val, ok := strings.Cut(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(p), ",")), "=")
				if ok && strings.EqualFold(strings.TrimSpace(k), "rel") {
					for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(val), `"`)) {
						if strings.EqualFold(rel, "next") {
							return target
						}
					}
				}
			}
		}
	}
	return ""
}
