package web

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

// RateLimit throttles each authenticated partner to Faults.RateLimit requests per second and
// advertises the limit in X-RateLimit-Limit and X-RateLimit-Remaining, so clients can pace
// themselves; a request over the limit is answered in a's error shape. It runs after
// authentication, so the bucket is the principal's: headers a caller merely sends (another
// partner's X-Partner-ID, made-up tokens) cannot drain anyone's bucket or create new ones.
func (c *FaultControl) RateLimit(a *API, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := rateKey(PrincipalOf(r))
		if key == "" { // not authenticated: the token endpoint
			next.ServeHTTP(w, r)
			return
		}
		q := c.takeRateToken(key)
		if q.limit > 0 {
			w.Header().Set("X-RateLimit-Limit", strconv.FormatFloat(q.limit, 'f', -1, 64))
			w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(q.remaining))
		}
		if !q.ok {
			a.WriteError(w, r, TooManyRequests(max(1, int(math.Ceil(q.wait.Seconds()))), "rate limit exceeded; retry after the Retry-After delay"))
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
func rateKey(p Principal) string {
	switch {
	case p.PartnerID != "":
		return "partner:" + strings.ToLower(p.PartnerID)
	case p.TenantID != "":
		return "tenant:" + strings.ToLower(p.TenantID)
	default:
		return ""
	}
}

// takeRateToken takes one token from key's bucket at the emulator's now. A bucket starts
// full. A request that finds it empty takes nothing, and learns how long until the next
// token.
func (c *FaultControl) takeRateToken(key string) rateQuota {
	c.mu.Lock()
	defer c.mu.Unlock()
	perSecond := c.faults.RateLimit
	if perSecond <= 0 {
		return rateQuota{ok: true}
	}
	now := c.now()
	c.dropIdleBuckets(now)
	b, ok := c.buckets[key]
	if !ok {
		b = &partnerLimiter{limiter: rate.NewLimiter(rate.Limit(perSecond), rateBurst(perSecond))}
		c.buckets[key] = b
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
// idleBucketTTL. The caller holds mu.
func (c *FaultControl) dropIdleBuckets(now time.Time) {
	if now.Sub(c.bucketsSweptAt) < idleBucketTTL {
		return
	}
	c.bucketsSweptAt = now
	for key, b := range c.buckets {
		if now.Sub(b.used) > idleBucketTTL && b.limiter.TokensAt(now) >= float64(b.limiter.Burst()) {
			delete(c.buckets, key)
		}
	}
}

// Buckets is the number of rate-limit buckets held.
func (c *FaultControl) Buckets() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.buckets)
}
