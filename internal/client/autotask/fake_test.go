package autotask

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp/psahttptest"
	atroom "github.com/psa-iac/terraform-provider-sophos/internal/emulator/autotask"
)

const (
	testUser   = "api-user@example.com"
	testSecret = "secret-value-xyz"
	testCode   = "INTEGRATIONCODE27CHARSXXXXX"
	zonePath   = "/ATServicesRest/"
)

// fake is an Autotask zone and a zone lookup for the client's own tests. Queries are
// filtered with the emulator's filter evaluator (the one the Autotask room will use), so
// what the client sends is read as the room reads it.
type fake struct {
	lookup, zone *httptest.Server
	t            *testing.T
	mu           sync.Mutex
	requests     []string
	bodies       []string
	headers      []http.Header
	entities     map[string][]atroom.MapRecord
	// handlers answer "METHOD /path below the zone root" before the defaults.
	handlers map[string]http.HandlerFunc
	// inFlight and most count concurrent requests per entity; hold blocks them.
	inFlight, most map[string]int
	hold           chan struct{}
}

func newFake(t *testing.T) *fake {
	t.Helper()
	f := &fake{t: t, entities: map[string][]atroom.MapRecord{}, handlers: map[string]http.HandlerFunc{}, inFlight: map[string]int{}, most: map[string]int{}}
	f.zone = httptest.NewServer(http.HandlerFunc(f.serveZone))
	f.lookup = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.record(r, "")
		if r.URL.Path != "/ATServicesRest/V1.0/zoneInformation" || r.URL.Query().Get("user") != testUser {
			writeJSON(w, http.StatusInternalServerError, at.ErrorResponse{Errors: []string{"Zone information could not be determined"}})
			return
		}
		writeJSON(w, 200, at.ZoneInformation{ZoneName: "Test Zone", URL: f.zone.URL + zonePath, WebURL: "https://ww5.example/", CI: 5})
	}))
	t.Cleanup(f.zone.Close)
	t.Cleanup(f.lookup.Close)
	return f
}

func (f *fake) record(r *http.Request, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r.Method+" "+r.Host+r.URL.RequestURI())
	f.bodies = append(f.bodies, body)
	f.headers = append(f.headers, r.Header.Clone())
}

func (f *fake) seen() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

func (f *fake) serveZone(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	f.record(r, string(b))
	if r.Header.Get("ApiIntegrationCode") != testCode || r.Header.Get("UserName") != testUser {
		writeJSON(w, http.StatusInternalServerError, at.ErrorResponse{Errors: []string{"The integration code is invalid for this user."}})
		return
	}
	if r.Header.Get("Secret") != testSecret {
		writeJSON(w, http.StatusUnauthorized, at.ErrorResponse{Errors: []string{"Unauthorized"}})
		return
	}
	path := strings.TrimPrefix(r.URL.Path, zonePath+"V1.0/")
	entity, rest, _ := strings.Cut(path, "/")
	f.mu.Lock()
	f.inFlight[entity]++
	f.most[entity] = max(f.most[entity], f.inFlight[entity])
	hold := f.hold
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight[entity]--
		f.mu.Unlock()
	}()
	if hold != nil {
		<-hold
	}
	if h, ok := f.handlers[r.Method+" "+path]; ok {
		h(w, r)
		return
	}
	switch {
	case r.Method == http.MethodPost && rest == "query":
		var q at.Query
		if err := json.Unmarshal(b, &q); err != nil {
			writeJSON(w, 500, at.ErrorResponse{Errors: []string{err.Error()}})
			return
		}
		f.page(w, entity, q, 0)
	case r.Method == http.MethodGet && rest == "query/next":
		var q at.Query
		_ = json.Unmarshal([]byte(r.URL.Query().Get("q")), &q)
		from, _ := strconv.Atoi(r.URL.Query().Get("from"))
		f.page(w, entity, q, from)
	case r.Method == http.MethodPost && rest == "query/count":
		var q at.Query
		_ = json.Unmarshal(b, &q)
		matched, err := f.match(entity, q)
		if err != nil {
			writeJSON(w, 500, at.ErrorResponse{Errors: []string{err.Error()}})
			return
		}
		writeJSON(w, 200, at.CountResponse{QueryCount: len(matched)})
	case r.Method == http.MethodGet && rest != "":
		id, _ := strconv.ParseFloat(rest, 64)
		for _, rec := range f.entities[entity] {
			if rec["id"] == id {
				writeJSON(w, 200, map[string]any{"item": rec})
				return
			}
		}
		writeJSON(w, 200, map[string]any{"item": nil})
	default:
		writeJSON(w, 404, at.ErrorResponse{Errors: []string{"no route " + r.Method + " " + path}})
	}
}

func (f *fake) match(entity string, q at.Query) ([]atroom.MapRecord, error) {
	filter, err := atroom.Compile(q.Filter)
	if err != nil {
		return nil, err
	}
	var out []atroom.MapRecord
	for _, rec := range f.entities[entity] {
		ok, err := filter.Match(rec)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, rec)
		}
	}
	return out, nil
}

// page answers one page of a query from the index from, with a nextPageUrl on the zone.
func (f *fake) page(w http.ResponseWriter, entity string, q at.Query, from int) {
	if q.MaxRecords < at.MinRecords || q.MaxRecords > at.MaxRecords {
		writeJSON(w, 500, at.ErrorResponse{Errors: []string{"MaxRecords must be between 1 and 500"}})
		return
	}
	matched, err := f.match(entity, q)
	if err != nil {
		writeJSON(w, 500, at.ErrorResponse{Errors: []string{err.Error()}})
		return
	}
	end := min(from+q.MaxRecords, len(matched))
	items := make([]map[string]any, 0, end-from)
	for _, rec := range matched[from:end] {
		items = append(items, project(rec, q.IncludeFields))
	}
	out := at.ListResponse[map[string]any]{Items: items, PageDetails: at.PageDetails{Count: len(items), RequestCount: q.MaxRecords}}
	if end < len(matched) {
		qs, _ := json.Marshal(q)
		next := fmt.Sprintf("%s%sV1.0/%s/query/next?from=%d&q=%s", f.zone.URL, zonePath, entity, end, urlEscape(string(qs)))
		out.PageDetails.NextPageURL = &next
	}
	writeJSON(w, 200, out)
}

func project(rec atroom.MapRecord, fields []string) map[string]any {
	if len(fields) == 0 {
		return rec
	}
	out := map[string]any{}
	for _, f := range fields {
		if v, ok := rec.Field(f); ok {
			out[f] = v
		}
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// client is a client of f: zone looked up at f's lookup server, instant sleeps on a fake clock.
func (f *fake) client(t *testing.T, mod ...func(*Config)) (*Client, *psahttptest.Clock) {
	t.Helper()
	clock := psahttptest.NewClock()
	cfg := Config{Username: testUser, Secret: testSecret, IntegrationCode: testCode, ZoneLookupURL: f.lookup.URL + zonePath,
		Options: clock.Options()}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, clock
}

// companies are n companies, every third inactive.
func companies(n int) []atroom.MapRecord {
	out := make([]atroom.MapRecord, n)
	for i := range out {
		out[i] = atroom.MapRecord{"id": float64(1000 + i), "companyName": fmt.Sprintf("Customer %04d", i), "isActive": i%3 != 0, "companyType": float64(1)}
	}
	return out
}

func urlEscape(s string) string { return url.QueryEscape(s) }
