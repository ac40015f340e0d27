package psahttp

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// RedirectError is a redirect answer (301, 302, 303, 307 or 308). The client never follows
// one: it would resend the request and its credentials to a host nobody configured.
type RedirectError struct {
	Service string
	Method  string
	URL     string
	Status  int
	// Target is the scheme and host the redirect points at ("" when it named none).
	Target string
}

// Error names the request and the host the redirect pointed at.
func (e *RedirectError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d redirect", e.Method, e.URL, e.Status)
	if e.Target != "" {
		fmt.Fprintf(&b, " to %s", e.Target)
	} else {
		b.WriteString(" without a Location")
	}
	fmt.Fprintf(&b, "; redirects are never followed, so that no request or credential goes to a host that was not configured: "+
		"configure the %s host itself, not one that redirects", e.Service)
	return b.String()
}

func (c *Client) redirectError(req *Request, resp *Response) *RedirectError {
	e := &RedirectError{Service: c.cfg.Service, Method: req.Method, URL: c.shown(req.URL), Status: resp.Status}
	if loc := resp.Header.Get("Location"); loc != "" {
		if t, err := req.URL.Parse(loc); err == nil && t.Host != "" {
			e.Target = t.Scheme + "://" + t.Host
		} else {
			e.Target = fmt.Sprintf("%q", c.mask(loc))
		}
	}
	return e
}

// BudgetError is a call given up because finishing it would take longer than its request
// budget: a wait would go beyond it, or it ran out while a request was under way.
type BudgetError struct {
	Service string
	Method  string
	URL     string
	Budget  time.Duration
	// Wait is the wait that did not fit; zero when the budget ran out during a request.
	Wait time.Duration
	// Reason says what asked for the wait: "Retry-After", "Retry-After of an earlier
	// answer" or "backoff".
	Reason string
	// Last is the failure that led to the wait, if any (the PSA's typed error).
	Last error
}

// Error says what was waited for and the budget it did not fit in.
func (e *BudgetError) Error() string {
	var b strings.Builder
	if e.Method != "" {
		fmt.Fprintf(&b, "%s %s: ", e.Method, e.URL)
	}
	switch {
	case e.Wait <= 0:
		fmt.Fprintf(&b, "no answer from %s within the request budget of %s", e.Service, e.Budget)
	case strings.HasPrefix(e.Reason, "Retry-After"):
		fmt.Fprintf(&b, "%s asked to wait %s (%s), beyond the request budget of %s", e.Service, roundWait(e.Wait), e.Reason, e.Budget)
	default:
		fmt.Fprintf(&b, "waiting %s (%s) before the next attempt would go beyond the request budget of %s", roundWait(e.Wait), e.Reason, e.Budget)
	}
	if e.Last != nil {
		fmt.Fprintf(&b, "; last answer: %s", e.Last)
	}
	return b.String()
}

// Unwrap makes errors.Is(err, context.DeadlineExceeded) hold, and errors.As find the PSA's
// error of the last answer.
func (e *BudgetError) Unwrap() []error {
	if e.Last != nil {
		return []error{context.DeadlineExceeded, e.Last}
	}
	return []error{context.DeadlineExceeded}
}

// RequestCapError is a request beyond Config.MaxRequests.
type RequestCapError struct {
	Service string
	Cap     int64
}

func (e *RequestCapError) Error() string {
	return fmt.Sprintf("this run has sent the %d requests to %s it may send; nothing more was sent", e.Cap, e.Service)
}

func (e *RequestCapError) final() {}

// AnswerTooLargeError is an answer longer than Config.MaxAnswerBytes.
type AnswerTooLargeError struct {
	Service string
	Method  string
	URL     string
	Limit   int64
}

func (e *AnswerTooLargeError) Error() string {
	return fmt.Sprintf("%s %s: the %s answer is larger than %d bytes, the most the client reads", e.Method, e.URL, e.Service, e.Limit)
}

func (e *AnswerTooLargeError) final() {}
