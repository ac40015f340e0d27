package sophoscentral

import (
	"sync"
	"time"
)

// DefaultTokenFailureLimit is how many failed token requests a client id may make within
// tokenFailureWindow before the token endpoint answers 429 (Options.TokenFailureLimit).
const DefaultTokenFailureLimit = 10

// tokenFailureWindow is the sliding window of the token endpoint's failure throttle.
const tokenFailureWindow = time.Minute

// tokenFailures throttles guessing at the token endpoint: a client id with limit failed
// attempts (unknown client id or wrong secret) within the last tokenFailureWindow must wait
// until the oldest of them leaves the window. A successful attempt clears its record.
type tokenFailures struct {
	mu    sync.Mutex
	limit int // 0: no throttle
	// byClient holds the times of each client id's recent failures, oldest first, at most
	// limit of them.
	byClient map[string][]time.Time
	// sweptAt is when client ids without recent failures were last dropped.
	sweptAt time.Time
}

func newTokenFailures(limit int) *tokenFailures {
	switch {
	case limit == 0:
		limit = DefaultTokenFailureLimit
	case limit < 0:
		limit = 0
	}
	return &tokenFailures{limit: limit, byClient: map[string][]time.Time{}}
}

// wait is how long clientID must wait before its next attempt is looked at; 0 when it may
// try now.
func (t *tokenFailures) wait(clientID string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.limit == 0 {
		return 0
	}
	fails := t.recent(clientID, now)
	if len(fails) < t.limit {
		return 0
	}
	return fails[0].Add(tokenFailureWindow).Sub(now)
}

// fail records a failed attempt of clientID.
func (t *tokenFailures) fail(clientID string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.limit == 0 {
		return
	}
	t.sweep(now)
	fails := append(t.recent(clientID, now), now)
	if n := len(fails); n > t.limit {
		fails = fails[n-t.limit:]
	}
	t.byClient[clientID] = fails
}

// succeed forgets clientID's failures.
func (t *tokenFailures) succeed(clientID string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.byClient, clientID)
}

// recent drops clientID's failures that left the window and returns the rest. The caller
// holds mu.
func (t *tokenFailures) recent(clientID string, now time.Time) []time.Time {
	fails := t.byClient[clientID]
	i := 0
	for i < len(fails) && now.Sub(fails[i]) >= tokenFailureWindow {
		i++
	}
	switch {
	case i == len(fails):
		delete(t.byClient, clientID)
		return nil
	case i > 0:
		fails = append([]time.Time(nil), fails[i:]...)
		t.byClient[clientID] = fails
	}
	return fails
}

// sweep drops client ids without failures in the window, at most once per window, so
// made-up client ids do not pile up. The caller holds mu.
func (t *tokenFailures) sweep(now time.Time) {
	if now.Sub(t.sweptAt) < tokenFailureWindow {
		return
	}
	t.sweptAt = now
	for id, fails := range t.byClient {
		if now.Sub(fails[len(fails)-1]) >= tokenFailureWindow {
			delete(t.byClient, id)
		}
	}
}

// clients is the number of client ids with a failure record.
func (t *tokenFailures) clients() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.byClient)
}
