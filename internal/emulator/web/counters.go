package web

import (
	"maps"
	"net/http"
	"sync"
)

// Counters count API requests per route, keyed "METHOD /route/pattern".
type Counters struct {
	mu     sync.Mutex
	counts map[string]int
}

// NewCounters starts counting from zero.
func NewCounters() *Counters { return &Counters{counts: map[string]int{}} }

// Snapshot returns the counts.
func (c *Counters) Snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.counts)
}

// Reset sets every counter to zero.
func (c *Counters) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.counts)
}

// Count counts each request under the pattern of routes that matches it; requests that
// match no route count as "METHOD (unmatched)".
func (c *Counters) Count(routes *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Method + " (unmatched)"
		if _, pattern := routes.Handler(r); pattern != "" && pattern != "/" {
			key = pattern
		}
		c.mu.Lock()
		c.counts[key]++
		c.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}
