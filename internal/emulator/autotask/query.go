package autotask

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// Queries: POST {Entity}/query with the query as its body, or GET with it in ?search=;
// MaxRecords 1-500 (500 when absent); records by id; pageDetails.nextPageUrl (and
// prevPageUrl) carry the query and where its pages start, opaque to the client.

// readQuery reads a request's query.
type readQuery func(r *http.Request) (at.Query, error)

func queryFromBody(r *http.Request) (at.Query, error) {
	body, err := web.ReadBody(nil, r)
	if err != nil {
		return at.Query{}, err
	}
	return decodeQuery(body)
}

func queryFromSearch(r *http.Request) (at.Query, error) {
	search := r.URL.Query().Get("search")
	if search == "" {
		return at.Query{}, refused("the search parameter is required: the query as JSON, e.g. search={\"filter\":[{\"op\":\"gte\",\"field\":\"id\",\"value\":0}]}")
	}
	return decodeQuery([]byte(search))
}

func decodeQuery(raw []byte) (at.Query, error) {
	var q at.Query
	if err := json.Unmarshal(raw, &q); err != nil {
		return q, refused("The query is not valid JSON: %v", err)
	}
	return q, nil
}

// selection is a checked query of an entity.
type selection struct {
	entity  string
	query   at.Query
	filter  *Filter
	include []string
}

// prepare checks a query of entity as Autotask does: MaxRecords, the filter's syntax and
// its fields, IncludeFields.
func prepare(entity string, q at.Query) (*selection, error) {
	if q.MaxRecords == 0 {
		q.MaxRecords = at.MaxRecords
	}
	if q.MaxRecords < at.MinRecords || q.MaxRecords > at.MaxRecords {
		return nil, refused("MaxRecords must be between %d and %d; it is %d.", at.MinRecords, at.MaxRecords, q.MaxRecords)
	}
	f, err := Compile(q.Filter)
	if err != nil {
		return nil, refused("%s", err.Error())
	}
	t := entityTypes[entity]
	for _, name := range f.Fields() {
		if !strings.HasPrefix(name, "udf:") && fieldName(t, name) == "" {
			return nil, refused("Unable to find %s in the %s entity.", name, entity)
		}
	}
	sel := &selection{entity: entity, query: q, filter: f}
	for _, name := range q.IncludeFields {
		n := fieldName(t, name)
		if n == "" {
			return nil, refused("IncludeFields: unable to find %s in the %s entity.", name, entity)
		}
		sel.include = append(sel.include, n)
	}
	return sel, nil
}

// matches reads the records of the selection the caller may see.
func (sel *selection) matches(r *http.Request, q store.Q) ([]record, error) {
	if !callerOf(r).sees(sel.entity) {
		// A restricted security level answers nothing, not an error.
		return nil, nil
	}
	v, err := newView(r, q)
	if err != nil {
		return nil, err
	}
	all, err := v.records(sel.entity)
	if err != nil {
		return nil, err
	}
	var out []record
	for _, rec := range all {
		ok, err := sel.filter.Match(rec)
		if err != nil {
			return nil, refused("%s", err.Error())
		}
		if ok {
			out = append(out, rec)
		}
	}
	return out, nil
}

// query answers a query's first page.
func (rm *Room) query(entity string, read readQuery) func(*http.Request, store.Q) (web.Reply, error) {
	return func(r *http.Request, q store.Q) (web.Reply, error) {
		query, err := read(r)
		if err != nil {
			return web.Reply{}, err
		}
		return page(r, q, entity, query, nil)
	}
}

// paging is what a nextPageUrl or prevPageUrl carries: the query and the last id before
// each page up to the one it leads to.
type paging struct {
	Query  at.Query `json:"q"`
	Starts []int64  `json:"s"`
}

func (p paging) token() string {
	raw, _ := json.Marshal(p) //nolint:errchkjson // plain data
	return base64.RawURLEncoding.EncodeToString(raw)
}

// nextPage answers GET {Entity}/query/next?paging=, the page a nextPageUrl or prevPageUrl
// leads to.
func (rm *Room) nextPage(entity string) func(*http.Request, store.Q) (web.Reply, error) {
	return func(r *http.Request, q store.Q) (web.Reply, error) {
		raw, err := base64.RawURLEncoding.DecodeString(r.URL.Query().Get("paging"))
		var p paging
		if err != nil || json.Unmarshal(raw, &p) != nil || len(p.Starts) == 0 {
			return web.Reply{}, refused("The paging parameter is not a page of a query; follow pageDetails.nextPageUrl as given.")
		}
		return page(r, q, entity, p.Query, p.Starts)
	}
}

// page answers the page of a query after the last of starts (the first page without).
func page(r *http.Request, q store.Q, entity string, query at.Query, starts []int64) (web.Reply, error) {
	sel, err := prepare(entity, query)
	if err != nil {
		return web.Reply{}, err
	}
	matched, err := sel.matches(r, q)
	if err != nil {
		return web.Reply{}, err
	}
	if len(matched) > at.MaxRecords && len(sel.include) > 0 && !slices.Contains(sel.include, at.FieldID) {
		return web.Reply{}, refused("IncludeFields must include id when a query has more than %d results (it has %d).", at.MaxRecords, len(matched))
	}
	from := 0
	if len(starts) > 0 {
		after := starts[len(starts)-1]
		from, _ = slices.BinarySearchFunc(matched, after+1, func(rec record, id int64) int { return cmp.Compare(rec.id, id) })
	}
	end := min(from+sel.query.MaxRecords, len(matched))
	items := make([]map[string]any, 0, end-from)
	for _, rec := range matched[from:end] {
		item, err := rec.project(sel.include)
		if err != nil {
			return web.Reply{}, err
		}
		items = append(items, item)
	}
	details := at.PageDetails{Count: len(items), RequestCount: sel.query.MaxRecords}
	link := func(s []int64) *string {
		u := zoneRoot(r) + at.VersionPath + entity + at.QueryPath + "/next?" + url.Values{"paging": {paging{Query: query, Starts: s}.token()}}.Encode()
		return &u
	}
	if end < len(matched) {
		details.NextPageURL = link(append(slices.Clone(starts), matched[end-1].id))
	}
	if len(starts) > 1 {
		details.PrevPageURL = link(starts[:len(starts)-1])
	} else if len(starts) == 1 {
		details.PrevPageURL = link(nil)
	}
	return web.OK(at.ListResponse[map[string]any]{Items: items, PageDetails: details}), nil
}

// selectRecords checks query and reads the records of entity it selects.
func selectRecords(r *http.Request, q store.Q, entity string, query at.Query) ([]record, error) {
	sel, err := prepare(entity, query)
	if err != nil {
		return nil, err
	}
	return sel.matches(r, q)
}

// count answers {Entity}/query/count.
func (rm *Room) count(entity string, read readQuery) func(*http.Request, store.Q) (web.Reply, error) {
	return func(r *http.Request, q store.Q) (web.Reply, error) {
		query, err := read(r)
		if err != nil {
			return web.Reply{}, err
		}
		matched, err := selectRecords(r, q, entity, query)
		if err != nil {
			return web.Reply{}, err
		}
		return web.OK(at.CountResponse{QueryCount: len(matched)}), nil
	}
}

// item answers GET {Entity}/{id}: {"item": {...}}; a record the caller cannot see or that
// does not exist is 404.
func (rm *Room) item(entity string) func(*http.Request, store.Q) (web.Reply, error) {
	return func(r *http.Request, q store.Q) (web.Reply, error) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			return web.Reply{}, refused("%q is not an id of %s.", r.PathValue("id"), entity)
		}
		matched, err := selectRecords(r, q, entity, at.Query{Filter: []at.Filter{{Op: at.OpEq, Field: at.FieldID, Value: id}}})
		if err != nil {
			return web.Reply{}, err
		}
		if len(matched) == 0 {
			return web.Reply{}, web.NotFound("No %s with id %d was found.", entity, id)
		}
		item, err := matched[0].project(nil)
		if err != nil {
			return web.Reply{}, err
		}
		return web.OK(at.ItemResponse[map[string]any]{Item: &item}), nil
	}
}
