package psahttp

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"
)

// TestThrottledRequestsWaitRetryAfter: a 429 is repeated after its Retry-After, whatever
// the method (a 429 was not processed), and the answer after it is returned.
func TestThrottledRequestsWaitRetryAfter(t *testing.T) {
	t.Parallel()
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, status(429, "Retry-After", "7"), status(429, "Retry-After", "3"), status(200))
			c, s := testClient(t, Config{})
			req := get(t, srv, "/x")
			if method == http.MethodPost {
				req = post(t, srv, "/x")
			}
			resp, err := c.Do(context.Background(), req)
			if err != nil || resp.Status != 200 {
				t.Fatalf("Do = %v, %v", resp, err)
			}
			if got, want := s.all(), []time.Duration{7 * time.Second, 3 * time.Second}; !slices.Equal(got, want) {
				t.Errorf("waits %v, want the Retry-After of each answer %v", got, want)
			}
			if srv.count() != 3 {
				t.Errorf("%d requests, want 3", srv.count())
			}
		})
	}
}

// TestRetryAfterAsDate: Retry-After may be an HTTP date.
func TestRetryAfterAsDate(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	h := http.Header{"Retry-After": {now.Add(90 * time.Second).Format(http.TimeFormat)}}
	if got := retryAfter(h, now); got != 90*time.Second {
		t.Errorf("retryAfter = %s, want 90s", got)
	}
	for _, v := range []string{"", "-3", "soon", now.Add(-time.Minute).Format(http.TimeFormat)} {
		if got := retryAfter(http.Header{"Retry-After": {v}}, now); got != 0 {
			t.Errorf("retryAfter(%q) = %s, want 0", v, got)
		}
	}
}

// TestUnavailableRetriesOnlyReads: 502/503/504 are retried with exponential backoff for an
// idempotent request; a write gets the answer at once (it may have been applied).
func TestUnavailableRetriesOnlyReads(t *testing.T) {
	t.Parallel()
	srv := newServer(t, status(503), status(502), status(504), status(200))
	c, s := testClient(t, Config{Options: Options{MinBackoff: time.Second, MaxBackoff: time.Minute}})
	resp, err := c.Do(context.Background(), get(t, srv, "/x"))
	if err != nil || resp.Status != 200 {
		t.Fatalf("Do = %v, %v", resp, err)
	}
	// No jitter: each wait is half its base, which doubles from MinBackoff.
	if got, want := s.all(), []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second}; !slices.Equal(got, want) {
		t.Errorf("backoff %v, want %v", got, want)
	}

	srv = newServer(t, status(503), status(200))
	c, s = testClient(t, Config{})
	resp, err = c.Do(context.Background(), post(t, srv, "/x"))
	if err != nil || resp.Status != 503 {
		t.Fatalf("POST after 503: Do = %v, %v; want the 503 answer", resp, err)
	}
	if srv.count() != 1 || len(s.all()) != 0 {
		t.Errorf("a write was repeated after 503: %d requests, waits %v", srv.count(), s.all())
	}
}

// TestDroppedConnections: a connection dropped without an answer is retried for a read,
// never for a write.
func TestDroppedConnections(t *testing.T) {
	t.Parallel()
	drop := func(w http.ResponseWriter, _ *http.Request) {
		hj, ok := w.(http.Hijacker)
		if !ok {
			panic("the test server cannot drop a connection")
		}
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
		}
	}
	srv := newServer(t, drop, status(200))
	c, _ := testClient(t, Config{})
	if resp, err := c.Do(context.Background(), get(t, srv, "/x")); err != nil || resp.Status != 200 {
		t.Fatalf("GET after a dropped connection: %v, %v", resp, err)
	}
	srv = newServer(t, drop, status(200))
	c, _ = testClient(t, Config{})
	if _, err := c.Do(context.Background(), post(t, srv, "/x")); err == nil {
		t.Fatal("POST after a dropped connection: want the failure, not a second POST")
	}
	if srv.count() != 1 {
		t.Errorf("POST sent %d times", srv.count())
	}
}

// TestRetriesRunOut: after MaxRetries the last answer is returned for the caller to decode.
func TestRetriesRunOut(t *testing.T) {
	t.Parallel()
	srv := newServer(t, status(429, "Retry-After", "1"))
	c, _ := testClient(t, Config{Options: Options{MaxRetries: 2}})
	resp, err := c.Do(context.Background(), get(t, srv, "/x"))
	if err != nil || resp.Status != 429 {
		t.Fatalf("Do = %v, %v; want the last 429", resp, err)
	}
	if srv.count() != 3 {
		t.Errorf("%d requests, want 1 + 2 retries", srv.count())
	}
}

// TestWaitBeyondBudget: a Retry-After longer than the budget fails at once, naming the wait
// and carrying the PSA's error of the answer; nothing is waited for.
func TestWaitBeyondBudget(t *testing.T) {
	t.Parallel()
	srv := newServer(t, status(429, "Retry-After", "600"), status(200))
	psaErr := errors.New("the PSA's own words")
	c, s := testClient(t, Config{Options: Options{RequestBudget: time.Minute}, Describe: func(*Request, *Response) error { return psaErr }})
	_, err := c.Do(context.Background(), get(t, srv, "/x"))
	var be *BudgetError
	if !errors.As(err, &be) || be.Wait != 10*time.Minute || be.Reason != "Retry-After" {
		t.Fatalf("err = %v, want a BudgetError for the 10m Retry-After", err)
	}
	if !errors.Is(err, psaErr) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("the BudgetError does not carry the last answer's error and DeadlineExceeded: %v", err)
	}
	if len(s.all()) != 0 || srv.count() != 1 {
		t.Errorf("waited %v and sent %d requests; want no wait and one request", s.all(), srv.count())
	}
}

// TestThrottlingPausesTheWholeClient: after a 429, the client's next request waits out the
// rest of the Retry-After before it is sent (the clock does not move in this test, so all
// of it is left).
func TestThrottlingPausesTheWholeClient(t *testing.T) {
	t.Parallel()
	srv := newServer(t, status(429, "Retry-After", "30"), status(200))
	c, s := testClientClock(t, Config{}, true)
	if _, err := c.Do(context.Background(), get(t, srv, "/a")); err != nil {
		t.Fatal(err)
	}
	other := get(t, srv, "/b")
	other.Endpoint = "other"
	if _, err := c.Do(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	if got, want := s.all(), []time.Duration{30 * time.Second, 30 * time.Second}; !slices.Equal(got, want) {
		t.Errorf("waits %v, want the throttled request's and the next request's %v", got, want)
	}
}

// TestRequestCap: the client sends no more than MaxRequests over its life.
func TestRequestCap(t *testing.T) {
	t.Parallel()
	srv := newServer(t, status(200))
	c, _ := testClient(t, Config{Options: Options{MaxRequests: 2}})
	for range 2 {
		if _, err := c.Do(context.Background(), get(t, srv, "/x")); err != nil {
			t.Fatal(err)
		}
	}
	_, err := c.Do(context.Background(), get(t, srv, "/x"))
	var capErr *RequestCapError
	if !errors.As(err, &capErr) {
		t.Fatalf("third request: %v, want a RequestCapError", err)
	}
	if srv.count() != 2 || c.Sent() != 2 {
		t.Errorf("server saw %d, client counted %d; want 2", srv.count(), c.Sent())
	}
}

// TestAnswerSizeLimit: an answer over MaxAnswerBytes is an error, never a truncated body.
func TestAnswerSizeLimit(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write(make([]byte, 2048))
	})
	c, _ := testClient(t, Config{MaxAnswerBytes: 1024})
	_, err := c.Do(context.Background(), get(t, srv, "/x"))
	var big *AnswerTooLargeError
	if !errors.As(err, &big) {
		t.Fatalf("err = %v, want AnswerTooLargeError", err)
	}
	if srv.count() != 1 {
		t.Errorf("%d requests: a too-large answer is not retried", srv.count())
	}
}
