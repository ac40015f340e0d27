package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// cancelOnAnswer is a ResponseWriter whose client goes away (its request context is
// cancelled) as soon as the answer starts, i.e. right after the write committed.
type cancelOnAnswer struct {
	*httptest.ResponseRecorder
	cancel context.CancelFunc
}

func (c *cancelOnAnswer) WriteHeader(status int) {
	c.cancel()
	c.ResponseRecorder.WriteHeader(status)
}

func (c *cancelOnAnswer) Write(p []byte) (int, error) {
	c.cancel()
	return c.ResponseRecorder.Write(p)
}

// TestIdempotencyRecordSurvivesCancelledClient sends a keyed write whose client context is
// cancelled right after the write committed: the retry with the same key must still be a
// replay, not a second application (which would be a 409 here: the identifier is taken).
func TestIdempotencyRecordSurvivesCancelledClient(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	body, err := json.Marshal(withField(validProduct(), "identifier", "CANCELLED-CLIENT"))
	if err != nil {
		t.Fatal(err)
	}
	const key = "create-cancelled-client"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := httptest.NewRequestWithContext(ctx, http.MethodPost, cwProducts, bytes.NewReader(body))
	r.Header.Set("Authorization", "Bearer "+en.token)
	r.Header.Set("X-Partner-ID", en.partner)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Idempotency-Key", key)
	w := &cancelOnAnswer{ResponseRecorder: httptest.NewRecorder(), cancel: cancel}
	en.e.Handler().ServeHTTP(w, r)
	if w.Code != http.StatusCreated || ctx.Err() == nil {
		t.Fatalf("first request: %d %s (context error %v)", w.Code, w.Body, ctx.Err())
	}

	retry := en.expect(http.StatusCreated, req{method: http.MethodPost, path: cwProducts, body: string(body), headers: map[string]string{"Idempotency-Key": key}})
	if retry.header.Get("Idempotent-Replayed") != "true" || retry.header.Get("ETag") != w.Header().Get("ETag") || string(retry.body) != w.Body.String() {
		t.Fatalf("retry was not a replay: %v %s", retry.header, retry.body)
	}
	if n := productCount(t, en, "CANCELLED-CLIENT"); n != 1 {
		t.Fatalf("%d products, want 1", n)
	}
}

// TestIdempotencyRecordsNoContent replays a 204 (a DELETE) like any other answer.
func TestIdempotencyRecordsNoContent(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	headers := map[string]string{"Idempotency-Key": "unmap-alpine"}
	en.expect(http.StatusOK, req{method: http.MethodPut, path: cmPath + alpineDental, body: `{"companyId": 251}`})
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: cmPath + alpineDental, headers: headers})
	r := en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: cmPath + alpineDental, headers: headers})
	if r.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("the repeated DELETE was not replayed: %v", r.header)
	}
}

// TestIdempotencyRecordsFinalAnswersOnly: a 4xx is recorded and replayed; after a 5xx the
// retry with the same key is applied.
func TestIdempotencyRecordsFinalAnswersOnly(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	headers := map[string]string{"Idempotency-Key": "bad-then-good"}
	// A 4xx is a final answer: recorded and replayed.
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPut, path: cmPath + alpineDental, body: `{"companyId": 4242}`, headers: headers}, "4242")
	r := en.expect(http.StatusBadRequest, req{method: http.MethodPut, path: cmPath + alpineDental, body: `{"companyId": 4242}`, headers: headers})
	if r.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("the 400 was not replayed: %v", r.header)
	}
	// A 5xx is not: the retry is applied.
	en.e.InjectNext(InjectedFault{Kind: Fault503, Method: http.MethodPut, PathPrefix: cmPath})
	other := map[string]string{"Idempotency-Key": "after-503"}
	en.expect(http.StatusServiceUnavailable, req{method: http.MethodPut, path: cmPath + alpineDental, body: `{"companyId": 251}`, headers: other})
	r = en.expect(http.StatusOK, req{method: http.MethodPut, path: cmPath + alpineDental, body: `{"companyId": 251}`, headers: other})
	if r.header.Get("Idempotent-Replayed") != "" || r.header.Get("ETag") != `"1"` {
		t.Fatalf("retry after a 503: %v", r.header)
	}
}

func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	en := newEnv(t, func(o *Options) { o.Now = clock.Now; o.Faults.TokenLifetime = 72 * time.Hour })
	key := map[string]string{"Idempotency-Key": "map-alpine-1"}
	body := `{"companyId": 251, "contractId": 501, "usageSyncEnabled": true}`
	first := en.expect(http.StatusOK, req{method: http.MethodPut, path: cmPath + alpineDental, body: body, headers: key})
	again := en.expect(http.StatusOK, req{method: http.MethodPut, path: cmPath + alpineDental, body: body, headers: key})
	if again.header.Get("Idempotent-Replayed") != "true" || string(again.body) != string(first.body) || again.header.Get("ETag") != first.header.Get("ETag") {
		t.Fatalf("not replayed: %v %s", again.header, again.body)
	}
	if r := en.get(cmPath+alpineDental, nil); r.header.Get("ETag") != `"1"` {
		t.Fatalf("the replay was applied again: ETag %s", r.header.Get("ETag"))
	}
	// The same key for a different request is refused.
	en.expectError(http.StatusUnprocessableEntity, "UnprocessableEntity",
		req{method: http.MethodPut, path: cmPath + alpineDental, body: `{"companyId": 251}`, headers: key}, "map-alpine-1", "new key")
	// Errors are replayed too (a retried conflicting write gets the same answer).
	conflictKey := map[string]string{"Idempotency-Key": "dup"}
	en.expect(http.StatusConflict, req{method: http.MethodPut, path: cmPath + bayside, body: `{"companyId": 251, "contractId": 501}`, headers: conflictKey})
	r := en.expect(http.StatusConflict, req{method: http.MethodPut, path: cmPath + bayside, body: `{"companyId": 251, "contractId": 501}`, headers: conflictKey})
	if r.header.Get("Idempotent-Replayed") != "true" {
		t.Fatal("error not replayed")
	}
	// Keys are per partner.
	tok := en.getToken("foreign-client", "foreign-secret")
	foreign := foreignPartner
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: "/partner/v1/psa/connectwise/customer-mappings/" + fabrikam, token: &tok, partner: &foreign, headers: key})
	// Records expire after 24 hours.
	clock.Advance(25 * time.Hour)
	r = en.expect(http.StatusOK, req{method: http.MethodPut, path: cmPath + alpineDental, body: body, headers: key})
	if r.header.Get("Idempotent-Replayed") != "" || r.header.Get("ETag") != `"2"` {
		t.Fatalf("expired key replayed: %v", r.header)
	}
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodDelete, path: cmPath + alpineDental, headers: map[string]string{"Idempotency-Key": strings.Repeat("k", 201)}}, "Idempotency-Key")
}
