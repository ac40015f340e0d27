package client

import (
	"context"
	"fmt"
	"time"
)

// budget bounds one logical call of the client: every attempt, every wait between
// attempts, and the token request and partner discovery the call needs.
type budget struct {
	limit time.Duration
	// deadline is when the budget is spent, on the client's clock (Config.Now), so tests
	// that inject the clock and Sleep see the budget in their own time.
	deadline time.Time
	// caller is the caller's own context deadline (wall clock), zero when it has none.
	caller time.Time
}

type budgetKey struct{}

// withBudget starts the budget of a call, unless ctx already runs under one: a request
// made on behalf of another (whoami for the partner id) shares that call's budget. The
// context also ends when the budget is spent, with a *BudgetError as its cause, so a
// request under way (a slow or trickling answer) is cut off too.
func (c *Client) withBudget(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Value(budgetKey{}).(*budget); ok {
		return ctx, func() {}
	}
	b := &budget{limit: c.cfg.RequestBudget, deadline: c.cfg.Now().Add(c.cfg.RequestBudget)}
	if d, ok := ctx.Deadline(); ok {
		b.caller = d
	}
	ctx = context.WithValue(ctx, budgetKey{}, b)
	return context.WithTimeoutCause(ctx, c.cfg.RequestBudget, &BudgetError{Budget: c.cfg.RequestBudget, Last: context.DeadlineExceeded})
}

// wait waits d (asked for by reason) before the next attempt of req, unless the wait
// cannot finish in time: beyond the caller's deadline it returns last (what the API said),
// beyond the budget a *BudgetError, at once rather than after waiting in vain.
func (c *Client) wait(ctx context.Context, req request, d time.Duration, reason string, last error) error {
	if d <= 0 {
		return nil
	}
	b, _ := ctx.Value(budgetKey{}).(*budget)
	if b != nil && !b.caller.IsZero() && time.Until(b.caller) < d {
		if last != nil {
			return last
		}
		return fmt.Errorf("%s %s: waiting %s (%s) would outlive the caller's deadline: %w", req.method, req.path, roundWait(d), reason, context.DeadlineExceeded)
	}
	if b != nil && d >= b.deadline.Sub(c.cfg.Now()) {
		return &BudgetError{Method: req.method, Path: req.path, Budget: b.limit, Wait: d, Reason: reason, Last: last}
	}
	if err := c.cfg.Sleep(ctx, d); err != nil {
		return fmt.Errorf("%s %s: %w", req.method, req.path, causeOf(ctx, err))
	}
	return nil
}

// causeOf is why ctx ended (a spent budget says so), or err when it did not.
func causeOf(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause != nil {
		return cause
	}
	return err
}
