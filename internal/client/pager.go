package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// pageFetchers is how many pages of one listing are fetched at once, once page 1 has told
// how many there are. The client's pacing to the API's rate limit still applies to each.
const pageFetchers = 4

// page is one page of a list endpoint. Both fields are required: an answer without them is
// an error, never an empty list.
type page[T any] struct {
	Items []T       `json:"items"`
	Pages api.Pages `json:"pages"`
}

// listAll walks every page of a list endpoint. Page 1 asks for the totals; when the API
// gives them, the other pages are fetched concurrently and put back in order, so a listing
// of 1,000 objects costs the latency of about three requests, not ten.
func listAll[T any](ctx context.Context, c *Client, path string, q url.Values) ([]T, error) {
	first, err := fetchPage[T](ctx, c, path, q, 1)
	if err != nil {
		return nil, err
	}
	if lastPage(first, 1) {
		return first.Items, nil
	}
	if first.Pages.Total == nil {
		return listSequentially(ctx, c, path, q, first.Items)
	}
	total := *first.Pages.Total
	if total > maxPages {
		return nil, fmt.Errorf("GET %s: %d pages, more than %d; narrow the query", path, total, maxPages)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make([][]T, total+1)
	pages[1] = first.Items
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	next := make(chan int)
	for range min(pageFetchers, total-1) {
		wg.Go(func() {
			for n := range next {
				p, err := fetchPage[T](ctx, c, path, q, n)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				if err == nil {
					pages[n] = p.Items
				}
				mu.Unlock()
			}
		})
	}
	for n := 2; n <= total; n++ {
		select {
		case next <- n:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	var all []T
	for _, items := range pages[1:] {
		all = append(all, items...)
	}
	return all, nil
}

// listSequentially walks the pages after page 1 of an API that gives no totals.
func listSequentially[T any](ctx context.Context, c *Client, path string, q url.Values, all []T) ([]T, error) {
	for n := 2; n <= maxPages; n++ {
		p, err := fetchPage[T](ctx, c, path, q, n)
		if err != nil {
			return nil, err
		}
		all = append(all, p.Items...)
		if lastPage(p, n) {
			return all, nil
		}
	}
	return nil, fmt.Errorf("GET %s: more than %d pages; narrow the query", path, maxPages)
}

// lastPage reports whether p, page n, is the last one.
func lastPage[T any](p *page[T], n int) bool {
	return len(p.Items) == 0 || (p.Pages.Total != nil && n >= *p.Pages.Total) ||
		(p.Pages.Total == nil && len(p.Items) < p.Pages.Size)
}

// fetchPage reads page n of a list endpoint.
func fetchPage[T any](ctx context.Context, c *Client, path string, q url.Values, n int) (*page[T], error) {
	v := url.Values{}
	for k, vals := range q {
		v[k] = vals
	}
	v.Set("page", strconv.Itoa(n))
	v.Set("pageSize", strconv.Itoa(pageSize))
	v.Set("pageTotal", "true")
	var out page[T]
	if _, err := c.do(ctx, request{method: http.MethodGet, path: path, query: v, partner: true}, &out); err != nil {
		return nil, err
	}
	if out.Pages.Current != 0 && out.Pages.Current != n {
		return nil, fmt.Errorf("GET %s: asked for page %d, the API answered page %d; it does not page as documented", path, n, out.Pages.Current)
	}
	return &out, nil
}
