// Package connectwise is the client of ConnectWise PSA's REST API, for the objects the
// provider reads and writes directly: catalog items, the reference lists they point into,
// agreements and their additions, and companies. It speaks the model version
// connectwise.APIVersion (pinned with the Accept header), discovers the codebase from
// login/companyinfo, authenticates an API member's keys with the integration's clientId,
// pages forward-only, writes with POST and JSON Patch (never PUT, which resets what it
// omits), and turns ConnectWise's two error shapes into typed errors. The HTTP layer
// (retries, throttling, budget, logging) is internal/client/psahttp.
package connectwise

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp"
)

// DefaultPerEndpoint is how many requests run at once per collection: ConnectWise asks
// integrations to limit parallel requests and publishes no number.
const DefaultPerEndpoint = 4

// Config configures a Client. Site, CompanyID, PublicKey, PrivateKey and ClientID are required.
type Config struct {
	// Site is the ConnectWise host, "api-na.myconnectwise.net", or an https URL of it.
	Site string
	// CompanyID is the login company id; PublicKey and PrivateKey an API member's keys.
	CompanyID  string
	PublicKey  string
	PrivateKey string
	// ClientID is the integration's clientId GUID (a secret too).
	ClientID string
	// Codebase skips the discovery with login/companyinfo when set, e.g. "v2025_1/".
	Codebase string
	// PageSize of listings, at most cw.MaxPageSize (the default).
	PageSize int
	// PerEndpoint bounds the requests running at once per collection; default DefaultPerEndpoint.
	PerEndpoint int

	// Options are the HTTP layer's knobs: HTTP client, retries, timeouts, request budget
	// and cap, logger, and the clock tests inject.
	psahttp.Options
}

// Client is a ConnectWise PSA client, safe for concurrent use.
type Client struct {
	cfg      Config
	site     *url.URL
	http     *psahttp.Client
	auth     string
	pageSize int

	baseMu sync.Mutex
	base   *url.URL
}

// New checks cfg and returns a Client. It makes no network call.
func New(cfg Config) (*Client, error) {
	var missing []string
	for _, f := range []struct{ name, v string }{
		{"site", cfg.Site}, {"company_id", cfg.CompanyID}, {"public_key", cfg.PublicKey},
		{"private_key", cfg.PrivateKey}, {"client_id", cfg.ClientID},
	} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("ConnectWise: missing %s (each may also come from its CONNECTWISE_ environment variable)", strings.Join(missing, ", "))
	}
	site, err := psahttp.ParseURL(cfg.Site)
	if err != nil {
		return nil, fmt.Errorf("ConnectWise site %w", err)
	}
	if p := strings.Trim(site.Path, "/"); p != "" {
		return nil, fmt.Errorf("ConnectWise site %q has a path (%s): give the host only, such as api-na.myconnectwise.net; the codebase is discovered", cfg.Site, p)
	}
	site.Path = ""
	if cfg.PageSize <= 0 || cfg.PageSize > cw.MaxPageSize {
		cfg.PageSize = cw.MaxPageSize
	}
	if cfg.PerEndpoint <= 0 {
		cfg.PerEndpoint = DefaultPerEndpoint
	}
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(cfg.CompanyID+"+"+cfg.PublicKey+":"+cfg.PrivateKey))
	c := &Client{cfg: cfg, site: site, auth: auth, pageSize: cfg.PageSize}
	c.http = psahttp.New(psahttp.Config{
		Options: cfg.Options, Service: "ConnectWise", PerEndpoint: cfg.PerEndpoint,
		// ConnectWise asks for retries with backoff after 500 too; reads only.
		RetryStatuses: []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout},
		Describe:      c.decodeError,
		Secrets:       []string{cfg.PrivateKey, cfg.ClientID, auth, strings.TrimPrefix(auth, "Basic ")},
	})
	if cfg.Codebase != "" {
		if err := checkCodebase(cfg.Codebase); err != nil {
			return nil, err
		}
		c.base = apiBase(site, cfg.Codebase)
	}
	return c, nil
}

// Sent is how many requests the client has sent.
func (c *Client) Sent() int64 { return c.http.Sent() }

// apiBase is https://{site}/{codebase}apis/3.0.
func apiBase(site *url.URL, codebase string) *url.URL {
	u := *site
	u.Path = "/" + codebase + cw.APIRoot
	return &u
}

// Base returns the API's root URL, discovering the codebase once.
func (c *Client) Base(ctx context.Context) (*url.URL, error) {
	c.baseMu.Lock()
	defer c.baseMu.Unlock()
	if c.base != nil {
		return c.base, nil
	}
	info, err := c.CompanyInfo(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkCodebase(info.Codebase); err != nil {
		return nil, fmt.Errorf("login/companyinfo/%s: %w", c.cfg.CompanyID, err)
	}
	if err := checkCloudHost(c.site.Hostname(), info.Codebase); err != nil {
		return nil, err
	}
	c.base = apiBase(c.site, info.Codebase)
	return c.base, nil
}

// checkCodebase refuses a codebase that is not one path segment with its trailing slash.
func checkCodebase(cb string) error {
	seg, ok := strings.CutSuffix(cb, "/")
	if !ok || seg == "" || seg == "." || seg == ".." || strings.ContainsFunc(seg, func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (r < '0' || r > '9') && r != '_' && r != '.' && r != '-'
	}) {
		return fmt.Errorf("the codebase %q is not a path segment with a trailing slash such as %q", cb, cw.DefaultCodebase)
	}
	return nil
}

// checkCloudHost: on ConnectWise's cloud a codebase other than the on-premise one means
// the host needs the api- prefix.
func checkCloudHost(host, codebase string) error {
	h := strings.ToLower(host)
	cloud := strings.HasSuffix(h, ".myconnectwise.net") || strings.HasSuffix(h, ".connectwisedev.com")
	if cloud && codebase != cw.DefaultCodebase && !strings.HasPrefix(h, "api-") {
		return &ConfigError{Setting: "site", Problem: fmt.Sprintf("%q is a ConnectWise cloud host without the api- prefix; use api-%s", host, h)}
	}
	return nil
}

// ConfigError is a setting ConnectWise's answers show to be wrong.
type ConfigError struct {
	Setting string
	Problem string
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("ConnectWise %s: %s (CONNECTWISE_%s)", e.Setting, e.Problem, strings.ToUpper(e.Setting))
}

var errNoOps = errors.New("no changes to send: a PATCH needs at least one operation")
