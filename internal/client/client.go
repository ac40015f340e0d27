// Package client talks to the Sophos Central Partner PSA Integration API (internal/api).
//
// It authenticates with OAuth2 client credentials, discovers the partner id with whoami,
// and survives a real SaaS: it retries throttled (429, honouring Retry-After), unavailable
// (502/503/504) and dropped requests with exponential backoff and jitter, re-authenticates
// once on 401, and never repeats a write that could apply twice: every write carries an
// Idempotency-Key, so the API replays the first answer instead.
//
// It trusts no answer blindly: it never follows a redirect (token, whoami or API), checks
// every successful answer against the shape the contract promises, and bounds each call,
// retries and waits included, by a request budget.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/time/rate"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Defaults of Config.
const (
	DefaultAuthURL        = "https://id.sophos.com"
	DefaultAPIURL         = "https://api.central.sophos.com"
	DefaultMaxRetries     = 5
	DefaultRequestTimeout = 30 * time.Second
	DefaultMinBackoff     = 250 * time.Millisecond
	DefaultMaxBackoff     = 30 * time.Second
	DefaultRequestBudget  = 2 * time.Minute
	// maxAnswer is the largest answer the client reads.
	maxAnswer = 64 << 20
	// pageSize is the page size the pager asks for (the API's maximum).
	pageSize = 100
	// maxPages stops a pager that never reaches the end (1,000,000 objects at 100 a page).
	maxPages = 10000
)

// Config configures a Client. ClientID and ClientSecret are required.
type Config struct {
	ClientID     string
	ClientSecret string
	// PartnerID skips whoami discovery when set.
	PartnerID string
	// AuthURL is the authentication host (token endpoint), default DefaultAuthURL.
	AuthURL string
	// APIURL is the API host, default DefaultAPIURL.
	APIURL string
	// MaxRetries bounds retries of one request (0 = no retries); negative means the default.
	MaxRetries int
	// UserAgent is sent on every request.
	UserAgent string
	// HTTPClient is used for every call; nil uses a client with sane transport timeouts.
	HTTPClient *http.Client
	// RequestTimeout bounds each attempt, its answer's body included, default DefaultRequestTimeout.
	RequestTimeout time.Duration
	// RequestBudget bounds one call of the client as a whole: every attempt, every wait
	// between attempts (a Retry-After that would not fit fails the call at once) and the
	// token request and partner discovery it needs. A list counts as one call per page.
	// Default DefaultRequestBudget.
	RequestBudget time.Duration
	// MinBackoff and MaxBackoff bound the exponential backoff between attempts.
	MinBackoff time.Duration
	MaxBackoff time.Duration
	// Sleep waits between attempts; nil sleeps on a timer and stops when ctx ends. Tests inject it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a number in [0,1) used to spread backoff; nil uses math/rand.
	Jitter func() float64
	// Now is the clock used for throttling pauses, token expiry and the request budget's
	// waits; nil uses time.Now. Tests inject it with Sleep.
	Now func() time.Time
}

// Client is a PSA Integration API client, safe for concurrent use.
type Client struct {
	cfg    Config
	http   *http.Client
	auth   *url.URL
	api    *url.URL
	tokens *tokenCache

	partnerMu    sync.Mutex
	partnerID    string
	partnerFetch flight[string]

	// pause is shared by every request of the client: after the API answers 429, all
	// requests wait out the Retry-After instead of each one being throttled in turn.
	pauseMu    sync.Mutex
	pauseUntil time.Time

	// pace spaces requests to the rate the API advertises in X-RateLimit-Limit, so the
	// client stays under the limit instead of finding it with 429s. Unlimited until the
	// API names a limit.
	pace *rate.Limiter
}

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

// New checks cfg and returns a Client. It makes no network call.
func New(cfg Config) (*Client, error) {
	if cfg.ClientID == "" {
		return nil, errors.New("client_id is required")
	}
	if cfg.ClientSecret == "" {
		return nil, errors.New("client_secret is required")
	}
	if cfg.AuthURL == "" {
		cfg.AuthURL = DefaultAuthURL
	}
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	authURL, err := ParseBaseURL(cfg.AuthURL)
	if err != nil {
		return nil, fmt.Errorf("auth_url: %w", err)
	}
	apiURL, err := ParseBaseURL(cfg.APIURL)
	if err != nil {
		return nil, fmt.Errorf("api_url: %w", err)
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.RequestBudget <= 0 {
		cfg.RequestBudget = DefaultRequestBudget
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = DefaultMinBackoff
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = DefaultMaxBackoff
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleepCtx
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Jitter == nil {
		cfg.Jitter = rand.Float64 //nolint:gosec // jitter needs no cryptographic randomness
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "terraform-provider-sophos"
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:          100,
			MaxIdleConnsPerHost:   32,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: cfg.RequestTimeout,
		}}
	}
	// Never follow redirects, on any request (token, whoami, API): Sophos does not send
	// them, and following one would resend a request, and its credential, to a host
	// nobody configured. A redirect is reported as a *RedirectError instead.
	hc = &http.Client{Transport: hc.Transport, Jar: hc.Jar, Timeout: hc.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	c := &Client{cfg: cfg, http: hc, auth: authURL, api: apiURL, partnerID: cfg.PartnerID, pace: rate.NewLimiter(rate.Inf, 1)}
	c.tokens = &tokenCache{c: c}
	return c, nil
}

// ParseBaseURL checks that raw is an absolute https URL, or http to a loopback address
// (the local emulator), and returns it without a trailing slash.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil {
		return nil, fmt.Errorf("%q is not a URL: %w", raw, err)
	}
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("%q is not an absolute http(s) URL such as https://api.central.sophos.com", raw)
	}
	if u.Scheme == "http" && !api.IsLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("%q uses plain http to a non-loopback host; use https (plain http is allowed only to 127.0.0.1, ::1 or localhost, e.g. the local emulator)", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%q must not have a query or fragment", raw)
	}
	return u, nil
}

// PartnerID returns the partner id, from Config or discovered once with whoami.
func (c *Client) PartnerID(ctx context.Context) (string, error) {
	c.partnerMu.Lock()
	known := c.partnerID
	c.partnerMu.Unlock()
	if known != "" {
		return known, nil
	}
	return c.partnerFetch.do(ctx, func() (string, error) {
		who, err := c.whoami(ctx)
		if err != nil {
			return "", err
		}
		if who.IdType != api.WhoamiIdTypePartner {
			return "", fmt.Errorf("the API credential belongs to a Sophos Central %s (id %s), not a partner: "+
				"create an API credential in Sophos Central Partner (Settings & policies > API Credentials) and use its client_id and client_secret", who.IdType, who.Id)
		}
		c.partnerMu.Lock()
		c.partnerID = who.Id
		c.partnerMu.Unlock()
		return who.Id, nil
	})
}

// whoami identifies the caller of the credential.
func (c *Client) whoami(ctx context.Context) (*api.Whoami, error) {
	var out api.Whoami
	if _, err := c.do(ctx, request{method: http.MethodGet, path: "/whoami/v1"}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// request describes one API call.
type request struct {
	method string
	path   string
	query  url.Values
	body   any
	// partner adds X-Partner-ID.
	partner bool
	ifMatch string
	// idempotent adds an Idempotency-Key so the write may be retried safely.
	idempotent bool
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
		c.learnRateLimit(resp.header)
		tflog.Debug(ctx, "Sophos API request", fields)

		switch {
		case isRedirect(resp.status):
			return "", redirectError("api_url", req, c.api, resp)
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
func redirectError(setting string, req request, base *url.URL, resp *response) *RedirectError {
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

func decodeAPIError(req request, resp *response, now time.Time) *APIError {
	body := resp.body
	e := &APIError{Method: req.method, Path: req.path, StatusCode: resp.status, RequestID: resp.header.Get("X-Request-Id"), RetryAfter: retryAfter(resp.header, now)}
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

// listAll walks every page of a list endpoint.
func listAll[T any](ctx context.Context, c *Client, path string, q url.Values) ([]T, error) {
	var all []T
	for page := 1; page <= maxPages; page++ {
		v := url.Values{}
		for k, vals := range q {
			v[k] = vals
		}
		v.Set("page", strconv.Itoa(page))
		v.Set("pageSize", strconv.Itoa(pageSize))
		v.Set("pageTotal", "true")
		// Both are required: an answer without them is an error, never an empty list.
		var out struct {
			Items []T       `json:"items"`
			Pages api.Pages `json:"pages"`
		}
		if _, err := c.do(ctx, request{method: http.MethodGet, path: path, query: v, partner: true}, &out); err != nil {
			return nil, err
		}
		if out.Pages.Current != 0 && out.Pages.Current != page {
			return nil, fmt.Errorf("GET %s: asked for page %d, the API answered page %d; it does not page as documented", path, page, out.Pages.Current)
		}
		all = append(all, out.Items...)
		if len(out.Items) == 0 || (out.Pages.Total != nil && page >= *out.Pages.Total) ||
			(out.Pages.Total == nil && len(out.Items) < out.Pages.Size) {
			return all, nil
		}
	}
	return nil, fmt.Errorf("GET %s: more than %d pages; narrow the query", path, maxPages)
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
