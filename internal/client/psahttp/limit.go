package psahttp

import (
	"context"
	"sync"
)

// limiter bounds the requests running at once per endpoint.
type limiter struct {
	n       int
	mu      sync.Mutex
	slots   map[string]chan struct{}
	waiting map[string]int
}

func newLimiter(n int) *limiter {
	return &limiter{n: n, slots: map[string]chan struct{}{}, waiting: map[string]int{}}
}

// acquire takes a slot of endpoint, waiting for one while ctx lasts, and returns its release.
func (l *limiter) acquire(ctx context.Context, endpoint string) (func(), error) {
	if l.n <= 0 {
		return func() {}, nil
	}
	l.mu.Lock()
	ch, ok := l.slots[endpoint]
	if !ok {
		ch = make(chan struct{}, l.n)
		l.slots[endpoint] = ch
	}
	l.mu.Unlock()
	release := func() { <-ch }
	select {
	case ch <- struct{}{}:
		return release, nil
	default:
	}
	l.mu.Lock()
	l.waiting[endpoint]++
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.waiting[endpoint]--
		l.mu.Unlock()
	}()
	select {
	case ch <- struct{}{}:
		return release, nil
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}

func (l *limiter) queued(endpoint string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.waiting[endpoint]
}
