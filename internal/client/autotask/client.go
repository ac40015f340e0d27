// Package autotask is the client of Autotask PSA's REST API, for what the provider reads
// directly: companies, contracts with their services and service units, services and
// service bundles, picklists and the request threshold. It finds the API user's zone with
// zoneInformation (unless a zone URL is given) and uses the URL it returns as given,
// authenticates with the ApiIntegrationCode, UserName and Secret headers, queries with
// IncludeFields and MaxRecords 500 following nextPageUrl, keeps to Autotask's three
// concurrent requests per integration code and endpoint, and turns Autotask's answers into
// typed errors. The HTTP layer (retries, throttling, budget, logging) is
// internal/client/psahttp.
package autotask

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp"
)

// Config configures a Client. Username, Secret and IntegrationCode are required.
type Config struct {
	// Username is the API user's name; Secret its password; IntegrationCode the API
	// tracking identifier of the integration.
	Username        string
	Secret          string
	IntegrationCode string
	// ZoneURL is the zone's API root ("https://webservices5.autotask.net/ATServicesRest/");
	// empty means it is looked up with zoneInformation.
	ZoneURL string
	// ZoneLookupURL is where zones are looked up; default at.DefaultZoneLookupURL.
	ZoneLookupURL string
	// ImpersonationResourceID, when set, makes the calls on behalf of that resource.
	ImpersonationResourceID string
	// PerEndpoint bounds the requests running at once per entity; at most (and by default)
	// at.ThreadLimit.
	PerEndpoint int

	// Options are the HTTP layer's knobs: HTTP client, retries, timeouts, request budget
	// and cap (Autotask's hourly budget is shared by every integration of the database),
	// logger, and the clock tests inject.
	psahttp.Options
}

// Client is an Autotask client, safe for concurrent use.
type Client struct {
	cfg    Config
	lookup *url.URL
	http   *psahttp.Client

	zoneMu sync.Mutex
	zone   *url.URL
}

// New checks cfg and returns a Client. It makes no network call.
func New(cfg Config) (*Client, error) {
	var missing []string
	for _, f := range []struct{ name, v string }{{"username", cfg.Username}, {"secret", cfg.Secret}, {"integration_code", cfg.IntegrationCode}} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("autotask: missing %s (each may also come from its AUTOTASK_ environment variable)", strings.Join(missing, ", "))
	}
	if id := cfg.ImpersonationResourceID; id != "" {
		if _, err := strconv.ParseInt(id, 10, 64); err != nil {
			return nil, fmt.Errorf("autotask: impersonation_resource_id %q is not a resource id (a whole number)", id)
		}
	}
	if cfg.ZoneLookupURL == "" {
		cfg.ZoneLookupURL = at.DefaultZoneLookupURL
	}
	lookup, err := psahttp.ParseURL(cfg.ZoneLookupURL)
	if err != nil {
		return nil, fmt.Errorf("autotask zone lookup URL %w", err)
	}
	if cfg.PerEndpoint <= 0 || cfg.PerEndpoint > at.ThreadLimit {
		cfg.PerEndpoint = at.ThreadLimit
	}
	c := &Client{cfg: cfg, lookup: lookup}
	if cfg.ZoneURL != "" {
		if c.zone, err = zoneRoot(cfg.ZoneURL); err != nil {
			return nil, fmt.Errorf("autotask zone_url %w", err)
		}
	}
	c.http = psahttp.New(psahttp.Config{
		Options: cfg.Options, Service: "Autotask", PerEndpoint: cfg.PerEndpoint,
		Classify: classify, Describe: c.decodeError, Secrets: []string{cfg.Secret, cfg.IntegrationCode},
	})
	return c, nil
}

// zoneRoot reads a zone URL, used as given (a trailing slash added when missing).
func zoneRoot(raw string) (*url.URL, error) {
	u, err := psahttp.ParseURL(raw)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

// Sent is how many requests the client has sent.
func (c *Client) Sent() int64 { return c.http.Sent() }

// Queued is how many requests wait for a free slot of entity's endpoint.
func (c *Client) Queued(entity string) int { return c.http.Queued(entity) }

// Zone returns the zone's API root, looked up once.
func (c *Client) Zone(ctx context.Context) (*url.URL, error) {
	c.zoneMu.Lock()
	defer c.zoneMu.Unlock()
	if c.zone != nil {
		return c.zone, nil
	}
	info, err := c.ZoneInformation(ctx)
	if err != nil {
		return nil, err
	}
	zone, err := zoneRoot(info.URL)
	if err != nil {
		return nil, &ZoneLookupError{Username: c.cfg.Username, Problem: "the zone URL it named " + err.Error()}
	}
	// From Autotask's own lookup, credentials go only to an Autotask host.
	if strings.EqualFold(c.lookup.Host, hostOf(at.DefaultZoneLookupURL)) && !strings.HasSuffix(strings.ToLower(zone.Hostname()), ".autotask.net") {
		return nil, &ZoneLookupError{Username: c.cfg.Username, Problem: fmt.Sprintf("the zone URL it named (%s) is not an Autotask host; set zone_url if it is yours", zone.Host)}
	}
	c.zone = zone
	return zone, nil
}

// ZoneInformation looks up the API user's zone: GET zoneInformation?user=, which needs no
// authentication, so none of the credentials is sent.
func (c *Client) ZoneInformation(ctx context.Context) (*at.ZoneInformation, error) {
	u := psahttp.JoinURL(c.lookup, at.ZoneInformationPath, url.Values{at.ZoneUserQuery: {c.cfg.Username}})
	req := &psahttp.Request{Method: http.MethodGet, URL: u, Endpoint: "zoneInformation", Idempotent: true,
		Header: http.Header{"Accept": {"application/json"}}}
	resp, err := c.http.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	var info at.ZoneInformation
	if resp.Status != http.StatusOK || decodeJSON(resp.Body, &info) != nil || info.URL == "" {
		return nil, &ZoneLookupError{Username: c.cfg.Username, Status: resp.Status, Errors: errorsOf(resp.Body),
			Problem: "no zone for this user"}
	}
	return &info, nil
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}
