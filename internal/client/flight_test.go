package client

import (
	"context"
	"errors"
	"testing"
)

// TestFlightWaiterHonoursItsOwnContext: while one caller fetches (and may be retrying
// with backoff), another caller whose context ends gets its context's error instead of
// waiting for the fetch.
func TestFlightWaiterHonoursItsOwnContext(t *testing.T) {
	t.Parallel()
	var f flight[string]
	release := make(chan struct{})
	started := make(chan struct{})
	leaderDone := make(chan string)
	go func() {
		v, _ := f.do(context.Background(), func() (string, error) {
			close(started)
			<-release
			return "token", nil
		})
		leaderDone <- v
	}()
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.do(ctx, func() (string, error) { t.Error("a second fetch ran while one was under way"); return "", nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("waiter error = %v, want context.Canceled", err)
	}
	close(release)
	if v := <-leaderDone; v != "token" {
		t.Fatalf("leader got %q", v)
	}
	// A later caller starts a new fetch.
	if v, err := f.do(context.Background(), func() (string, error) { return "next", nil }); err != nil || v != "next" {
		t.Fatalf("after the flight: %q, %v", v, err)
	}
}
