package web

import (
	"bytes"
	"context"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Faults are the emulator's standing fault settings. The zero value means no faults, with
// one-hour tokens.
type Faults struct {
	// Latency is added to every API request.
	Latency time.Duration
	// Rate429 is the probability (0..1) of answering 429 with Retry-After.
	Rate429 float64
	// RetryAfter is the Retry-After of throttled answers in seconds (default 1).
	RetryAfter int
	// Rate5xx is the probability (0..1) of answering 503.
	Rate5xx float64
	// RateReset is the probability (0..1) that a write is committed and the connection is
	// then dropped without a response.
	RateReset float64
	// TokenLifetime is the lifetime of new access tokens (default 3600s).
	TokenLifetime time.Duration
	// RateLimit is the allowed requests per second per partner (a token bucket holding twice
	// the rate, rounded down, at least 1; see ratelimit.go); 0 means unlimited. Excess
	// requests get 429 with Retry-After.
	RateLimit float64
}

// Default fault settings.
const (
	DefaultTokenLifetime = time.Hour
	defaultRetryAfter    = 1
)

// WithDefaults is f with the defaults filled in and every value in its range.
func (f Faults) WithDefaults() Faults {
	if f.RetryAfter <= 0 {
		f.RetryAfter = defaultRetryAfter
	}
	if f.TokenLifetime <= 0 {
		f.TokenLifetime = DefaultTokenLifetime
	}
	f.Rate429 = clamp01(f.Rate429)
	f.Rate5xx = clamp01(f.Rate5xx)
	f.RateReset = clamp01(f.RateReset)
	f.Latency = max(f.Latency, 0)
	f.RateLimit = max(f.RateLimit, 0)
	return f
}

func clamp01(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return min(max(v, 0), 1)
}

// FaultKind is a deterministic fault to inject.
type FaultKind string

// Fault kinds.
const (
	Fault429 FaultKind = "429"
	Fault500 FaultKind = "500"
	Fault502 FaultKind = "502"
	Fault503 FaultKind = "503"
	Fault504 FaultKind = "504"
	// FaultReset drops the connection before the request is handled.
	FaultReset FaultKind = "reset"
	// FaultResetAfterCommit handles the request (committing any write), then drops the
	// connection without a response.
	FaultResetAfterCommit FaultKind = "reset-after-commit"
	// FaultStallAfterCommit handles the request (committing any write), then answers nothing
	// until the client gives up, and drops the connection: a client stopped while it waits
	// for the answer of a write that was made (terraform killed mid-apply).
	FaultStallAfterCommit FaultKind = "stall-after-commit"
)

// FaultKinds lists every fault kind.
func FaultKinds() []FaultKind {
	return []FaultKind{Fault429, Fault500, Fault502, Fault503, Fault504, FaultReset, FaultResetAfterCommit, FaultStallAfterCommit}
}

// Valid reports whether k is a fault kind.
func (k FaultKind) Valid() bool {
	for _, v := range FaultKinds() {
		if k == v {
			return true
		}
	}
	return false
}

// InjectedFault makes the next Count requests matching Method ("" = any) and PathPrefix
// ("" = any) fail with Kind.
type InjectedFault struct {
	Kind       FaultKind
	Method     string
	PathPrefix string
	// Count defaults to 1.
	Count int
	// RetryAfter is the Retry-After in seconds for 429 and 503 (default Faults.RetryAfter).
	RetryAfter int
}

// FaultControl holds the fault settings, the queued faults and the rate-limit buckets, and
// applies them to requests (its middleware: Latency, Inject and RateLimit, ratelimit.go).
type FaultControl struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) bool
	log   *slog.Logger

	mu       sync.Mutex
	faults   Faults
	injected []InjectedFault
	rng      *rand.Rand
	buckets  map[string]*partnerLimiter
	// bucketsSweptAt is when idle buckets were last dropped.
	bucketsSweptAt time.Time
}

// NewFaultControl starts with the faults initial, fault rates drawn from a source seeded
// with randSeed. sleep waits for the latency (false: the request's context ended first);
// nil means a timer.
func NewFaultControl(initial Faults, randSeed int64, now func() time.Time, sleep func(ctx context.Context, d time.Duration) bool, log *slog.Logger) *FaultControl {
	if sleep == nil {
		sleep = Sleep
	}
	return &FaultControl{
		now: now, sleep: sleep, log: log,
		faults:  initial.WithDefaults(),
		rng:     rand.New(rand.NewPCG(uint64(randSeed), 0x5eed)), //nolint:gosec // fault rates need repeatability, not secrecy
		buckets: map[string]*partnerLimiter{},
	}
}

// Set replaces the standing fault settings.
func (c *FaultControl) Set(f Faults) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f = f.WithDefaults()
	if f.RateLimit != c.faults.RateLimit {
		clear(c.buckets)
	}
	c.faults = f
}

// Get returns the standing fault settings.
func (c *FaultControl) Get() Faults {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.faults
}

// InjectNext queues a deterministic fault. Queued faults are matched in order.
func (c *FaultControl) InjectNext(f InjectedFault) {
	if f.Count <= 0 {
		f.Count = 1
	}
	f.Method = strings.ToUpper(f.Method)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.injected = append(c.injected, f)
}

// ClearInjected drops every queued fault.
func (c *FaultControl) ClearInjected() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.injected = nil
}

// Injected returns the queued faults with their remaining counts.
func (c *FaultControl) Injected() []InjectedFault {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]InjectedFault(nil), c.injected...)
}

// takeInjected pops one use of the first queued fault that matches r.
func (c *FaultControl) takeInjected(r *http.Request) (InjectedFault, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, f := range c.injected {
		if (f.Method == "" || f.Method == r.Method) && strings.HasPrefix(r.URL.Path, f.PathPrefix) {
			c.injected[i].Count--
			if c.injected[i].Count <= 0 {
				c.injected = append(c.injected[:i], c.injected[i+1:]...)
			}
			if f.RetryAfter <= 0 {
				f.RetryAfter = c.faults.RetryAfter
			}
			return f, true
		}
	}
	return InjectedFault{}, false
}

// drawFault picks a probabilistic fault for r, if any.
func (c *FaultControl) drawFault(r *http.Request) (InjectedFault, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f := c.faults
	if f.Rate429 > 0 && c.rng.Float64() < f.Rate429 {
		return InjectedFault{Kind: Fault429, RetryAfter: f.RetryAfter}, true
	}
	if f.Rate5xx > 0 && c.rng.Float64() < f.Rate5xx {
		return InjectedFault{Kind: Fault503, RetryAfter: f.RetryAfter}, true
	}
	if f.RateReset > 0 && IsWrite(r.Method) && c.rng.Float64() < f.RateReset {
		return InjectedFault{Kind: FaultResetAfterCommit}, true
	}
	return InjectedFault{}, false
}

// Latency delays every request by Faults.Latency; a request whose client gives up
// meanwhile is dropped.
func (c *FaultControl) Latency(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d := c.Get().Latency; d > 0 && !c.sleep(r.Context(), d) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Sleep waits for d; false when ctx ends first. The latency fault and the rooms' own
// latencies wait with it unless a test replaces it.
func Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// Inject applies queued faults, then the probabilistic ones unless random(r) is false,
// answering in a's error shape.
func (c *FaultControl) Inject(a *API, random func(r *http.Request) bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := c.takeInjected(r)
		if !ok && random(r) {
			f, ok = c.drawFault(r)
		}
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		c.log.InfoContext(r.Context(), "injecting fault", "kind", f.Kind, "method", r.Method, "path", r.URL.Path)
		switch f.Kind {
		case Fault429:
			a.WriteError(w, r, TooManyRequests(f.RetryAfter, "too many requests (fault injected by the emulator); retry after the Retry-After delay"))
		case Fault500, Fault502, Fault503, Fault504:
			a.WriteError(w, r, serverFault(f))
		case FaultReset:
			c.dropConnection(w, r)
		case FaultResetAfterCommit, FaultStallAfterCommit:
			buf := &bufferedResponse{header: http.Header{}}
			next.ServeHTTP(buf, r)
			if f.Kind == FaultStallAfterCommit {
				c.log.InfoContext(r.Context(), "request handled, answering nothing until the client gives up", "status", buf.status)
				<-r.Context().Done()
			}
			c.log.InfoContext(r.Context(), "request handled, dropping the connection", "status", buf.status)
			c.dropConnection(w, r)
		}
	})
}

func serverFault(f InjectedFault) *StatusError {
	se := &StatusError{Message: "the service failed (fault injected by the emulator); retry later"}
	switch f.Kind {
	case Fault502:
		se.Status, se.Code = http.StatusBadGateway, "BadGateway"
	case Fault503:
		se.Status, se.Code = http.StatusServiceUnavailable, "ServiceUnavailable"
		se.RetryAfter = f.RetryAfter
	case Fault504:
		se.Status, se.Code = http.StatusGatewayTimeout, "GatewayTimeout"
	default:
		se.Status, se.Code = http.StatusInternalServerError, "InternalServerError"
	}
	return se
}

// dropConnection closes the client connection without writing a response (with an RST where
// the platform allows).
func (c *FaultControl) dropConnection(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (HTTP/2 or an in-process handler): abort the response instead.
		c.log.WarnContext(r.Context(), "cannot hijack the connection; aborting the handler", "error", err)
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// bufferedResponse swallows a response, so the handler can finish (and commit) while the
// client gets nothing.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}
