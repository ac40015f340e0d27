package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// tokenPath is the token endpoint on the authentication host.
const tokenPath = "/api/v2/oauth2/token" //nolint:gosec // a URL path, not a credential

// tokenExpiryMargin is the longest a token is renewed before it expires; short-lived
// tokens are renewed when a quarter of their life is left.
const tokenExpiryMargin = 60 * time.Second

// tokenCache holds the current access token and fetches a new one when it is missing,
// about to expire, or was refused by the API. One fetch runs at a time. It reads the
// client's clock (Config.Now), like everything else that waits or expires.
type tokenCache struct {
	c       *Client
	fetches flight[string]

	mu    sync.Mutex
	token string
	// renewAt is when the token is renewed; zero means it does not expire.
	renewAt time.Time
}

func (t *tokenCache) current() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token == "" || (!t.renewAt.IsZero() && !t.c.cfg.Now().Before(t.renewAt)) {
		return ""
	}
	return t.token
}

func (t *tokenCache) get(ctx context.Context) (string, error) {
	if tok := t.current(); tok != "" {
		return tok, nil
	}
	return t.fetches.do(ctx, func() (string, error) {
		if tok := t.current(); tok != "" { // renewed while this caller waited for the lock
			return tok, nil
		}
		tok, lifetime, err := t.fetch(ctx)
		if err != nil {
			return "", err
		}
		t.mu.Lock()
		t.token, t.renewAt = tok, renewTime(lifetime, t.c.cfg.Now())
		t.mu.Unlock()
		return tok, nil
	})
}

// renewTime is when a token of the given lifetime, issued now, should be replaced: a
// minute before it expires, or with a quarter of its life left if that is sooner; never
// when it has no lifetime (expires_in 0).
func renewTime(lifetime time.Duration, now time.Time) time.Time {
	if lifetime <= 0 {
		return time.Time{}
	}
	return now.Add(lifetime - min(tokenExpiryMargin, lifetime/4))
}

// invalidate drops token if it is still the current one.
func (t *tokenCache) invalidate(token string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token == token {
		t.token = ""
	}
}

// fetch asks the token endpoint for a token (OAuth2 client credentials, the secret in the
// form body), retrying throttling and outages like any call. It never follows a redirect:
// a redirect would re-post the secret to another host, or fetch a token from one.
func (t *tokenCache) fetch(ctx context.Context) (string, time.Duration, error) {
	c := t.c
	req := request{method: http.MethodPost, path: tokenPath}
	form := url.Values{
		"grant_type":    {string(api.TokenRequestGrantTypeClientCredentials)},
		"client_id":     {c.cfg.ClientID},
		"client_secret": {c.cfg.ClientSecret},
		"scope":         {string(api.TokenRequestScopeToken)},
	}
	body := []byte(form.Encode())
	h := http.Header{}
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	h.Set("Accept", "application/json")
	host := c.auth.Host
	ctx = tflog.MaskAllFieldValuesStrings(ctx, c.cfg.ClientSecret)
	ctx = tflog.MaskMessageStrings(ctx, c.cfg.ClientSecret)
	for attempt := 0; ; attempt++ {
		resp, dur, err := c.exchange(ctx, http.MethodPost, c.auth.String()+tokenPath, body, h)
		fields := map[string]any{"method": http.MethodPost, "path": tokenPath, "attempt": attempt + 1, "duration_ms": dur.Milliseconds()}
		if err != nil {
			fields["error"] = "token request did not complete"
			tflog.Debug(ctx, "Sophos token request", fields)
			if ctx.Err() != nil {
				return "", 0, fmt.Errorf("%s %s: requesting an access token from %s: %w", req.method, req.path, host, context.Cause(ctx))
			}
			err = fmt.Errorf("%s %s: requesting an access token from %s: %w", req.method, req.path, host, err)
			if attempt >= c.cfg.MaxRetries {
				return "", 0, fmt.Errorf("%w (after %d attempts)", err, attempt+1)
			}
			if err := c.wait(ctx, req, c.backoff(attempt), "backoff", err); err != nil {
				return "", 0, err
			}
			continue
		}
		fields["status"] = resp.status
		tflog.Debug(ctx, "Sophos token request", fields)
		switch {
		case isRedirect(resp.status):
			return "", 0, redirectError(SettingAuthURL, req, c.auth, resp)
		case resp.status >= 200 && resp.status < 300:
			var tr api.TokenResponse
			if err := decodeAnswer(resp.header, resp.body, &tr); err != nil {
				return "", 0, contractError(req, resp, err)
			}
			if tr.AccessToken == "" {
				return "", 0, contractError(req, resp, errors.New(`"access_token" is empty`))
			}
			if tr.ExpiresIn < 0 {
				return "", 0, contractError(req, resp, fmt.Errorf(`"expires_in" is %d, want 0 or more seconds`, tr.ExpiresIn))
			}
			return tr.AccessToken, time.Duration(tr.ExpiresIn) * time.Second, nil
		case resp.status == http.StatusBadRequest || resp.status == http.StatusUnauthorized:
			// Only these say the credential itself was refused.
			return "", 0, authError(resp)
		}
		svcErr := authServiceError(host, resp)
		if !retryableStatus(resp.status) || attempt >= c.cfg.MaxRetries {
			return "", 0, svcErr
		}
		wait, reason := c.backoff(attempt), "backoff"
		if ra := retryAfter(resp.header, c.cfg.Now()); ra > 0 {
			wait, reason = ra, "Retry-After"
		}
		if resp.status == http.StatusTooManyRequests {
			c.pauseFor(wait)
		}
		if err := c.wait(ctx, req, wait, reason, svcErr); err != nil {
			return "", 0, err
		}
	}
}

// authBody is an error answer of the authentication host: Sophos's own fields, or the
// standard OAuth2 ones.
type authBody struct {
	api.AuthError
	OAuthError       string `json:"error"`
	OAuthDescription string `json:"error_description"`
}

func parseAuthBody(resp *response) (code, msg, tracking string) {
	var b authBody
	if json.Unmarshal(resp.body, &b) != nil {
		return "", describeBody(resp.header, resp.body), ""
	}
	code, msg = b.ErrorCode, b.Message
	if code == "" {
		code = b.OAuthError
	}
	if msg == "" {
		msg = b.OAuthDescription
	}
	if b.TrackingId != nil {
		tracking = *b.TrackingId
	}
	return code, msg, tracking
}

func authError(resp *response) error {
	e := &AuthError{StatusCode: resp.status}
	e.Code, e.Message, e.TrackingID = parseAuthBody(resp)
	return e
}

func authServiceError(host string, resp *response) *AuthServiceError {
	e := &AuthServiceError{Host: host, StatusCode: resp.status, RequestID: resp.header.Get("X-Request-Id")}
	e.Code, e.Message, e.TrackingID = parseAuthBody(resp)
	if e.Code == "" {
		e.Code = http.StatusText(resp.status)
	}
	return e
}
