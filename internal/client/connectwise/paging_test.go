package connectwise

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
)

// TestForwardOnlyPagingAcrossPages: 2,500 items come in three pages of at most 1,000,
// each request asks forward-only with the same conditions and fields (the Link header of
// the fake leaves the conditions out, as some servers do), and the next pageId is the one
// the Link names.
func TestForwardOnlyPagingAcrossPages(t *testing.T) {
	t.Parallel()
	for _, alwaysLink := range []bool{false, true} {
		t.Run(fmt.Sprintf("link on last page %v", alwaysLink), func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.catalog, f.alwaysLink = catalogOf(2500), alwaysLink
			c, _ := f.client(t, func(cfg *Config) { cfg.Codebase = testCodebase })
			cond := And(Field("inactiveFlag").Eq(Bool(false)), Field("identifier").Like("ITEM-*"))
			items, err := c.ListCatalogItems(context.Background(), ListOptions{Conditions: cond, Fields: []string{"identifier", "description"}})
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 2500 || items[0].ID != 10 || items[2499].ID != f.catalog[2499].ID {
				t.Fatalf("%d items (first %d); want all 2,500 in order", len(items), items[0].ID)
			}
			reqs := f.seen()
			want := 3
			if alwaysLink {
				want = 4 // the last page's Link leads to an empty page, which ends the listing
			}
			if len(reqs) != want {
				t.Fatalf("%d requests, want %d", len(reqs), want)
			}
			prevID := ""
			for i, r := range reqs {
				q := r.URL.Query()
				if r.Header.Get(cw.PaginationTypeHeader) != cw.PaginationForwardOnly || q.Get("pageSize") != "1000" {
					t.Errorf("request %d: pagination-type %q pageSize %q", i, r.Header.Get(cw.PaginationTypeHeader), q.Get("pageSize"))
				}
				if q.Get("conditions") != `inactiveFlag=False and identifier like "ITEM-*"` || q.Get("fields") != "id,identifier,description" {
					t.Errorf("request %d lost its conditions or fields: %q %q", i, q.Get("conditions"), q.Get("fields"))
				}
				if q.Has("page") || q.Has("orderBy") {
					t.Errorf("request %d sends page or orderBy, which forward-only paging does not take", i)
				}
				if i > 0 && q.Get("pageId") == prevID {
					t.Errorf("request %d repeats pageId %s", i, prevID)
				}
				prevID = q.Get("pageId")
			}
			if reqs[1].URL.Query().Get("pageId") != fmt.Sprint(f.catalog[999].ID) {
				t.Errorf("second page after pageId %s, want the last id of page one %d", reqs[1].URL.Query().Get("pageId"), f.catalog[999].ID)
			}
		})
	}
}

// TestPagingRefusesBadLinks: a Link to another host, or one that leads back to a page
// already read, is an error, not a loop and not a request elsewhere.
func TestPagingRefusesBadLinks(t *testing.T) {
	t.Parallel()
	for name, link := range map[string]string{
		"other host": `<https://elsewhere.example/v2025_1/apis/3.0/procurement/manufacturers?pageId=5>; rel="next"`,
		"loop":       `</v2025_1/apis/3.0/procurement/manufacturers?pageSize=1000&pageId=5>; rel="next"`,
		"no pageId":  `</v2025_1/apis/3.0/procurement/manufacturers?pageSize=1000>; rel="next"`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.handlers["GET /procurement/manufacturers"] = func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Link", link)
				writeJSON(w, 200, []cw.Manufacturer{{ID: 5, Name: "Sophos"}})
			}
			c, _ := f.client(t, func(cfg *Config) { cfg.Codebase = testCodebase })
			_, err := c.ListManufacturers(context.Background(), ListOptions{})
			if err == nil {
				t.Fatal("want an error")
			}
			if n := len(f.seen()); n > 2 {
				t.Errorf("%d requests", n)
			}
		})
	}
}

// TestPagingRefusesNull: a listing answered with null is an error, never an empty list.
func TestPagingRefusesNull(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.handlers["GET /procurement/types"] = func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, nil) }
	c, _ := f.client(t, func(cfg *Config) { cfg.Codebase = testCodebase })
	if _, err := c.ListProductTypes(context.Background(), ListOptions{}); err == nil || !strings.Contains(err.Error(), "null") {
		t.Fatalf("err = %v", err)
	}
}

func TestNextLink(t *testing.T) {
	t.Parallel()
	for header, want := range map[string]string{
		`<https://h/a?pageId=1>; rel="next"`:                                              "https://h/a?pageId=1",
		`<https://h/a?page=1>; rel="first", <https://h/a?page=3>; rel="next"`:             "https://h/a?page=3",
		`<https://h/a?conditions=id in (1, 2)&page=2>; rel=next, <https://h/x>; rel=last`: "https://h/a?conditions=id in (1, 2)&page=2",
		`<https://h/a?page=9>; rel="last"`:                                                "",
		``:                                                                                "",
	} {
		if got := nextLink([]string{header}); got != want {
			t.Errorf("nextLink(%s) = %q, want %q", header, got, want)
		}
	}
}

// TestListsOfEachCollection: every listing method reads its own collection path, and
// companies never include the recycle bin.
func TestListsOfEachCollection(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	paths := []string{"/procurement/categories", "/procurement/subcategories/", "/procurement/types", "/procurement/unitOfMeasures",
		"/procurement/manufacturers", "/finance/agreements", "/finance/agreements/7/additions", "/company/companies"}
	for _, p := range paths {
		f.handlers["GET "+p] = func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, []map[string]any{{"id": 1}}) }
	}
	c, _ := f.client(t, func(cfg *Config) { cfg.Codebase = testCodebase })
	ctx := context.Background()
	calls := []func() error{
		func() error { _, err := c.ListCategories(ctx, ListOptions{}); return err },
		func() error { _, err := c.ListSubcategories(ctx, ListOptions{}); return err },
		func() error { _, err := c.ListProductTypes(ctx, ListOptions{}); return err },
		func() error { _, err := c.ListUnitsOfMeasure(ctx, ListOptions{}); return err },
		func() error { _, err := c.ListManufacturers(ctx, ListOptions{}); return err },
		func() error {
			_, err := c.ListAgreements(ctx, ListOptions{Conditions: And(Field("company/id").Eq(Int(250)), Field("cancelledFlag").Eq(Bool(false)))})
			return err
		},
		func() error { _, err := c.ListAdditions(ctx, 7, ListOptions{}); return err },
		func() error {
			_, err := c.ListCompanies(ctx, ListOptions{Conditions: Field("name").Contains("Acme")})
			return err
		},
	}
	for i, call := range calls {
		if err := call(); err != nil {
			t.Errorf("%s: %v", paths[i], err)
		}
	}
	reqs := f.seen()
	if got := reqs[5].URL.Query().Get("conditions"); got != "company/id=250 and cancelledFlag=False" {
		t.Errorf("agreements conditions %q", got)
	}
	if got := reqs[7].URL.Query().Get("conditions"); got != `deletedFlag=False and name contains "Acme"` {
		t.Errorf("companies conditions %q, want the recycle bin left out", got)
	}
}

// TestAdditionsOfManyAgreementsShareOneLimit: the additions of many agreements listed at
// once run PerEndpoint requests at a time, not one per agreement (each agreement's
// additions are a collection of their own, but one endpoint to ConnectWise's limits).
func TestAdditionsOfManyAgreementsShareOneLimit(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	const limit, agreements = 2, 12
	var inFlight, most atomic.Int32
	for id := 1; id <= agreements; id++ {
		f.handlers[fmt.Sprintf("GET /finance/agreements/%d/additions", id)] = func(w http.ResponseWriter, _ *http.Request) {
			n := inFlight.Add(1)
			defer inFlight.Add(-1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(20 * time.Millisecond) // long enough for requests over the limit to overlap
			writeJSON(w, 200, []map[string]any{{"id": id, "quantity": 1}})
		}
	}
	c, _ := f.client(t, func(cfg *Config) { cfg.Codebase, cfg.PerEndpoint = testCodebase, limit })
	var wg sync.WaitGroup
	errs := make(chan error, agreements)
	for id := 1; id <= agreements; id++ {
		wg.Go(func() {
			if _, err := c.ListAdditions(context.Background(), id, ListOptions{}); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := most.Load(); got > limit {
		t.Errorf("%d additions listings ran at once; the limit is %d", got, limit)
	}
}

// TestPagingByPageNumber: a listing by page number sends no pagination-type, follows the
// page numbers the Link names with the first request's query, and ends without a request
// for an empty page when the Link names no next page.
func TestPagingByPageNumber(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	items := []map[string]any{{"id": 1, "quantity": 1}, {"id": 2, "quantity": 2}, {"id": 3, "quantity": 3}}
	f.handlers["GET /finance/agreements/7/additions"] = func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		size, _ := strconv.Atoi(q.Get(cw.QueryPageSize))
		page, _ := strconv.Atoi(q.Get(cw.QueryPage))
		page = max(page, 1)
		start, end := min((page-1)*size, len(items)), min(page*size, len(items))
		if end < len(items) {
			next := url.Values{cw.QueryPage: {strconv.Itoa(page + 1)}, cw.QueryPageSize: {q.Get(cw.QueryPageSize)}}
			w.Header().Set("Link", fmt.Sprintf(`<http://%s%s?%s>; rel="next"`, r.Host, r.URL.Path, next.Encode()))
		}
		writeJSON(w, 200, items[start:end])
	}
	c, _ := f.client(t, func(cfg *Config) { cfg.Codebase, cfg.PageSize = testCodebase, 2 })
	got, err := c.ListAdditions(context.Background(), 7, ListOptions{Fields: []string{"quantity"}, ByPageNumber: true})
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.seen()
	if len(got) != 3 || len(reqs) != 2 {
		t.Fatalf("%d additions in %d requests; want 3 in 2 (no request for an empty page)", len(got), len(reqs))
	}
	for i, r := range reqs {
		if h := r.Header.Get(cw.PaginationTypeHeader); h != "" || r.URL.Query().Get("fields") != "id,quantity" {
			t.Errorf("request %d: pagination-type %q, fields %q", i, h, r.URL.Query().Get("fields"))
		}
	}
	if p := reqs[1].URL.Query().Get(cw.QueryPage); p != "2" {
		t.Errorf("second request for page %q, want 2", p)
	}
}
