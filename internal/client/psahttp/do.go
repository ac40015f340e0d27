package psahttp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Request is one API call as the PSA client built it.
type Request struct {
	Method string
	// URL is absolute; its credentials go in Header.
	URL    *url.URL
	Header http.Header
	Body   []byte
	// Endpoint keys the concurrency limit (Config.PerEndpoint), e.g. the entity name.
	Endpoint string
	// Idempotent marks a request that may be repeated after a dropped connection or an
	// unavailable answer (reads; a query sent as POST). A write that could apply twice is
	// repeated only after 429, which says it was not processed.
	Idempotent bool
}

// Response is an answer, its body read and closed.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Verdict is what to do with a non-success answer.
type Verdict int

// The verdicts.
const (
	// Final: return the answer to the caller.
	Final Verdict = iota
	// Throttled: the request was not processed; pause the whole client for the answer's
	// Retry-After (or a backoff) and repeat it, whatever its method.
	Throttled
	// Unavailable: repeat it after a backoff if it is Idempotent.
	Unavailable
)

func (c *Client) classify(resp *Response) Verdict {
	if c.cfg.Classify != nil {
		return c.cfg.Classify(resp)
	}
	switch {
	case resp.Status == http.StatusTooManyRequests:
		return Throttled
	case c.retryable[resp.Status]:
		return Unavailable
	}
	return Final
}

// Do sends req with retries, within the request budget, and returns the final answer: a
// success, or a non-success the caller decodes. Errors are a transport failure after the
// retries, a redirect (*RedirectError), a spent budget (*BudgetError), a request beyond the
// cap (*RequestCapError) or an answer over the size limit (*AnswerTooLargeError).
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	ctx, cancel := c.withBudget(ctx)
	defer cancel()
	var last error
	pauseReason := "Retry-After of an earlier answer"
	for attempt := 0; ; attempt++ {
		if err := c.waitForPause(ctx, req, pauseReason, last); err != nil {
			return nil, err
		}
		resp, dur, err := c.attempt(ctx, req)
		c.logAttempt(ctx, req, attempt, dur, resp, err)
		if err != nil {
			var fe finalError
			if errors.As(err, &fe) || ctx.Err() != nil {
				return nil, c.callError(ctx, req, err)
			}
			if !req.Idempotent || attempt >= c.cfg.MaxRetries {
				return nil, fmt.Errorf("%s %s: %w (after %d attempts)", req.Method, c.shown(req.URL), err, attempt+1)
			}
			last = err
			if err := c.wait(ctx, req, c.backoff(attempt), "backoff", last); err != nil {
				return nil, err
			}
			continue
		}
		if isRedirect(resp.Status) {
			return nil, c.redirectError(req, resp)
		}
		if resp.Status >= 200 && resp.Status < 300 {
			return resp, nil
		}
		verdict := c.classify(resp)
		if verdict == Final || attempt >= c.cfg.MaxRetries || (verdict == Unavailable && !req.Idempotent) {
			return resp, nil
		}
		last = c.describe(req, resp)
		wait, reason := c.backoff(attempt), "backoff"
		if ra := retryAfter(resp.Header, c.cfg.Now()); ra > 0 {
			wait, reason = ra, "Retry-After"
		}
		if verdict == Throttled {
			// Throttling applies to the whole client: every request waits it out.
			c.pauseFor(wait)
			pauseReason = reason
			continue
		}
		if err := c.wait(ctx, req, wait, reason, last); err != nil {
			return nil, err
		}
	}
}

// finalError is an attempt's failure that no retry can cure.
type finalError interface{ final() }

// attempt waits for a slot of the endpoint, counts the request and sends it.
func (c *Client) attempt(ctx context.Context, req *Request) (*Response, time.Duration, error) {
	release, err := c.slots.acquire(ctx, req.Endpoint)
	if err != nil {
		return nil, 0, &slotError{err: err}
	}
	defer release()
	if n := c.sent.Add(1); c.cfg.MaxRequests > 0 && n > c.cfg.MaxRequests {
		c.sent.Add(-1)
		return nil, 0, &RequestCapError{Service: c.cfg.Service, Cap: c.cfg.MaxRequests}
	}
	return c.exchange(ctx, req)
}

// callError is the error of a call that ended: the budget's cause when it ran out.
func (c *Client) callError(ctx context.Context, req *Request, err error) error {
	if cause := context.Cause(ctx); cause != nil {
		var be *BudgetError
		if errors.As(cause, &be) {
			be.Method, be.URL = req.Method, c.shown(req.URL)
		}
		return cause
	}
	var se *slotError
	if errors.As(err, &se) {
		return fmt.Errorf("%s %s: waiting for a free slot: %w", req.Method, c.shown(req.URL), se.err)
	}
	return err
}

type slotError struct{ err error }

func (e *slotError) Error() string { return "waiting for a free slot: " + e.err.Error() }
func (e *slotError) final()        {}
func (e *slotError) Unwrap() error { return e.err }

func (c *Client) describe(req *Request, resp *Response) error {
	if c.cfg.Describe != nil {
		return c.cfg.Describe(req, resp)
	}
	return fmt.Errorf("%s %s: HTTP %d %s", req.Method, c.shown(req.URL), resp.Status, http.StatusText(resp.Status))
}

func isRedirect(s int) bool {
	switch s {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}
