package client

import (
	"context"
	"sync"
)

// flight runs at most one fetch at a time. Callers arriving while a fetch is under way
// wait for its result or for their own context, whichever comes first, so no caller is
// stuck behind another caller's retries and backoff.
type flight[T any] struct {
	mu   sync.Mutex
	call *flightCall[T]
}

type flightCall[T any] struct {
	done chan struct{}
	val  T
	err  error
}

func (f *flight[T]) do(ctx context.Context, fetch func() (T, error)) (T, error) {
	f.mu.Lock()
	c := f.call
	leader := c == nil
	if leader {
		c = &flightCall[T]{done: make(chan struct{})}
		f.call = c
	}
	f.mu.Unlock()
	if leader {
		c.val, c.err = fetch()
		f.mu.Lock()
		f.call = nil
		f.mu.Unlock()
		close(c.done)
		return c.val, c.err
	}
	select {
	case <-c.done:
		return c.val, c.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
