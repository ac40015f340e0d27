package psahttp

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Logger receives the client's log lines. Everything it is given is already masked.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Trace(ctx context.Context, msg string, fields map[string]any)
}

// TFLog logs through terraform-plugin-log, to the provider's logger in ctx.
type TFLog struct{}

// Debug logs at DEBUG.
func (TFLog) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}

// Trace logs at TRACE.
func (TFLog) Trace(ctx context.Context, msg string, fields map[string]any) {
	tflog.Trace(ctx, msg, fields)
}

// masked replaces what a log must never show.
const masked = "***"

// maxLoggedBody bounds each body in a TRACE line.
const maxLoggedBody = 16 << 10

func builtinSensitive() []string {
	return []string{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "clientId", "ApiIntegrationCode", "Secret"}
}

// logAttempt logs one attempt: a DEBUG line with what was asked and answered, and a TRACE
// line with headers and bodies.
func (c *Client) logAttempt(ctx context.Context, req *Request, attempt int, dur time.Duration, resp *Response, err error) {
	fields := map[string]any{"method": req.Method, "url": c.shown(req.URL), "attempt": attempt + 1, "duration_ms": dur.Milliseconds()}
	if req.Endpoint != "" {
		fields["endpoint"] = req.Endpoint
	}
	if err != nil {
		fields["error"] = c.mask(err.Error())
		c.cfg.Logger.Debug(ctx, c.cfg.Service+" API request failed to complete", fields)
		return
	}
	fields["status"] = resp.Status
	c.cfg.Logger.Debug(ctx, c.cfg.Service+" API request", fields)
	c.cfg.Logger.Trace(ctx, c.cfg.Service+" API exchange", map[string]any{
		"method": req.Method, "url": c.shown(req.URL), "status": resp.Status,
		"request_headers": c.headers(req.Header), "request_body": c.body(req.Body),
		"response_headers": c.headers(resp.Header), "response_body": c.body(resp.Body),
	})
}

// shown is u as logs and errors show it: secrets masked.
func (c *Client) shown(u *url.URL) string {
	if u == nil {
		return ""
	}
	return c.mask(u.String())
}

// mask replaces every configured secret in s, in plain and URL-encoded form.
func (c *Client) mask(s string) string {
	for _, secret := range c.cfg.Secrets {
		if secret == "" {
			continue
		}
		s = strings.ReplaceAll(s, secret, masked)
		if q := url.QueryEscape(secret); q != secret {
			s = strings.ReplaceAll(s, q, masked)
		}
	}
	return s
}

// headers renders h for a log: sensitive headers masked whole, secrets masked elsewhere.
func (c *Client) headers(h http.Header) string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		v := strings.Join(h[k], ", ")
		if c.sensitive[http.CanonicalHeaderKey(k)] {
			v = masked
		}
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(k + ": " + c.mask(v))
	}
	return b.String()
}

func (c *Client) body(b []byte) string {
	s := string(b)
	if len(s) > maxLoggedBody {
		s = s[:maxLoggedBody] + "…(truncated)"
	}
	return c.mask(s)
}
