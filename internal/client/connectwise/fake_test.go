package connectwise

import (
	"encoding/base64"
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

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp/psahttptest"
)

// Credentials of the fake.
const (
	testCompany    = "acme"
	testPublicKey  = "publickey123"
	testPrivateKey = "privatekey-very-secret"
	testClientID   = "4f9e2c1a-clientid-guid"
	testCodebase   = "v2025_1/"
)

// fake is a ConnectWise site for the client's own tests: companyinfo, authentication as
// ConnectWise does it, forward-only paging of a catalog, and handlers a test adds per path.
type fake struct {
	*httptest.Server
	t        *testing.T
	mu       sync.Mutex
	requests []*http.Request
	bodies   []string
	catalog  []cw.CatalogItem
	// alwaysLink adds a next Link to the last page too (the last-page behaviour is not
	// documented, so the client must stop on an empty page as well).
	alwaysLink bool
	// handlers answer paths below the API root, by "METHOD /path".
	handlers map[string]http.HandlerFunc
}

func newFake(t *testing.T) *fake {
	t.Helper()
	f := &fake{t: t, handlers: map[string]http.HandlerFunc{}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fake) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.requests = append(f.requests, r)
	f.bodies = append(f.bodies, string(body))
	f.mu.Unlock()
	if company, ok := strings.CutPrefix(r.URL.Path, cw.CompanyInfoPath); ok {
		if company != testCompany {
			writeJSON(w, 200, nil)
			return
		}
		writeJSON(w, 200, cw.CompanyInfo{CompanyName: "Acme", Codebase: testCodebase, VersionCode: "v2025.1", CompanyID: testCompany, IsCloud: "True"})
		return
	}
	path, ok := strings.CutPrefix(r.URL.Path, "/"+testCodebase+cw.APIRoot)
	if !ok {
		writeJSON(w, 404, cw.ErrorResponse{Code: "NotFound", Message: "no such path " + r.URL.Path})
		return
	}
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(testCompany+"+"+testPublicKey+":"+testPrivateKey))
	if r.Header.Get("Authorization") != want {
		writeJSON(w, 401, cw.ErrorResponse{Code: cw.ErrorCodeConnectWiseAPI, Message: cw.MessageUserNotAuthenticated})
		return
	}
	if r.Header.Get(cw.ClientIDHeader) != testClientID {
		writeJSON(w, 401, cw.ErrorResponse{Code: cw.ErrorCodeConnectWiseAPI, Message: "clientId is required"})
		return
	}
	if r.Header.Get("Accept") != cw.AcceptHeader {
		writeJSON(w, 400, cw.ErrorResponse{Code: "InvalidVersion", Message: "Accept does not pin 2025.1: " + r.Header.Get("Accept")})
		return
	}
	if h, ok := f.handlers[r.Method+" "+path]; ok {
		h(w, r)
		return
	}
	if r.Method == http.MethodGet && path == cw.PathCatalog {
		f.pageCatalog(w, r)
		return
	}
	writeJSON(w, 404, cw.ErrorResponse{Code: "NotFound", Message: "no handler for " + r.Method + " " + path})
}

// pageCatalog serves the catalog forward-only: ids above pageId, pageSize of them, with a
// Link to the next page.
func (f *fake) pageCatalog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if r.Header.Get(cw.PaginationTypeHeader) != cw.PaginationForwardOnly {
		writeJSON(w, 400, cw.ErrorResponse{Code: cw.ErrorCodeInvalidObject, Message: "want forward-only paging"})
		return
	}
	size, _ := strconv.Atoi(q.Get(cw.QueryPageSize))
	if size < 1 || size > cw.MaxPageSize {
		writeJSON(w, 400, cw.ErrorResponse{Code: cw.ErrorCodeInvalidObject, Message: "pageSize object is invalid",
			Errors: []cw.ValidationError{{Code: cw.ErrorCodeOutOfRange, Message: "The field pageSize must be between 1 and 1000.", Resource: "pageSize", Field: "pageSize"}}})
		return
	}
	after, _ := strconv.Atoi(q.Get(cw.QueryPageID))
	page := []cw.CatalogItem{}
	more := false
	for _, it := range f.catalog {
		if it.ID <= after {
			continue
		}
		if len(page) == size {
			more = true
			break
		}
		page = append(page, it)
	}
	if len(page) > 0 && (more || f.alwaysLink) {
		next := *r.URL
		nq := url.Values{cw.QueryPageSize: {q.Get(cw.QueryPageSize)}, cw.QueryPageID: {strconv.Itoa(page[len(page)-1].ID)}}
		next.RawQuery = nq.Encode() // the conditions are left out on purpose: the client keeps its own
		w.Header().Set("Link", fmt.Sprintf(`<http://%s%s>; rel="next"`, r.Host, next.RequestURI()))
	}
	writeJSON(w, 200, page)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fake) seen() []*http.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*http.Request(nil), f.requests...)
}

func (f *fake) body(i int) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.bodies[i]
}

// client is a client of f with recorded, instant sleeps.
func (f *fake) client(t *testing.T, mod ...func(*Config)) (*Client, *psahttptest.Clock) {
	t.Helper()
	clock := psahttptest.NewClock()
	cfg := Config{Site: f.URL, CompanyID: testCompany, PublicKey: testPublicKey, PrivateKey: testPrivateKey, ClientID: testClientID,
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

func catalogOf(n int) []cw.CatalogItem {
	out := make([]cw.CatalogItem, n)
	for i := range out {
		out[i] = cw.CatalogItem{ID: 10 + 3*i, Identifier: fmt.Sprintf("ITEM-%04d", i), Description: "item"}
	}
	return out
}
