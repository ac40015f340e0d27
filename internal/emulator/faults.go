package emulator

import (
	"bytes"
	"context"
	"math"
	"net"
	"net/http"
	"strings"
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

func (f Faults) withDefaults() Faults {
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
)

// FaultKinds lists every fault kind.
func FaultKinds() []FaultKind {
	return []FaultKind{Fault429, Fault500, Fault502, Fault503, Fault504, FaultReset, FaultResetAfterCommit}
}

func (k FaultKind) valid() bool {
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

// SetFaults replaces the standing fault settings.
func (e *Emulator) SetFaults(f Faults) {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	f = f.withDefaults()
	if f.RateLimit != e.faults.RateLimit {
		clear(e.buckets)
	}
	e.faults = f
}

// Faults returns the standing fault settings.
func (e *Emulator) Faults() Faults {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	return e.faults
}

// InjectNext queues a deterministic fault. Queued faults are matched in order.
func (e *Emulator) InjectNext(f InjectedFault) {
	if f.Count <= 0 {
		f.Count = 1
	}
	f.Method = strings.ToUpper(f.Method)
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	e.injected = append(e.injected, f)
}

// ClearInjected drops every queued fault.
func (e *Emulator) ClearInjected() {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	e.injected = nil
}

// Injected returns the queued faults with their remaining counts.
func (e *Emulator) Injected() []InjectedFault {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	return append([]InjectedFault(nil), e.injected...)
}

// takeInjected pops one use of the first queued fault that matches r.
func (e *Emulator) takeInjected(r *http.Request) (InjectedFault, bool) {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	for i, f := range e.injected {
		if (f.Method == "" || f.Method == r.Method) && strings.HasPrefix(r.URL.Path, f.PathPrefix) {
			e.injected[i].Count--
			if e.injected[i].Count <= 0 {
				e.injected = append(e.injected[:i], e.injected[i+1:]...)
			}
			if f.RetryAfter <= 0 {
				f.RetryAfter = e.faults.RetryAfter
			}
			return f, true
		}
	}
	return InjectedFault{}, false
}

// drawFault picks a probabilistic fault for r, if any.
func (e *Emulator) drawFault(r *http.Request) (InjectedFault, bool) {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	f := e.faults
	if f.Rate429 > 0 && e.rng.Float64() < f.Rate429 {
		return InjectedFault{Kind: Fault429, RetryAfter: f.RetryAfter}, true
	}
	if f.Rate5xx > 0 && e.rng.Float64() < f.Rate5xx {
		return InjectedFault{Kind: Fault503, RetryAfter: f.RetryAfter}, true
	}
	if f.RateReset > 0 && isWrite(r.Method) && e.rng.Float64() < f.RateReset {
		return InjectedFault{Kind: FaultResetAfterCommit}, true
	}
	return InjectedFault{}, false
}

func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	default:
		return false
	}
}

// addLatency delays every request by Faults.Latency; a request whose client gives up
// meanwhile is dropped.
func (e *Emulator) addLatency(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d := e.Faults().Latency; d > 0 && !e.sleep(r.Context(), d) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

// sleepContext waits for d; false when ctx ends first.
func sleepContext(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// injectFaults applies queued faults, then the probabilistic ones (never to the token
// endpoint, which lives on a separate host in Sophos Central).
func (e *Emulator) injectFaults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := e.takeInjected(r)
		if !ok && r.URL.Path != tokenPath {
			f, ok = e.drawFault(r)
		}
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		e.log.InfoContext(r.Context(), "injecting fault", "kind", f.Kind, "method", r.Method, "path", r.URL.Path)
		switch f.Kind {
		case Fault429:
			e.writeError(w, r, &StatusError{Status: http.StatusTooManyRequests, Code: "TooManyRequests",
				Message: "too many requests (fault injected by the emulator); retry after the Retry-After delay", RetryAfter: f.RetryAfter})
		case Fault500, Fault502, Fault503, Fault504:
			e.writeError(w, r, serverFault(f))
		case FaultReset:
			e.dropConnection(w, r)
		case FaultResetAfterCommit:
			buf := &bufferedResponse{header: http.Header{}}
			next.ServeHTTP(buf, r)
			e.log.InfoContext(r.Context(), "request handled, dropping the connection", "status", buf.status)
			e.dropConnection(w, r)
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
func (e *Emulator) dropConnection(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (HTTP/2 or an in-process handler): abort the response instead.
		e.log.WarnContext(r.Context(), "cannot hijack the connection; aborting the handler", "error", err)
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
