package connectwise

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// How a list endpoint answers, as ConnectWise documents it: `conditions` filter on the
// server (conditions.go), `orderBy` sorts ("name asc, id desc"), `fields` keeps only the
// named fields ("id,name,company/id"), and paging is navigable (`page` from 1 and `pageSize`
// up to 1,000, default 25, with a Link header of first/prev/next/last) or, with the header
// `pagination-type: forward-only`, forward-only: records by id after `pageId`, `orderBy`
// refused, and a Link header naming the next pageId whenever the page has records. A list's
// records are rendered as the vendor's objects (the cw types), then judged as JSON, so
// conditions and fields see exactly the names a client sees.

// record is one object of a list as JSON, and its id.
type record struct {
	id     int
	fields map[string]any
}

// schema is the field paths a type's records have (knownPaths), so a condition on a field a
// record leaves out (null, omitted) reads null instead of "no such field".
type schema map[string]bool

// knownPaths lists the JSON paths of t's fields, nested through objects ("company/id");
// _info (a map) allows any key below it.
func knownPaths(t reflect.Type) schema {
	s := schema{}
	var walk func(prefix string, t reflect.Type, depth int)
	walk = func(prefix string, t reflect.Type, depth int) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || depth > 3 {
			return
		}
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			s[prefix+name] = true
			walk(prefix+name+"/", t.Field(i).Type, depth+1)
		}
	}
	walk("", t, 0)
	return s
}

func (s schema) has(path string) bool {
	if s[path] {
		return true
	}
	parts := strings.Split(path, "/")
	for i := 1; i < len(parts); i++ {
		if parts[i-1] == cw.FieldInfo && s[strings.Join(parts[:i], "/")] {
			return true
		}
	}
	return false
}

// typed gives Match a record's fields: a field of the type the record leaves out is null.
type typed struct {
	rec    Record
	schema schema
}

func (t typed) Field(path string) (any, bool) {
	if v, ok := t.rec.Field(path); ok {
		return v, true
	}
	return nil, t.schema.has(path)
}

// toRecords renders stored rows as ConnectWise objects (render) and those as records
// (their JSON), each with its id.
func toRecords[S, T any](rows []S, render func(S) T, id func(T) int) ([]record, error) {
	out := make([]record, 0, len(rows))
	for _, row := range rows {
		it := render(row)
		raw, err := json.Marshal(it)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, err
		}
		out = append(out, record{id: id(it), fields: m})
	}
	return out, nil
}

// listQuery is a list request's query.
type listQuery struct {
	conditions  *Condition
	orderBy     []orderKey
	fields      []string
	page        int
	pageSize    int
	pageID      int
	forwardOnly bool
}

type orderKey struct {
	path string
	desc bool
}

// badQuery is ConnectWise's 400 for a query parameter it refuses.
func badQuery(param, code, format string, args ...any) error {
	return invalid(param, param, code, format, args...)
}

// parseListQuery reads the query of r for a list of s's records.
func parseListQuery(r *http.Request, s schema) (listQuery, error) {
	v := r.URL.Query()
	q := listQuery{page: 1, pageSize: cw.DefaultPageSize,
		forwardOnly: strings.EqualFold(r.Header.Get(cw.PaginationTypeHeader), cw.PaginationForwardOnly)}
	if raw := v.Get(cw.QueryConditions); strings.TrimSpace(raw) != "" {
		c, err := Parse(raw)
		if err != nil {
			return q, badQuery(cw.QueryConditions, cw.ErrorCodeInvalidObject, "%s", err.Error())
		}
		for _, p := range c.Paths() {
			if !s.has(p) {
				return q, badQuery(cw.QueryConditions, cw.ErrorCodeInvalidObject, "conditions: %s is not a field of this object", p)
			}
		}
		q.conditions = c
	}
	if raw := v.Get(cw.QueryFields); raw != "" {
		for _, f := range strings.Split(raw, ",") {
			f = strings.TrimSpace(f)
			if !s.has(f) {
				return q, badQuery(cw.QueryFields, cw.ErrorCodeInvalidObject, "fields: %s is not a field of this object", f)
			}
			q.fields = append(q.fields, f)
		}
	}
	if raw := strings.TrimSpace(v.Get(cw.QueryOrderBy)); raw != "" {
		if q.forwardOnly {
			return q, badQuery(cw.QueryOrderBy, cw.ErrorCodeInvalidObject, "orderBy is not supported with forward-only pagination (records come ordered by id)")
		}
		for _, part := range strings.Split(raw, ",") {
			words := strings.Fields(part)
			if len(words) == 0 || len(words) > 2 || !s.has(words[0]) ||
				(len(words) == 2 && !strings.EqualFold(words[1], "asc") && !strings.EqualFold(words[1], "desc")) {
				return q, badQuery(cw.QueryOrderBy, cw.ErrorCodeInvalidObject, "orderBy %q is not a field name followed by asc or desc", strings.TrimSpace(part))
			}
			q.orderBy = append(q.orderBy, orderKey{path: words[0], desc: len(words) == 2 && strings.EqualFold(words[1], "desc")})
		}
	}
	var err error
	if q.pageSize, err = intParam(v, cw.QueryPageSize, cw.DefaultPageSize, 1, cw.MaxPageSize); err != nil {
		return q, err
	}
	if q.page, err = intParam(v, cw.QueryPage, 1, 1, 1<<30); err != nil {
		return q, err
	}
	if q.pageID, err = intParam(v, cw.QueryPageID, 0, 0, 1<<62); err != nil {
		return q, err
	}
	return q, nil
}

// intParam reads a whole-number query parameter between lo and hi, def when absent.
func intParam(v url.Values, name string, def, lo, hi int) (int, error) {
	raw := v.Get(name)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		return 0, badQuery(name, cw.ErrorCodeOutOfRange, "The field %s must be between %d and %d.", name, lo, hi)
	}
	return n, nil
}

// matching are the records q's conditions keep, in q's order.
func (q listQuery) matching(recs []record, s schema) ([]record, error) {
	var out []record
	for _, rec := range recs {
		if q.conditions != nil {
			ok, err := q.conditions.Match(typed{rec: rec.fields, schema: s})
			if err != nil {
				return nil, badQuery(cw.QueryConditions, cw.ErrorCodeInvalidObject, "%s", err.Error())
			}
			if !ok {
				continue
			}
		}
		out = append(out, rec)
	}
	slices.SortStableFunc(out, func(a, b record) int {
		if q.forwardOnly || len(q.orderBy) == 0 {
			return a.id - b.id
		}
		for _, k := range q.orderBy {
			av, _ := Record(a.fields).Field(k.path)
			bv, _ := Record(b.fields).Field(k.path)
			if c := compareValues(av, bv); c != 0 {
				if k.desc {
					return -c
				}
				return c
			}
		}
		return a.id - b.id
	})
	return out, nil
}

// compareValues orders two JSON values of a field: null first, numbers, texts ignoring case,
// false before true.
func compareValues(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	switch x := a.(type) {
	case float64:
		if y, ok := b.(float64); ok {
			return cmpFloat(x, y)
		}
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(strings.ToLower(x), strings.ToLower(y))
		}
	case bool:
		if y, ok := b.(bool); ok && x != y {
			if x {
				return 1
			}
			return -1
		}
		return 0
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

// selected reads r's query and the records of recs it selects, in its order.
func selected(r *http.Request, recs []record, s schema) (listQuery, []record, error) {
	q, err := parseListQuery(r, s)
	if err != nil {
		return q, nil, err
	}
	all, err := q.matching(recs, s)
	return q, all, err
}

// list answers a list request over recs (every record of the collection, each with its id).
func list(r *http.Request, recs []record, s schema) (web.Reply, error) {
	q, all, err := selected(r, recs, s)
	if err != nil {
		return web.Reply{}, err
	}
	var page []record
	var links []string
	if q.forwardOnly {
		i := 0
		for i < len(all) && all[i].id <= q.pageID {
			i++
		}
		page = all[i:min(i+q.pageSize, len(all))]
		if len(page) > 0 {
			links = append(links, link(r, cw.QueryPageID, page[len(page)-1].id, "next"))
		}
	} else {
		start := (q.page - 1) * q.pageSize
		last := max(1, (len(all)+q.pageSize-1)/q.pageSize)
		if start < len(all) {
			page = all[start:min(start+q.pageSize, len(all))]
		}
		links = append(links, link(r, cw.QueryPage, 1, "first"))
		if q.page > 1 {
			links = append(links, link(r, cw.QueryPage, min(q.page-1, last), "prev"))
		}
		if q.page < last {
			links = append(links, link(r, cw.QueryPage, q.page+1, "next"))
		}
		links = append(links, link(r, cw.QueryPage, last, "last"))
	}
	body := make([]map[string]any, 0, len(page))
	for _, rec := range page {
		body = append(body, pick(rec.fields, q.fields))
	}
	reply := web.OK(body)
	if len(links) > 0 {
		reply = reply.With("Link", strings.Join(links, ", "))
	}
	return reply, nil
}

// count answers a count request over recs.
func count(r *http.Request, recs []record, s schema) (web.Reply, error) {
	_, all, err := selected(r, recs, s)
	if err != nil {
		return web.Reply{}, err
	}
	return web.OK(cw.Count{Count: len(all)}), nil
}

// link is an RFC 5988 link to the same list with param set to value.
func link(r *http.Request, param string, value int, rel string) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	q := r.URL.Query()
	q.Set(param, strconv.Itoa(value))
	u := url.URL{Scheme: scheme, Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
	return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
}

// pick keeps the fields of m that fields names ("id", "company/id"); every field when
// fields is empty.
func pick(m map[string]any, fields []string) map[string]any {
	if len(fields) == 0 {
		return m
	}
	out := map[string]any{}
	for _, f := range fields {
		keep(out, m, strings.Split(f, "/"))
	}
	return out
}

func keep(out, m map[string]any, path []string) {
	v, ok := m[path[0]]
	if !ok {
		return
	}
	if len(path) == 1 {
		out[path[0]] = v
		return
	}
	sub, isMap := v.(map[string]any)
	if !isMap {
		return
	}
	dst, _ := out[path[0]].(map[string]any)
	if dst == nil {
		dst = map[string]any{}
		out[path[0]] = dst
	}
	keep(dst, sub, path[1:])
}
