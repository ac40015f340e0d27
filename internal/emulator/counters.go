package emulator

import (
	"net/http"
)

// Counters returns the number of API requests per route, keyed "METHOD /route/pattern", e.g.
// "GET /partner/v1/psa/{psa}/customer-mappings/{customerId}". Requests that match no route
// count as "METHOD (unmatched)". Admin requests are not counted.
func (e *Emulator) Counters() map[string]int {
	e.counterMu.Lock()
	defer e.counterMu.Unlock()
	out := make(map[string]int, len(e.counters))
	for k, v := range e.counters {
		out[k] = v
	}
	return out
}

// ResetCounters sets every counter to zero.
func (e *Emulator) ResetCounters() {
	e.counterMu.Lock()
	defer e.counterMu.Unlock()
	clear(e.counters)
}

// countRequests counts each API request under its route pattern.
func (e *Emulator) countRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Method + " (unmatched)"
		if _, pattern := e.apiMux.Handler(r); pattern != "" && pattern != "/" {
			key = pattern
		}
		e.counterMu.Lock()
		e.counters[key]++
		e.counterMu.Unlock()
		next.ServeHTTP(w, r)
	})
}
