package psahttp

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// sleeps records the waits a client asked for and moves its clock on by them, without
// waiting; frozen keeps the clock still.
type sleeps struct {
	mu     sync.Mutex
	d      []time.Duration
	now    time.Time
	frozen bool
}

func (s *sleeps) sleep(_ context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	if !s.frozen {
		s.now = s.now.Add(d)
	}
	return nil
}

func (s *sleeps) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// logs records what a client logs.
type logs struct {
	mu    sync.Mutex
	lines []string
}

func (l *logs) Debug(_ context.Context, msg string, f map[string]any) { l.add("DEBUG", msg, f) }
func (l *logs) Trace(_ context.Context, msg string, f map[string]any) { l.add("TRACE", msg, f) }
func (l *logs) add(level, msg string, f map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf("%s %s %v", level, msg, f))
}

func (l *logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// testClient is a client with recorded sleeps on a fake clock and no jitter.
func testClient(t *testing.T, cfg Config) (*Client, *sleeps) {
	t.Helper()
	return testClientClock(t, cfg, false)
}

// testClientClock is testClient, with a clock that sleeps do not move when frozen.
func testClientClock(t *testing.T, cfg Config, frozen bool) (*Client, *sleeps) {
	t.Helper()
	s := &sleeps{now: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC), frozen: frozen}
	cfg.Sleep, cfg.Now = s.sleep, s.clock
	cfg.Jitter = func() float64 { return 0 }
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = -1 // the default
	}
	if cfg.Logger == nil {
		cfg.Logger = &logs{}
	}
	cfg.Service = "Test"
	return New(cfg), s
}

// server is an httptest server whose handler answers with the next of answers (the last
// one repeats) and counts requests.
type server struct {
	*httptest.Server
	mu   sync.Mutex
	n    int
	reqs []*http.Request
}

func newServer(t *testing.T, answers ...func(http.ResponseWriter, *http.Request)) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		i := min(s.n, len(answers)-1)
		s.n++
		s.reqs = append(s.reqs, r)
		s.mu.Unlock()
		answers[i](w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func status(code int, header ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"status":%d}`, code)
	}
}

func get(t *testing.T, s *server, path string) *Request {
	t.Helper()
	u, err := url.Parse(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	return &Request{Method: http.MethodGet, URL: u, Endpoint: "things", Idempotent: true}
}

func post(t *testing.T, s *server, path string) *Request {
	t.Helper()
	r := get(t, s, path)
	r.Method, r.Idempotent, r.Body = http.MethodPost, false, []byte(`{}`)
	return r
}

// eventually waits for cond with a generous deadline for a loaded machine; it asserts no timing.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
