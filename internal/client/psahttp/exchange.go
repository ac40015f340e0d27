package psahttp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// exchange performs one HTTP attempt and reads the whole answer, both within the
// per-attempt timeout, so a server that trickles its body is cut off.
func (c *Client) exchange(ctx context.Context, req *Request) (*Response, time.Duration, error) {
	actx, cancel := context.WithTimeout(ctx, c.cfg.RequestTimeout)
	defer cancel()
	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(actx, req.Method, req.URL.String(), body)
	if err != nil {
		return nil, 0, &buildError{err: err}
	}
	for k, v := range req.Header {
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
	b, err := io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxAnswerBytes+1))
	if err != nil {
		return nil, time.Since(start), timedOut(fmt.Errorf("reading the answer: %w", err))
	}
	if int64(len(b)) > c.cfg.MaxAnswerBytes {
		return nil, time.Since(start), &AnswerTooLargeError{Service: c.cfg.Service, Method: req.Method, URL: c.shown(req.URL), Limit: c.cfg.MaxAnswerBytes}
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: b}, time.Since(start), nil
}

type buildError struct{ err error }

func (e *buildError) Error() string { return "building the request: " + e.err.Error() }
func (e *buildError) final()        {}
func (e *buildError) Unwrap() error { return e.err }
