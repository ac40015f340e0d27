package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// replayedHeader marks an answer the API replayed for a repeated Idempotency-Key.
const replayedHeader = "Idempotent-Replayed"

// request describes one API call.
type request struct {
	method string
	path   string
	query  url.Values
	body   any
	// partner adds X-Partner-ID.
	partner bool
	ifMatch string
	// idempotent adds an Idempotency-Key, random and the same for every attempt of the
	// call, so the write may be retried safely.
	idempotent bool
	// replayed, when not nil, is set to whether the last answer was the API replaying the
	// stored answer of an earlier request with the same Idempotency-Key.
	replayed *bool
}

// do performs req with retries, within the call's request budget, and decodes the JSON
// answer into out (if not nil), checking it has the shape the contract promises. It
// returns the response's ETag.
func (c *Client) do(ctx context.Context, req request, out any) (string, error) {
	if err := checkPath(req.path); err != nil {
		return "", err
	}
	ctx, cancel := c.withBudget(ctx)
	defer cancel()
	var body []byte
	if req.body != nil {
		b, err := json.Marshal(req.body)
		if err != nil {
			return "", fmt.Errorf("encoding %s %s: %w", req.method, req.path, err)
		}
		body = b
	}
	var partnerID string
	if req.partner {
		p, err := c.PartnerID(ctx)
		if err != nil {
			return "", err
		}
		partnerID = p
	}
	idemKey := ""
	if req.idempotent && req.method != http.MethodGet {
		idemKey = uuid.NewString()
	}
	// A request may be repeated when repeating it cannot apply anything twice.
	canRepeat := req.method == http.MethodGet || req.method == http.MethodHead || idemKey != ""

	reauthed := false
	// last is the failure the next attempt follows; pauseReason says whose Retry-After a
	// pause of the client is.
	var last error
	pauseReason := "Retry-After of an earlier answer"
	for attempt := 0; ; attempt++ {
		if err := c.waitForPause(ctx, req, pauseReason, last); err != nil {
			return "", err
		}
		if err := c.waitForPace(ctx, req, last); err != nil {
			return "", err
		}
		token, err := c.tokens.get(ctx)
		if err != nil {
			return "", err
		}
		ctx := tflog.MaskAllFieldValuesStrings(ctx, token, c.cfg.ClientSecret)
		ctx = tflog.MaskMessageStrings(ctx, token, c.cfg.ClientSecret)
		resp, dur, err := c.send(ctx, req, body, token, partnerID, idemKey)
		fields := map[string]any{"method": req.method, "path": req.path, "attempt": attempt + 1, "duration_ms": dur.Milliseconds()}
		if err != nil {
			fields["error"] = err.Error()
			tflog.Debug(ctx, "Sophos API request failed to complete", fields)
			if ctx.Err() != nil {
				return "", fmt.Errorf("%s %s: %w", req.method, req.path, context.Cause(ctx))
			}
			if !canRepeat || attempt >= c.cfg.MaxRetries {
				return "", fmt.Errorf("%s %s: %w (after %d attempts)", req.method, req.path, err, attempt+1)
			}
			last = err
			if err := c.wait(ctx, req, c.backoff(attempt), "backoff", last); err != nil {
				return "", err
			}
			continue
		}
		fields["status"] = resp.status
		fields["request_id"] = resp.header.Get("X-Request-Id")
		if req.replayed != nil {
			*req.replayed = resp.header.Get(replayedHeader) == "true"
		}
		c.learnRateLimit(resp.header)
		tflog.Debug(ctx, "Sophos API request", fields)

		switch {
		case isRedirect(resp.status):
			return "", redirectError(SettingAPIURL, req, c.api, resp)
		case resp.status >= 200 && resp.status < 300:
			if out != nil {
				if err := decodeAnswer(resp.header, resp.body, out); err != nil {
					return "", contractError(req, resp, err)
				}
			}
			return resp.header.Get("ETag"), nil
		case resp.status == http.StatusUnauthorized && !reauthed:
			// The token may have expired or been revoked: get a new one, once.
			reauthed = true
			c.tokens.invalidate(token)
			attempt--
			continue
		}
		apiErr := decodeAPIError(req, resp, c.cfg.Now())
		wait, reason := c.backoff(attempt), "backoff"
		if apiErr.RetryAfter > 0 {
			wait, reason = apiErr.RetryAfter, "Retry-After"
		}
		throttled := resp.status == http.StatusTooManyRequests
		if throttled {
			// Throttling applies to the whole client: hold every request back, not only
			// this one, so concurrent requests do not run into the limit one by one.
			c.pauseFor(wait)
		}
		// A throttled request was not processed, so it may always be repeated; after a
		// 502/503/504 the request may have been applied, so only if repeating is safe.
		if !retryableStatus(resp.status) || attempt >= c.cfg.MaxRetries || (!throttled && !canRepeat) {
			return "", apiErr
		}
		last = apiErr
		if throttled {
			// The pause is waited out (or found to be beyond the budget) at the top of the loop.
			pauseReason = reason
			continue
		}
		if err := c.wait(ctx, req, wait, reason, last); err != nil {
			return "", err
		}
	}
}

// checkPath refuses paths with empty, "." or ".." segments: the server would clean them
// into another path, so the request would reach a different object than the one named.
func checkPath(p string) error {
	for _, seg := range strings.Split(strings.TrimPrefix(p, "/"), "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("invalid request path %q: an id must not be empty, \".\" or \"..\"", p)
		}
	}
	return nil
}

// response is what send keeps of an HTTP answer; the body is already read and closed.
type response struct {
	status int
	header http.Header
	body   []byte
}

// send performs one attempt of an API request.
func (c *Client) send(ctx context.Context, req request, body []byte, token, partnerID, idemKey string) (*response, time.Duration, error) {
	// req.path is already escaped (psaPath escapes each segment).
	u, err := url.Parse(c.api.String() + req.path)
	if err != nil {
		return nil, 0, fmt.Errorf("building the URL for %s: %w", req.path, err)
	}
	if len(req.query) > 0 {
		u.RawQuery = req.query.Encode()
	}
	h := http.Header{}
	h.Set("Authorization", "Bearer "+token)
	h.Set("Accept", "application/json")
	if body != nil {
		h.Set("Content-Type", "application/json")
	}
	if partnerID != "" {
		h.Set("X-Partner-ID", partnerID)
	}
	if req.ifMatch != "" {
		h.Set("If-Match", req.ifMatch)
	}
	if idemKey != "" {
		h.Set("Idempotency-Key", idemKey)
	}
	return c.exchange(ctx, req.method, u.String(), body, h)
}

// exchange performs one HTTP attempt and reads the whole answer, both within the
// per-attempt deadline (RequestTimeout), so a server that trickles its body is cut off.
func (c *Client) exchange(ctx context.Context, method, u string, body []byte, h http.Header) (*response, time.Duration, error) {
	actx, cancel := context.WithTimeout(ctx, c.cfg.RequestTimeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	hr, err := http.NewRequestWithContext(actx, method, u, rd)
	if err != nil {
		return nil, 0, err
	}
	for k, v := range h {
		hr.Header[k] = v
	}
	hr.Header.Set("User-Agent", c.cfg.UserAgent)
	start := time.Now()
	timedOut := func(err error) error {
		if ctx.Err() == nil && actx.Err() != nil {
			return fmt.Errorf("no complete answer within the request timeout of %s: %w", c.cfg.RequestTimeout, err)
		}
		return err
	}
	resp, err := c.http.Do(hr)
	if err != nil {
		return nil, time.Since(start), timedOut(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err != nil {
		return nil, time.Since(start), timedOut(fmt.Errorf("reading the answer: %w", err))
	}
	if len(b) > maxAnswer {
		return nil, time.Since(start), fmt.Errorf("the answer is larger than %d MiB", maxAnswer>>20)
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: b}, time.Since(start), nil
}

// isRedirect reports whether s is a redirect status.
func isRedirect(s int) bool {
	switch s {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// redirectError reports a redirect of req, sent to base (named by setting).
func redirectError(setting Setting, req request, base *url.URL, resp *response) *RedirectError {
	e := &RedirectError{Setting: setting, Method: req.method, Path: req.path, StatusCode: resp.status,
		Configured: base.Scheme + "://" + base.Host, RequestID: requestIDOf(resp)}
	if loc := resp.header.Get("Location"); loc != "" {
		if target, err := base.Parse(loc); err == nil && target.Host != "" {
			e.Target = target.Scheme + "://" + target.Host
		} else {
			e.Target = fmt.Sprintf("%q", loc)
		}
	}
	return e
}

func decodeAPIError(req request, resp *response, now time.Time) *APIError {
	body := resp.body
	e := &APIError{Method: req.method, Path: req.path, StatusCode: resp.status, RequestID: resp.header.Get("X-Request-Id"), RetryAfter: retryAfter(resp.header, now),
		Replayed: resp.header.Get(replayedHeader) == "true"}
	var ae api.Error
	if json.Unmarshal(body, &ae) == nil && (ae.Error != "" || ae.Message != "") {
		e.Code, e.Message, e.CorrelationID = ae.Error, ae.Message, ae.CorrelationId
		if ae.RequestId != "" {
			e.RequestID = ae.RequestId
		}
		if ae.Details != nil {
			e.Details = *ae.Details
		}
	} else {
		e.Code = http.StatusText(resp.status)
		e.Message = describeBody(resp.header, body)
		if e.RequestID == "" {
			e.RequestID = requestIDOf(resp)
		}
	}
	return e
}
