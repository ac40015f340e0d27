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
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

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

// New checks cfg and returns a Client. It makes no network call.
func New(cfg Config) (*Client, error) {
	if cfg.ClientID == "" {
		return nil, &ConfigError{Setting: SettingClientID, Err: errRequired}
	}
	if cfg.ClientSecret == "" {
		return nil, &ConfigError{Setting: SettingClientSecret, Err: errRequired}
	}
	if cfg.AuthURL == "" {
		cfg.AuthURL = DefaultAuthURL
	}
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	authURL, err := ParseBaseURL(cfg.AuthURL)
	if err != nil {
		return nil, &ConfigError{Setting: SettingAuthURL, Err: err}
	}
	apiURL, err := ParseBaseURL(cfg.APIURL)
	if err != nil {
		return nil, &ConfigError{Setting: SettingAPIURL, Err: err}
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
	if u.Path != "" {
		return nil, fmt.Errorf("%q has a path (%s); give the host only, such as https://api.central.sophos.com: the client adds the paths of the API itself", raw, u.Path)
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

// CheckPartner confirms that the credential belongs to the configured partner id: whoami
// must name it. Without a configured partner id it only discovers it.
func (c *Client) CheckPartner(ctx context.Context) error {
	if c.cfg.PartnerID == "" {
		_, err := c.PartnerID(ctx)
		return err
	}
	who, err := c.whoami(ctx)
	if err != nil {
		return err
	}
	if who.IdType != api.WhoamiIdTypePartner || !strings.EqualFold(who.Id, c.cfg.PartnerID) {
		return &PartnerMismatchError{Configured: c.cfg.PartnerID, Actual: who.Id, IDType: string(who.IdType)}
	}
	return nil
}

// whoami identifies the caller of the credential.
func (c *Client) whoami(ctx context.Context) (*api.Whoami, error) {
	var out api.Whoami
	if _, err := c.do(ctx, request{method: http.MethodGet, path: "/whoami/v1"}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ClientID is the OAuth2 client id the client authenticates with; the API names it as the
// writer of what this client writes.
func (c *Client) ClientID() string { return c.cfg.ClientID }
