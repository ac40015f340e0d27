package autotask

import (
	"context"
	"math"
	"net/http"
	"sync"
	"time"

	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// Autotask's limits: at most three requests at once per integration code and endpoint
// (entity), and a request threshold per database (partner) over a rolling hour, shared by
// every integration of it, with latency added from half of it.

// DefaultUsageLatency is the latency Autotask adds to each request once a database has used
// half its hourly threshold (twice that from three quarters).
const DefaultUsageLatency = 500 * time.Millisecond

// Options are the room's limit settings.
type Options struct {
	// RequestThreshold is the requests per rolling hour of each database; 0 or less means
	// at.HourlyRequestThreshold. Tests lower it to reach it.
	RequestThreshold int `json:"requestThreshold"`
	// UsageLatency is added to each request from half the threshold (twice from three
	// quarters); 0 adds none.
	UsageLatency time.Duration `json:"usageLatency"`
}

// WithDefaults is o with the threshold's default filled in.
func (o Options) WithDefaults() Options {
	if o.RequestThreshold <= 0 {
		o.RequestThreshold = at.HourlyRequestThreshold
	}
	o.UsageLatency = max(o.UsageLatency, 0)
	return o
}

type limits struct {
	now   func() time.Time
	sleep func(context.Context, time.Duration) bool

	mu       sync.Mutex
	opts     Options
	requests map[string][]time.Time // partner -> its requests within the hour, oldest first
	threads  map[string]int         // integration code + endpoint -> requests in flight
	held     map[string]int         // integration code + endpoint -> threads held by HoldThreads
	// refusals are holds that end after refusing this many requests (HoldThreadsFor).
	refusals map[string]int
}

func newLimits(opts Options, now func() time.Time, sleep func(context.Context, time.Duration) bool) *limits {
	if sleep == nil {
		sleep = web.Sleep
	}
	return &limits{now: now, sleep: sleep, opts: opts.WithDefaults(), requests: map[string][]time.Time{}, threads: map[string]int{}, held: map[string]int{}, refusals: map[string]int{}}
}

// SetOptions replaces the limit settings; the hour's requests are kept.
func (rm *Room) SetOptions(o Options) {
	rm.limits.mu.Lock()
	defer rm.limits.mu.Unlock()
	rm.limits.opts = o.WithDefaults()
}

// Options returns the limit settings.
func (rm *Room) Options() Options {
	rm.limits.mu.Lock()
	defer rm.limits.mu.Unlock()
	return rm.limits.opts
}

// ResetUsage forgets every database's requests of the hour.
func (rm *Room) ResetUsage() {
	rm.limits.mu.Lock()
	defer rm.limits.mu.Unlock()
	clear(rm.limits.requests)
}

// HoldThreads occupies n threads of integrationCode and entity, as another program using
// the same integration code would, until release is called.
func (rm *Room) HoldThreads(integrationCode, entity string, n int) (release func()) {
	l := rm.limits
	key := threadKey(integrationCode, entity)
	l.mu.Lock()
	l.held[key] += n
	l.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			if l.held[key] -= n; l.held[key] <= 0 {
				delete(l.held, key)
			}
		})
	}
}

// HoldThreadsFor occupies every thread of integrationCode and entity until refusals requests
// were refused for it (another program's burst of requests); left says how many are still to
// be refused.
func (rm *Room) HoldThreadsFor(integrationCode, entity string, refusals int) (left func() int) {
	l := rm.limits
	key := threadKey(integrationCode, entity)
	l.mu.Lock()
	l.held[key] += at.ThreadLimit
	l.refusals[key] += refusals
	l.mu.Unlock()
	return func() int {
		l.mu.Lock()
		defer l.mu.Unlock()
		return l.refusals[key]
	}
}

func threadKey(code, endpoint string) string { return code + "\x00" + endpoint }

// refuseThread records a request refused for key: a hold that has refused its share ends.
// l.mu is held.
func (l *limits) refuseThread(key string) {
	if n, ok := l.refusals[key]; ok {
		if n <= 1 {
			delete(l.refusals, key)
			if l.held[key] -= at.ThreadLimit; l.held[key] <= 0 {
				delete(l.held, key)
			}
			return
		}
		l.refusals[key] = n - 1
	}
}

// Threads refuses a request beyond Autotask's three at once per integration code and
// endpoint, as Autotask does (429, its own words); the zone lookup is not limited.
func (rm *Room) Threads(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		endpoint := endpointOf(r.URL.Path)
		if endpoint == "" {
			next.ServeHTTP(w, r)
			return
		}
		l, key := rm.limits, threadKey(r.Header.Get(at.HeaderIntegrationCode), endpoint)
		l.mu.Lock()
		if l.threads[key]+l.held[key] >= at.ThreadLimit {
			l.refuseThread(key)
			l.mu.Unlock()
			rm.api.WriteError(w, r, web.NewStatusError(http.StatusTooManyRequests, "ThreadThresholdExceeded",
				"Thread Threshold Exceeded: The Autotask API thread threshold of %d threads has been exceeded.", at.ThreadLimit))
			return
		}
		l.threads[key]++
		l.mu.Unlock()
		defer func() {
			l.mu.Lock()
			if l.threads[key]--; l.threads[key] == 0 {
				delete(l.threads, key)
			}
			l.mu.Unlock()
		}()
		next.ServeHTTP(w, r)
	})
}

// Threshold counts each authenticated request against its database's hourly threshold:
// over it, the request is refused until the oldest request of the hour drops out (429 with
// that wait as Retry-After); from half of it, Autotask's latency is added.
func (rm *Room) Threshold(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		partner := callerOf(r).PartnerID
		if partner == "" {
			next.ServeHTTP(w, r)
			return
		}
		delay, wait, threshold := rm.limits.take(partner)
		if wait > 0 {
			se := web.NewStatusError(http.StatusTooManyRequests, "RequestThresholdExceeded",
				"API Threshold Exceeded: this Autotask database has made %d requests in the last %d minutes, its limit, which all of its integrations share. "+
					"Requests are refused until the count drops.", threshold, int(at.ThresholdTimeframe.Minutes()))
			se.RetryAfter = int(math.Ceil(wait.Seconds()))
			rm.api.WriteError(w, r, se)
			return
		}
		if delay > 0 && !rm.limits.sleep(r.Context(), delay) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

// take records a request of partner: the latency to add, or the wait until one is allowed
// (nothing recorded then), and the threshold.
func (l *limits) take(partner string) (delay, wait time.Duration, threshold int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	times := l.prune(partner, now)
	threshold = l.opts.RequestThreshold
	if len(times) >= threshold {
		return 0, max(times[len(times)-threshold].Add(at.ThresholdTimeframe).Sub(now), time.Second), threshold
	}
	l.requests[partner] = append(times, now)
	switch used := len(times) + 1; {
	case used*4 >= threshold*3:
		delay = 2 * l.opts.UsageLatency
	case used*100 >= threshold*at.LatencyFromPercent:
		delay = l.opts.UsageLatency
	}
	return delay, 0, threshold
}

// prune drops partner's requests older than the timeframe.
func (l *limits) prune(partner string, now time.Time) []time.Time {
	times := l.requests[partner]
	cut := 0
	for cut < len(times) && !times[cut].After(now.Add(-at.ThresholdTimeframe)) {
		cut++
	}
	times = times[cut:]
	l.requests[partner] = times
	return times
}

// usage is partner's threshold and its requests of the hour.
func (l *limits) usage(partner string) (threshold, used int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.opts.RequestThreshold, len(l.prune(partner, l.now()))
}

// Usage is the threshold and the requests of the hour of partner's Autotask database.
func (rm *Room) Usage(partner string) (threshold, used int) { return rm.limits.usage(partner) }
