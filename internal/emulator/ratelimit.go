package emulator

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// The rate limit (Faults.RateLimit): a token bucket per authenticated partner, as
// golang.org/x/time/rate implements it, driven by the emulator's clock (Options.Now), so
// tests move time instead of waiting for it.

// partnerLimiter is the rate-limit state of one partner (or tenant credential).
type partnerLimiter struct {
	limiter *rate.Limiter
	// used is when a request last took a token.
	used time.Time
}

// idleBucketTTL is how long a full bucket may sit unused before it is dropped.
const idleBucketTTL = time.Minute

// rateBurst is the bucket size for a rate: twice the rate per second, at least one request.
func rateBurst(perSecond float64) int {
	return max(int(2*perSecond), 1)
}

// rateLimit throttles each authenticated partner to Faults.RateLimit requests per second and
// advertises the limit in X-RateLimit-Limit and X-RateLimit-Remaining, so clients can pace
// themselves. It runs after authentication, so the bucket is the principal's: headers a
// caller merely sends (another partner's X-Partner-ID, made-up tokens) cannot drain anyone's
// bucket or create new ones.
func (e *Emulator) rateLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := rateKey(principalOf(r))
		if key == "" { // the token endpoint
			next.ServeHTTP(w, r)
			return
		}
		q := e.takeRateToken(key)
		if q.limit > 0 {
			w.Header().Set("X-RateLimit-Limit", strconv.FormatFloat(q.limit, 'f', -1, 64))
			w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(q.remaining))
		}
		if !q.ok {
			e.writeError(w, r, &StatusError{Status: http.StatusTooManyRequests, Code: "TooManyRequests",
				Message:    "rate limit exceeded; retry after the Retry-After delay",
				RetryAfter: max(1, int(math.Ceil(q.wait.Seconds())))})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// rateQuota is the outcome of taking a token from a partner's bucket.
type rateQuota struct {
	ok        bool
	wait      time.Duration // until the next token, when !ok
	limit     float64       // requests per second; 0 = unlimited
	remaining int           // whole tokens left
}

// rateKey names the bucket of an authenticated principal: its partner (partner APIs and
// whoami with a partner credential) or its tenant (whoami with a tenant credential); "" when
// the request is not authenticated.
func rateKey(p principal) string {
	switch {
	case p.partnerID != "":
		return "partner:" + strings.ToLower(p.partnerID)
	case p.tenantID != "":
		return "tenant:" + strings.ToLower(p.tenantID)
	default:
		return ""
	}
}

// takeRateToken takes one token from key's bucket at the emulator's now. A bucket starts
// full. A request that finds it empty takes nothing, and learns how long until the next
// token.
func (e *Emulator) takeRateToken(key string) rateQuota {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	perSecond := e.faults.RateLimit
	if perSecond <= 0 {
		return rateQuota{ok: true}
	}
	now := e.now()
	e.dropIdleBuckets(now)
	b, ok := e.buckets[key]
	if !ok {
		b = &partnerLimiter{limiter: rate.NewLimiter(rate.Limit(perSecond), rateBurst(perSecond))}
		e.buckets[key] = b
	}
	b.used = now
	res := b.limiter.ReserveN(now, 1)
	if wait := res.DelayFrom(now); wait > 0 {
		res.CancelAt(now)
		return rateQuota{wait: wait, limit: perSecond}
	}
	return rateQuota{ok: true, limit: perSecond, remaining: int(b.limiter.TokensAt(now))}
}

// dropIdleBuckets forgets buckets that are full and unused for more than idleBucketTTL (a
// new bucket starts full, so nothing changes for their partner), at most once per
// idleBucketTTL. The caller holds faultMu.
func (e *Emulator) dropIdleBuckets(now time.Time) {
	if now.Sub(e.bucketsSweptAt) < idleBucketTTL {
		return
	}
	e.bucketsSweptAt = now
	for key, b := range e.buckets {
		if now.Sub(b.used) > idleBucketTTL && b.limiter.TokensAt(now) >= float64(b.limiter.Burst()) {
			delete(e.buckets, key)
		}
	}
}

// rateBuckets is the number of rate-limit buckets held.
func (e *Emulator) rateBuckets() int {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	return len(e.buckets)
}
