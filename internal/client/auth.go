package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// tokenExpiryMargin is the longest a token is renewed before it expires; short-lived
// tokens are renewed when a quarter of their life is left.
const tokenExpiryMargin = 60 * time.Second

// tokenCache holds the current access token and fetches a new one when it is missing,
// about to expire, or was refused by the API. One fetch runs at a time.
type tokenCache struct {
	c       *Client
	fetches flight[*oauth2.Token]

	mu sync.Mutex
	tk *oauth2.Token
	// renewAt is when the token is renewed; zero means it does not expire.
	renewAt time.Time
}

func (t *tokenCache) current() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tk == nil || t.tk.AccessToken == "" || (!t.renewAt.IsZero() && !time.Now().Before(t.renewAt)) {
		return ""
	}
	return t.tk.AccessToken
}

func (t *tokenCache) get(ctx context.Context) (string, error) {
	if tok := t.current(); tok != "" {
		return tok, nil
	}
	tk, err := t.fetches.do(ctx, func() (*oauth2.Token, error) {
		if tok := t.current(); tok != "" { // renewed while this caller waited for the lock
			return &oauth2.Token{AccessToken: tok}, nil
		}
		tk, err := t.fetch(ctx)
		if err != nil {
			return nil, err
		}
		t.mu.Lock()
		t.tk, t.renewAt = tk, renewTime(tk, time.Now())
		t.mu.Unlock()
		return tk, nil
	})
	if err != nil {
		return "", err
	}
	return tk.AccessToken, nil
}

// renewTime is when tk should be replaced: a minute before it expires, or with a quarter
// of its life left if that is sooner; never when it has no expiry.
func renewTime(tk *oauth2.Token, now time.Time) time.Time {
	if tk.Expiry.IsZero() {
		return time.Time{}
	}
	life := tk.Expiry.Sub(now)
	return tk.Expiry.Add(-min(tokenExpiryMargin, life/4))
}

// invalidate drops token if it is still the current one.
func (t *tokenCache) invalidate(token string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tk != nil && t.tk.AccessToken == token {
		t.tk = nil
	}
}

// fetch asks the token endpoint for a token, retrying throttling and outages like any call.
func (t *tokenCache) fetch(ctx context.Context) (*oauth2.Token, error) {
	c := t.c
	cc := clientcredentials.Config{
		ClientID:     c.cfg.ClientID,
		ClientSecret: c.cfg.ClientSecret,
		TokenURL:     c.auth.String() + "/api/v2/oauth2/token",
		Scopes:       []string{string(api.TokenRequestScopeToken)},
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	hctx := context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Transport: &userAgent{rt: c.http.Transport, ua: c.cfg.UserAgent}, Timeout: c.cfg.RequestTimeout})
	ctx = tflog.MaskAllFieldValuesStrings(ctx, c.cfg.ClientSecret)
	for attempt := 0; ; attempt++ {
		start := time.Now()
		tk, err := cc.Token(hctx)
		fields := map[string]any{"method": http.MethodPost, "path": "/api/v2/oauth2/token", "attempt": attempt + 1, "duration_ms": time.Since(start).Milliseconds()}
		if err == nil {
			fields["status"] = http.StatusOK
			tflog.Debug(ctx, "Sophos token request", fields)
			return tk, nil
		}
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.Response != nil {
			fields["status"] = re.Response.StatusCode
			tflog.Debug(ctx, "Sophos token request", fields)
			if !retryableStatus(re.Response.StatusCode) || attempt >= c.cfg.MaxRetries {
				return nil, authError(re)
			}
			if ra := decodeAPIError(request{}, &response{status: re.Response.StatusCode, header: re.Response.Header}, c.cfg.Now()).RetryAfter; ra > 0 {
				if re.Response.StatusCode == http.StatusTooManyRequests {
					c.pauseFor(min(ra, maxRetryAfter))
				}
				if err := c.cfg.Sleep(ctx, min(ra, maxRetryAfter)); err != nil {
					return nil, err
				}
				continue
			}
		} else {
			fields["error"] = "token request did not complete"
			tflog.Debug(ctx, "Sophos token request", fields)
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if attempt >= c.cfg.MaxRetries {
				return nil, fmt.Errorf("requesting a Sophos access token from %s: %w (after %d attempts)", c.auth, err, attempt+1)
			}
		}
		if err := c.cfg.Sleep(ctx, c.backoff(attempt)); err != nil {
			return nil, err
		}
	}
}

func authError(re *oauth2.RetrieveError) error {
	e := &AuthError{StatusCode: re.Response.StatusCode}
	var body api.AuthError
	if json.Unmarshal(re.Body, &body) == nil {
		e.Code, e.Message = body.ErrorCode, body.Message
		if body.TrackingId != nil {
			e.TrackingID = *body.TrackingId
		}
	}
	if e.Code == "" {
		e.Code = re.ErrorCode
	}
	return e
}

// userAgent sets the User-Agent on token requests.
type userAgent struct {
	rt http.RoundTripper
	ua string
}

func (u *userAgent) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("User-Agent", u.ua)
	rt := u.rt
	if rt == nil {
		rt = http.DefaultTransport
	}
	return rt.RoundTrip(r)
}
