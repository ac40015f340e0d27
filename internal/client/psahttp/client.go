// Package psahttp is the HTTP layer the PSA clients (internal/client/connectwise and
// internal/client/autotask) share. It sends one request at a time as its caller built it
// and survives a real SaaS:
//
//   - 429 is retried after the answer's Retry-After (or a backoff when it has none), and
//     the whole client pauses for it, so concurrent requests do not each run into the limit;
//   - 502/503/504 (and what Config.RetryStatuses adds) and dropped connections are retried
//     with exponential backoff and jitter, but only for requests marked Idempotent: a write
//     that may have been applied is never sent twice;
//   - at most Config.PerEndpoint requests run at once per endpoint (Autotask allows three
//     per integration code and endpoint);
//   - every call, its retries and waits included, runs within a time budget, and the client
//     can cap the number of requests it sends over its life;
//   - answers are read up to a size limit, redirects are never followed (a credential goes
//     nowhere but its host), and DEBUG/TRACE logs mask credentials.
//
// Non-success answers that are not retried (or whose retries ran out) are returned as
// answers, not errors: each PSA client decodes its vendor's error shape.
package psahttp

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Defaults of Config.
const (
	DefaultMaxRetries     = 5
	DefaultRequestTimeout = 60 * time.Second
	DefaultRequestBudget  = 5 * time.Minute
	DefaultMinBackoff     = 500 * time.Millisecond
	DefaultMaxBackoff     = 30 * time.Second
	DefaultMaxAnswerBytes = 64 << 20
)

// Options are the knobs a PSA client passes through from its own configuration.
type Options struct {
	// HTTPClient sends the requests (its transport and timeout are kept; redirects are
	// never followed whatever its CheckRedirect says); nil uses a client with sane timeouts.
	HTTPClient *http.Client
	// RootCAs are the certificate authorities the default client trusts (CertPoolWith
	// builds them from the system's and a PEM file); nil trusts the system's (SSL_CERT_FILE
	// and SSL_CERT_DIR included). Ignored when HTTPClient is set.
	RootCAs   *x509.CertPool
	UserAgent string
	// MaxRetries bounds the retries of one request; negative means the default, 0 none.
	MaxRetries int
	// RequestTimeout bounds one attempt, its answer's body included.
	RequestTimeout time.Duration
	// RequestBudget bounds one request as a whole: every attempt, every wait between
	// attempts and for a free slot. A wait that would not fit fails the call at once.
	RequestBudget time.Duration
	// MinBackoff and MaxBackoff bound the exponential backoff between attempts.
	MinBackoff, MaxBackoff time.Duration
	// MaxRequests caps the requests the client sends over its life (attempts included);
	// 0 means no cap. A request beyond it fails with a *RequestCapError.
	MaxRequests int64
	// Logger receives DEBUG and TRACE lines; nil uses terraform-plugin-log (tflog).
	Logger Logger
	// Sleep waits between attempts; nil sleeps on a timer and stops when ctx ends. Tests inject it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a number in [0,1) that spreads backoff; nil uses math/rand.
	Jitter func() float64
	// Now is the clock of pauses and the budget; nil uses time.Now.
	Now func() time.Time
}

// Config configures a Client. Zero values take the defaults.
type Config struct {
	Options
	// Service names the API in logs and errors: "ConnectWise" or "Autotask".
	Service string
	// MaxAnswerBytes is the largest answer read.
	MaxAnswerBytes int64
	// PerEndpoint bounds the requests running at once per Request.Endpoint; 0 means no bound.
	PerEndpoint int
	// RetryStatuses are the statuses after which an Idempotent request is repeated with
	// backoff; default 502, 503 and 504. 429 is always retried (Classify may say otherwise).
	RetryStatuses []int
	// Classify judges a non-success, non-redirect answer; nil uses the default (429
	// throttled, RetryStatuses unavailable, anything else final).
	Classify func(*Response) Verdict
	// Describe turns an answer into the PSA's typed error, named as the last answer of a
	// *BudgetError; nil describes it by its status.
	Describe func(*Request, *Response) error
	// SensitiveHeaders are masked in logs, beside the built-in ones (Authorization, Cookie,
	// Set-Cookie, clientId, ApiIntegrationCode, Secret).
	SensitiveHeaders []string
	// Secrets are values masked wherever they appear in a log (URL, body, error).
	Secrets []string
}

// Client sends requests; safe for concurrent use.
type Client struct {
	cfg       Config
	http      *http.Client
	retryable map[int]bool
	sensitive map[string]bool
	slots     *limiter
	sent      atomic.Int64

	pauseMu    sync.Mutex
	pauseUntil time.Time
}

// New returns a Client for cfg. It makes no network call.
func New(cfg Config) *Client {
	if cfg.Service == "" {
		cfg.Service = "PSA"
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "terraform-provider-sophos"
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	cfg.RequestTimeout = orDefault(cfg.RequestTimeout, DefaultRequestTimeout)
	cfg.RequestBudget = orDefault(cfg.RequestBudget, DefaultRequestBudget)
	cfg.MinBackoff = orDefault(cfg.MinBackoff, DefaultMinBackoff)
	cfg.MaxBackoff = orDefault(cfg.MaxBackoff, DefaultMaxBackoff)
	if cfg.MaxAnswerBytes <= 0 {
		cfg.MaxAnswerBytes = DefaultMaxAnswerBytes
	}
	if cfg.RetryStatuses == nil {
		cfg.RetryStatuses = []int{http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout}
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleepCtx
	}
	if cfg.Jitter == nil {
		cfg.Jitter = rand.Float64 //nolint:gosec // jitter needs no cryptographic randomness
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = TFLog{}
	}
	base := cfg.HTTPClient
	if base == nil {
		base = &http.Client{Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:          100,
			MaxIdleConnsPerHost:   16,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: cfg.RequestTimeout,
			TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: cfg.RootCAs},
		}}
	}
	// Never follow a redirect: it would resend the request, and its credentials, to a
	// host nobody configured. A redirect is reported as a *RedirectError instead.
	hc := &http.Client{Transport: base.Transport, Jar: base.Jar, Timeout: base.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	c := &Client{cfg: cfg, http: hc, retryable: map[int]bool{}, sensitive: map[string]bool{}, slots: newLimiter(cfg.PerEndpoint)}
	for _, s := range cfg.RetryStatuses {
		c.retryable[s] = true
	}
	for _, h := range append(builtinSensitive(), cfg.SensitiveHeaders...) {
		c.sensitive[http.CanonicalHeaderKey(h)] = true
	}
	return c
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Sent is how many requests the client has sent (attempts included).
func (c *Client) Sent() int64 { return c.sent.Load() }

// Queued is how many requests wait for a free slot of endpoint.
func (c *Client) Queued(endpoint string) int { return c.slots.queued(endpoint) }

// ParseURL reads a configured host or URL: a bare host ("api-na.myconnectwise.net") means
// https; a URL must be https, or plain http to a loopback address (a local emulator). It
// may have a path; never a query, fragment or user information.
func ParseURL(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, errors.New("is empty")
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not a host name or URL: %w", raw, err)
	}
	switch {
	case u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		return nil, fmt.Errorf("%q is not a host name or an https URL", raw)
	case u.Scheme == "http" && !api.IsLoopbackHost(u.Hostname()):
		return nil, fmt.Errorf("%q uses plain http to a host that is not this machine; use https (plain http is allowed only to 127.0.0.1, ::1 or localhost, e.g. a local emulator)", raw)
	case u.User != nil:
		return nil, fmt.Errorf("%q carries user information; give credentials in their own settings", raw)
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return nil, fmt.Errorf("%q must not have a query or fragment", raw)
	}
	return u, nil
}

// SameOrigin reports whether u is on the scheme, host and port of base: the only place
// the base's credentials may be sent.
func SameOrigin(base, u *url.URL) bool {
	return strings.EqualFold(base.Scheme, u.Scheme) && strings.EqualFold(base.Host, u.Host)
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

// JoinURL is base with path appended to its path (one slash between) and query set: the
// PSA clients build every URL with it, so a path never replaces the base's.
func JoinURL(base *url.URL, path string, query url.Values) *url.URL {
	u := *base
	u.Path = strings.TrimRight(base.Path, "/") + "/" + strings.TrimLeft(path, "/")
	u.RawPath = ""
	u.RawQuery = ""
	if len(query) > 0 {
		u.RawQuery = query.Encode()
	}
	return &u
}
