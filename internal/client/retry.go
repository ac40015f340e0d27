package client

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// waitForPace waits for the client's turn under the API's advertised rate limit.
func (c *Client) waitForPace(ctx context.Context, req request, last error) error {
	now := c.cfg.Now()
	return c.wait(ctx, req, c.pace.ReserveN(now, 1).DelayFrom(now), "X-RateLimit-Limit pacing", last)
}

// learnRateLimit adopts the rate limit the API advertises. The burst is the limit itself:
// half of what the API tolerates, so concurrent requests never exhaust it.
func (c *Client) learnRateLimit(h http.Header) {
	v := h.Get("X-RateLimit-Limit")
	if v == "" {
		return
	}
	perSecond, err := strconv.ParseFloat(v, 64)
	if err != nil || perSecond <= 0 {
		return
	}
	if float64(c.pace.Limit()) == perSecond {
		return
	}
	now := c.cfg.Now()
	c.pace.SetLimitAt(now, rate.Limit(perSecond))
	c.pace.SetBurstAt(now, max(1, int(perSecond)))
}

// waitForPause waits until a pause the API asked for is over.
func (c *Client) waitForPause(ctx context.Context, req request, reason string, last error) error {
	c.pauseMu.Lock()
	d := c.pauseUntil.Sub(c.cfg.Now())
	c.pauseMu.Unlock()
	return c.wait(ctx, req, d, reason, last)
}

// pauseFor makes every request of the client wait d from now.
func (c *Client) pauseFor(d time.Duration) {
	c.pauseMu.Lock()
	defer c.pauseMu.Unlock()
	if until := c.cfg.Now().Add(d); until.After(c.pauseUntil) {
		c.pauseUntil = until
	}
}

func retryableStatus(s int) bool {
	switch s {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff is exponential with full jitter: a random wait in [base/2, base].
func (c *Client) backoff(attempt int) time.Duration {
	base := float64(c.cfg.MinBackoff) * math.Pow(2, float64(attempt))
	if base > float64(c.cfg.MaxBackoff) {
		base = float64(c.cfg.MaxBackoff)
	}
	return time.Duration(base/2 + c.cfg.Jitter()*base/2)
}

// retryAfter reads a Retry-After header, in seconds or as an HTTP date; 0 when there is
// none or it is in the past.
func retryAfter(h http.Header, now time.Time) time.Duration {
	ra := strings.TrimSpace(h.Get("Retry-After"))
	if ra == "" {
		return 0
	}
	if s, err := strconv.ParseInt(ra, 10, 64); err == nil {
		if s <= 0 {
			return 0
		}
		// A huge value must not overflow into a negative wait.
		return time.Duration(min(s, int64(math.MaxInt64/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(ra); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
