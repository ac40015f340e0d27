package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
)

// psaErrors is an error shape other than Sophos Central's, as a PSA room brings its own:
// ConnectWise answers {code, message, errors}.
func psaErrors(_ *http.Request, se *StatusError) Reply {
	return Reply{Status: se.Status, Body: map[string]any{"code": se.Code, "message": se.Message, "errors": []any{}}}
}

func testAPI(t *testing.T) *API {
	t.Helper()
	st, err := store.Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	now := func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }
	return &API{Store: st, Now: now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Errors: psaErrors}
}

// serve runs h through a.Serve for r and returns what was written.
func serve(a *API, r *http.Request, h Handler) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	a.Serve(w, r, h)
	return w
}

// TestServeWritesReplies: Serve writes a reply's status, JSON body, ETag and headers, and an
// error in the API's own shape with its Retry-After and headers; anything else is a 500 in
// that shape.
func TestServeWritesReplies(t *testing.T) {
	t.Parallel()
	a := testAPI(t)
	get := httptest.NewRequest(http.MethodGet, "/x", nil)
	for _, tc := range []struct {
		name    string
		h       Handler
		status  int
		body    string
		headers map[string]string
	}{
		{"reply", func(store.Q) (Reply, error) {
			return OK(map[string]int{"a": 1}).WithETag(7).With("Location", "/x/1"), nil
		},
			http.StatusOK, `{"a":1}` + "\n", map[string]string{"Content-Type": "application/json", "ETag": `"7"`, "Location": "/x/1"}},
		{"no content", func(store.Q) (Reply, error) { return NoContent(), nil },
			http.StatusNoContent, "", map[string]string{"Content-Type": "", "ETag": ""}},
		{"error in the API's shape", func(store.Q) (Reply, error) {
			return OK("ignored").WithETag(1), Unavailable(3, "down").WithHeader("WWW-Authenticate", "Bearer")
		}, http.StatusServiceUnavailable, `{"code":"ServiceUnavailable","errors":[],"message":"down"}` + "\n",
			map[string]string{"Retry-After": "3", "WWW-Authenticate": "Bearer", "ETag": ""}},
		{"internal error", func(store.Q) (Reply, error) { return Reply{}, errors.New("disk on fire") },
			http.StatusInternalServerError, `{"code":"InternalServerError","errors":[],"message":"the emulator failed to handle the request: disk on fire"}` + "\n", nil},
		{"unencodable body", func(store.Q) (Reply, error) { return OK(make(chan int)), nil },
			http.StatusInternalServerError, `{"error":"InternalServerError","message":"encoding the response failed"}` + "\n", map[string]string{"Content-Type": "text/plain; charset=utf-8"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := serve(a, get, tc.h)
			if w.Code != tc.status || w.Body.String() != tc.body {
				t.Fatalf("%d %q, want %d %q", w.Code, w.Body, tc.status, tc.body)
			}
			for k, v := range tc.headers {
				if got := w.Header().Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

// TestServeReplaysKeyedWrites: a partner's write with an Idempotency-Key runs once, and its
// repeat gets the first answer back.
func TestServeReplaysKeyedWrites(t *testing.T) {
	t.Parallel()
	a := testAPI(t)
	runs := 0
	h := Handler(func(store.Q) (Reply, error) {
		runs++
		return Created(map[string]int{"run": runs}).WithETag(int64(runs)), nil
	})
	put := func() *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPut, "/x", strings.NewReader(`{}`))
		r.Header.Set("Idempotency-Key", "k")
		return serve(a, WithPrincipal(r, Principal{PartnerID: "p"}), h)
	}
	first, again := put(), put()
	if runs != 1 || again.Code != http.StatusCreated || again.Body.String() != first.Body.String() ||
		again.Header().Get("ETag") != `"1"` || again.Header().Get("Idempotent-Replayed") != "true" {
		t.Fatalf("%d runs; repeat %d %q %v", runs, again.Code, again.Body, again.Header())
	}
}

// TestMiddlewareAnswersInTheAPIsShape: the shared middleware (here an injected fault)
// answers in the error shape of the API it stands in front of.
func TestMiddlewareAnswersInTheAPIsShape(t *testing.T) {
	t.Parallel()
	a := testAPI(t)
	faults := NewFaultControl(Faults{}, 1, a.Now, nil, a.Log)
	faults.InjectNext(InjectedFault{Kind: Fault503, RetryAfter: 2})
	next := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { t.Error("the faulted request reached the handler") })
	w := httptest.NewRecorder()
	faults.Inject(a, func(*http.Request) bool { return false }, next).ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/v4_6_release/apis/3.0/company/companies", nil))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") != "2" || !strings.Contains(w.Body.String(), `"code":"ServiceUnavailable"`) {
		t.Fatalf("%d %v %s", w.Code, w.Header(), w.Body)
	}
}
