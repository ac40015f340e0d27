// Package psahttptest has what the PSA clients' tests share: a log recorder and a fake
// clock whose sleeps return at once, so retries and pauses are asserted by their waits,
// never by wall-clock time.
package psahttptest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp"
)

// Log records the lines a client logs (already masked by psahttp).
type Log struct {
	mu    sync.Mutex
	lines []string
}

// Debug records a DEBUG line.
func (l *Log) Debug(_ context.Context, msg string, f map[string]any) { l.add("DEBUG", msg, f) }

// Trace records a TRACE line.
func (l *Log) Trace(_ context.Context, msg string, f map[string]any) { l.add("TRACE", msg, f) }

func (l *Log) add(level, msg string, f map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf("%s %s %v", level, msg, f))
}

// String is every line recorded.
func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// Clock is a fake clock that only its sleeps move on; they return at once.
type Clock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

// NewClock starts a clock at a fixed time.
func NewClock() *Clock { return &Clock{now: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)} }

// Sleep records d and moves the clock on by it.
func (c *Clock) Sleep(_ context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slept = append(c.slept, d)
	c.now = c.now.Add(d)
	return nil
}

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Slept lists the waits asked for, in order.
func (c *Clock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.slept...)
}

// Options are psahttp options on this clock: default retries, no jitter.
func (c *Clock) Options() psahttp.Options {
	return psahttp.Options{MaxRetries: -1, Jitter: func() float64 { return 0 }, Sleep: c.Sleep, Now: c.Now}
}
