package emulator

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// stalledBody is a request body that hands out head, then blocks until release is closed
// before handing out tail. waiting is closed when the reader first asks for more than head:
// the server is then stalled on the body.
type stalledBody struct {
	head, tail []byte
	waiting    chan struct{}
	release    chan struct{}
	once       sync.Once
}

func newStalledBody(body string, cut int) *stalledBody {
	return &stalledBody{head: []byte(body[:cut]), tail: []byte(body[cut:]), waiting: make(chan struct{}), release: make(chan struct{})}
}

func (b *stalledBody) Read(p []byte) (int, error) {
	if len(b.head) > 0 {
		n := copy(p, b.head)
		b.head = b.head[n:]
		return n, nil
	}
	b.once.Do(func() { close(b.waiting) })
	<-b.release
	if len(b.tail) > 0 {
		n := copy(p, b.tail)
		b.tail = b.tail[n:]
		return n, nil
	}
	return 0, io.EOF
}

// A client whose PUT body trickles in (no Idempotency-Key) must not hold up anyone else:
// while the emulator waits for the rest of its body, token, tenant, read and write requests
// of other clients complete. The order is what is checked, not durations: every other
// request returns while the slow body is still held back.
func TestSlowBodyDoesNotBlockOtherRequests(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.http = &http.Client{Timeout: 20 * time.Second}

	const body = `{"companyId": 251, "contractId": 501, "usageSyncEnabled": true, "ticketSyncEnabled": true}`
	slow := newStalledBody(body, 20)
	put := httptest.NewRequestWithContext(t.Context(), http.MethodPut, cmPath+alpineDental, slow)
	put.Header.Set("Authorization", "Bearer "+en.token)
	put.Header.Set("X-Partner-ID", en.partner)
	put.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	putDone := make(chan struct{})
	go func() {
		defer close(putDone)
		en.e.Handler().ServeHTTP(rec, put)
	}()
	released := false
	release := func() {
		if !released {
			released = true
			close(slow.release)
		}
	}
	t.Cleanup(func() { release(); <-putDone })

	select {
	case <-slow.waiting:
	case <-putDone:
		t.Fatalf("the PUT finished without reading its whole body: %d %s", rec.Code, rec.Body)
	case <-time.After(20 * time.Second):
		t.Fatal("the emulator never read the PUT body")
	}

	// Other clients, while the PUT is stalled on its body.
	others := []struct {
		name string
		do   func() (int, []byte, error)
	}{
		{"token", func() (int, []byte, error) {
			form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"emulator-client"}, "client_secret": {"emulator-secret"}, "scope": {"token"}}
			r, err := en.http.Post(en.e.URL()+tokenPath, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
			if err != nil {
				return 0, nil, err
			}
			defer func() { _ = r.Body.Close() }()
			b, err := io.ReadAll(r.Body)
			return r.StatusCode, b, err
		}},
		{"tenant list", en.doer(req{path: "/partner/v1/tenants"})},
		{"GET of the mapping", en.doer(req{path: cmPath + alpineDental})},
		{"another write", en.doer(req{method: http.MethodPut, path: "/partner/v1/psa/connectwise/product-mappings/Sophos_ZTNA", body: `{"psaProductId": 102}`})},
		{"health", en.doer(req{path: "/_emulator/healthz"})},
	}
	for _, o := range others {
		status, b, err := o.do()
		if err != nil {
			t.Errorf("%s while a PUT body is stalled: %v", o.name, err)
			continue
		}
		if status != http.StatusOK {
			t.Errorf("%s while a PUT body is stalled: %d %s", o.name, status, b)
		}
	}
	select {
	case <-putDone:
		t.Fatalf("the PUT finished before its body was released: %d %s", rec.Code, rec.Body)
	default:
	}

	release()
	select {
	case <-putDone:
	case <-time.After(20 * time.Second):
		t.Fatal("the PUT did not finish after its body arrived")
	}
	if rec.Code != http.StatusOK {
		t.Fatalf("PUT after the body arrived: %d %s", rec.Code, rec.Body)
	}
	var m api.CustomerMapping
	en.get(cmPath+alpineDental, &m)
	if m.CompanyId == nil || *m.CompanyId != 251 || m.ContractId == nil || *m.ContractId != 501 || !m.UsageSyncEnabled || !m.TicketSyncEnabled {
		t.Fatalf("mapping after the slow PUT: %+v", m)
	}
}

// doer makes a request function for TestSlowBodyDoesNotBlockOtherRequests.
func (en *env) doer(rq req) func() (int, []byte, error) {
	return func() (int, []byte, error) {
		r, err := en.try(en.http, rq)
		return r.status, r.body, err
	}
}

func TestBodyOverTheLimitIs413(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	before := en.get(cmPath+alpineDental, nil).header.Get("ETag")
	huge := `{"companyId": 251, "padding": "` + strings.Repeat("x", 1<<20) + `"}`
	for _, rq := range []req{
		{method: http.MethodPut, path: cmPath + alpineDental, body: huge},
		{method: http.MethodPut, path: cmPath + alpineDental, body: huge, headers: map[string]string{"Idempotency-Key": "huge-1"}},
		{method: http.MethodPost, path: "/partner/v1/psa/connectwise/products", body: huge},
	} {
		e := en.expectError(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", rq, "1 MiB", "1048576 bytes")
		if e.Details != nil {
			t.Errorf("413 with details: %+v", *e.Details)
		}
	}
	// Chunked: no Content-Length to refuse up front, the limit is found while reading.
	pr, pw := io.Pipe()
	go func() {
		_, _ = io.WriteString(pw, huge)
		_ = pw.Close()
	}()
	hr, err := http.NewRequestWithContext(t.Context(), http.MethodPut, en.e.URL()+cmPath+alpineDental, pr)
	if err != nil {
		t.Fatal(err)
	}
	hr.Header.Set("Authorization", "Bearer "+en.token)
	hr.Header.Set("X-Partner-ID", en.partner)
	hr.Header.Set("Content-Type", "application/json")
	hresp, err := en.http.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(hresp.Body)
	_ = hresp.Body.Close()
	apiError(t, resp{status: hresp.StatusCode, header: hresp.Header, body: b})
	if hresp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("chunked body over the limit: %d %s", hresp.StatusCode, b)
	}
	// Exactly at the limit is read (and then judged on its content).
	atLimit := `{"companyId": 251, "padding": "` + strings.Repeat("x", 1<<20-len(`{"companyId": 251, "padding": ""}`)) + `"}`
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPut, path: cmPath + alpineDental, body: atLimit}, `unknown field "padding"`)
	// The admin API has the same limit.
	en.expectError(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", req{method: http.MethodPost, path: "/_emulator/tenants", body: huge}, "1 MiB")
	if after := en.get(cmPath+alpineDental, nil).header.Get("ETag"); after != before {
		t.Fatalf("a refused body changed the mapping: ETag %s, then %s", before, after)
	}
}

func TestInvalidUTF8IsRefusedNamingTheField(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	const products = "/partner/v1/psa/connectwise/products"
	tests := []struct {
		name, path, body, field string
	}{
		{"raw bytes in a value", products, "{\"identifier\": \"BAD-\xff\xfe\", \"description\": \"x\", \"subcategory\": {\"name\": \"Endpoint Security\"}, \"type\": {\"name\": \"Service\"}}", "identifier"},
		{"raw bytes in a nested value", products, "{\"identifier\": \"BAD-NESTED\", \"description\": \"x\", \"subcategory\": {\"name\": \"Endpoint \xc3\x28\"}, \"type\": {\"name\": \"Service\"}}", "subcategory.name"},
		{"lone surrogate escape", products, `{"identifier": "BAD-\ud800", "description": "x", "subcategory": {"name": "Endpoint Security"}, "type": {"name": "Service"}}`, "identifier"},
		{"raw bytes in a field name", cmPath + alpineDental, "{\"companyId\": 251, \"ticket\xffSync\": true}", "ticket\uFFFDSync"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			en := en.with(t)
			method := http.MethodPost
			if strings.HasPrefix(tc.path, cmPath) {
				method = http.MethodPut
			}
			e := en.expectError(http.StatusBadRequest, "BadRequest", req{method: method, path: tc.path, body: tc.body}, "not valid UTF-8")
			if e.Details == nil || len(*e.Details) != 1 || (*e.Details)[0].Field != tc.field {
				t.Fatalf("details = %+v, want field %q", e.Details, tc.field)
			}
		})
	}
	// Valid non-ASCII text, a real U+FFFD and escaped surrogate pairs are fine.
	var p api.PsaProduct
	r := en.expect(http.StatusCreated, req{method: http.MethodPost, path: products,
		body: `{"identifier": "GÜT-\ud83d\ude00-` + "\uFFFD" + `", "description": "Café \ufffd", "subcategory": {"name": "Endpoint Security"}, "type": {"name": "Service"}}`})
	mustUnmarshal(t, r.body, &p)
	if p.Identifier != "GÜT-😀-\uFFFD" || p.Description != "Café \uFFFD" {
		t.Fatalf("stored %q / %q", p.Identifier, p.Description)
	}
	// Nothing with broken text was stored.
	var list api.PsaProductList
	en.get(products+"?search=BAD-&includeInactive=true", &list)
	if len(list.Items) != 0 {
		t.Fatalf("products with broken text were stored: %+v", list.Items)
	}
}

func TestPageParametersOutOfRangeAre400(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	for _, tc := range []struct {
		query, field string
		fragments    []string
	}{
		{"page=0", "page", []string{"1 or more"}},
		{"page=-1", "page", []string{"1 or more"}},
		{"page=-99999999999999999999", "page", []string{"from 1 to"}},
		{"page=99999999999999999999", "page", []string{"from 1 to " + strconv.Itoa(math.MaxInt), "past the end"}},
		{"page=abc", "page", []string{"must be an integer"}},
		{"pageSize=0", "pageSize", []string{"between 1 and 100"}},
		{"pageSize=-5", "pageSize", []string{"between 1 and 100"}},
		{"pageSize=101", "pageSize", []string{"between 1 and 100"}},
		{"pageSize=99999999999999999999", "pageSize", []string{"between 1 and 100"}},
	} {
		for _, list := range []string{"/partner/v1/tenants", cmPath[:len(cmPath)-1], "/partner/v1/psa/connectwise/products"} {
			e := en.expectError(http.StatusBadRequest, "BadRequest", req{path: list + "?" + tc.query}, tc.fragments...)
			if e.Details == nil || (*e.Details)[0].Field != tc.field {
				t.Fatalf("%s?%s: details %+v, want field %s", list, tc.query, e.Details, tc.field)
			}
		}
	}
}

// Pages past the end are empty, however far: the offset must not overflow back to page 1.
func TestPagesFarPastTheEndAreEmpty(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	for _, page := range []string{"3", "4611686018427387904", "9223372036854775807", strconv.Itoa(math.MaxInt / 50)} {
		for _, list := range []string{"/partner/v1/tenants", cmPath[:len(cmPath)-1], "/partner/v1/psa/connectwise/products", "/partner/v1/psa/connectwise/companies"} {
			var out struct {
				Items []json.RawMessage `json:"items"`
				Pages api.Pages         `json:"pages"`
			}
			en.get(list+"?pageSize=50&page="+page, &out)
			if len(out.Items) != 0 || strconv.Itoa(out.Pages.Current) != page {
				t.Fatalf("%s page %s: %d items, pages %+v; want an empty page", list, page, len(out.Items), out.Pages)
			}
		}
	}
}

// The health check means "can serve": while the database's only connection is held, it
// answers 503; once it is free again, 200.
func TestHealthIs503WhenTheStoreCannotServe(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.http = &http.Client{Timeout: 20 * time.Second}
	en.expect(http.StatusOK, req{path: "/_emulator/healthz"})

	release, err := en.e.store.Hold(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r := en.call(req{path: "/_emulator/healthz"})
	if err := release(); err != nil {
		t.Fatal(err)
	}
	if r.status != http.StatusServiceUnavailable {
		t.Fatalf("healthz while the store is busy: %d %s", r.status, r.body)
	}
	e := apiError(t, r)
	if e.Error != "ServiceUnavailable" || !strings.Contains(e.Message, "cannot serve") || r.header.Get("Retry-After") == "" {
		t.Fatalf("healthz while the store is busy: %s (Retry-After %q)", r.body, r.header.Get("Retry-After"))
	}
	en.expect(http.StatusOK, req{path: "/_emulator/healthz"})
}

// Repeated token failures of one client id are throttled (429, Retry-After, id.sophos.com
// error body), also for the right secret, until the window passes; success resets.
func TestTokenFailuresAreThrottled(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	en := newEnv(t, func(o *Options) { o.Now = clock.Now })
	form := func(id, secret string) url.Values {
		return url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}, "scope": {"token"}}
	}
	tokenResp := func(f url.Values) (int, http.Header, api.AuthError) {
		t.Helper()
		r, err := en.http.Post(en.e.URL()+tokenPath, "application/x-www-form-urlencoded", strings.NewReader(f.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = r.Body.Close() }()
		b, _ := io.ReadAll(r.Body)
		var ae api.AuthError
		mustUnmarshal(t, b, &ae)
		return r.StatusCode, r.Header, ae
	}
	const limit = 10
	// A success in between resets the count.
	for range limit - 1 {
		if s, _, ae := tokenResp(form("emulator-client", "guess")); s != http.StatusUnauthorized {
			t.Fatalf("wrong secret: %d %+v", s, ae)
		}
	}
	en.getToken("emulator-client", "emulator-secret")
	for i := range limit {
		if s, _, ae := tokenResp(form("emulator-client", "guess")); s != http.StatusUnauthorized {
			t.Fatalf("wrong secret %d after a success: %d %+v", i+1, s, ae)
		}
		clock.Advance(time.Second)
	}
	// Now throttled, even with the right secret.
	for _, secret := range []string{"guess", "emulator-secret"} {
		s, h, ae := tokenResp(form("emulator-client", secret))
		if s != http.StatusTooManyRequests || ae.ErrorCode == "" || ae.Message == "" || ae.TrackingId == nil {
			t.Fatalf("attempt past the limit: %d %+v", s, ae)
		}
		// The oldest failure leaves the window 60s after it, 10s have passed since.
		if h.Get("Retry-After") != "50" {
			t.Fatalf("Retry-After %q, want 50", h.Get("Retry-After"))
		}
	}
	// Other client ids are not affected.
	en.getToken("foreign-client", "foreign-secret")
	// Unknown client ids count too.
	for range limit {
		tokenResp(form("nobody", "x"))
	}
	if s, _, _ := tokenResp(form("nobody", "x")); s != http.StatusTooManyRequests {
		t.Fatalf("unknown client id past the limit: %d", s)
	}
	// Once the oldest failure is a minute old, one attempt is allowed again.
	clock.Advance(50 * time.Second)
	en.getToken("emulator-client", "emulator-secret")
	if s, _, ae := tokenResp(form("emulator-client", "guess")); s != http.StatusUnauthorized {
		t.Fatalf("wrong secret after a success: %d %+v", s, ae)
	}
}
