package psahttp

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// backoff is exponential with jitter: a random wait in [base/2, base].
func (c *Client) backoff(attempt int) time.Duration {
	base := float64(c.cfg.MinBackoff) * math.Pow(2, float64(attempt))
	if base > float64(c.cfg.MaxBackoff) {
		base = float64(c.cfg.MaxBackoff)
	}
	return time.Duration(base/2 + c.cfg.Jitter()*base/2)
}

// retryAfter reads a Retry-After header, in seconds or as an HTTP date; 0 when there is
// none, it cannot be read, or it is in the past.
func retryAfter(h http.Header, now time.Time) time.Duration {
	ra := strings.TrimSpace(h.Get("Retry-After"))
	if ra == "" {
		return 0
	}
	if s, err := strconv.ParseInt(ra, 10, 64); err == nil {
		if s <= 0 {
			return 0
		}
		return time.Duration(min(s, int64(math.MaxInt64/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(ra); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// RetryAfter is the wait an answer asks for in its Retry-After header (0 for none), for
// the PSA clients' errors.
func (c *Client) RetryAfter(resp *Response) time.Duration {
	return retryAfter(resp.Header, c.cfg.Now())
}

// pauseFor makes every request of the client wait d from now.
func (c *Client) pauseFor(d time.Duration) {
	c.pauseMu.Lock()
	defer c.pauseMu.Unlock()
	if until := c.cfg.Now().Add(d); until.After(c.pauseUntil) {
		c.pauseUntil = until
	}
}

// waitForPause waits until a pause the API asked for is over.
func (c *Client) waitForPause(ctx context.Context, req *Request, reason string, last error) error {
	c.pauseMu.Lock()
	d := c.pauseUntil.Sub(c.cfg.Now())
	c.pauseMu.Unlock()
	return c.wait(ctx, req, d, reason, last)
}

// wait waits d (asked for by reason) before the next attempt of req, unless the wait
// cannot finish in time: beyond the caller's deadline it returns last, beyond the budget a
// *BudgetError, at once rather than after waiting in vain.
func (c *Client) wait(ctx context.Context, req *Request, d time.Duration, reason string, last error) error {
	if d <= 0 {
		return nil
	}
	b, _ := ctx.Value(budgetKey{}).(*budget)
	if b != nil && !b.caller.IsZero() && time.Until(b.caller) < d {
		if last != nil {
			return last
		}
		return fmt.Errorf("%s %s: waiting %s (%s) would outlive the caller's deadline: %w", req.Method, c.shown(req.URL), roundWait(d), reason, context.DeadlineExceeded)
	}
	if b != nil && d >= b.deadline.Sub(c.cfg.Now()) {
		return &BudgetError{Service: c.cfg.Service, Method: req.Method, URL: c.shown(req.URL), Budget: b.limit, Wait: d, Reason: reason, Last: last}
	}
	if err := c.cfg.Sleep(ctx, d); err != nil {
		return c.callError(ctx, req, fmt.Errorf("%s %s: %w", req.Method, c.shown(req.URL), err))
	}
	return nil
}

// budget bounds one Do: every attempt, every wait between attempts and for a slot.
type budget struct {
	limit time.Duration
	// deadline is when the budget is spent, on the client's clock (Config.Now), so tests
	// that inject the clock and Sleep see the budget in their own time.
	deadline time.Time
	// caller is the caller's own context deadline (wall clock), zero when it has none.
	caller time.Time
}

type budgetKey struct{}

// withBudget starts the budget of a call; the context also ends when the budget is spent,
// with a *BudgetError as its cause, so a request under way is cut off too.
func (c *Client) withBudget(ctx context.Context) (context.Context, context.CancelFunc) {
	b := &budget{limit: c.cfg.RequestBudget, deadline: c.cfg.Now().Add(c.cfg.RequestBudget)}
	if d, ok := ctx.Deadline(); ok {
		b.caller = d
	}
	ctx = context.WithValue(ctx, budgetKey{}, b)
	return context.WithTimeoutCause(ctx, c.cfg.RequestBudget, &BudgetError{Service: c.cfg.Service, Budget: c.cfg.RequestBudget})
}

// roundWait rounds a wait for people: whole seconds from ten seconds on.
func roundWait(d time.Duration) time.Duration {
	if d >= 10*time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}
