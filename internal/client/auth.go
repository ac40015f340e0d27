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

// tokenExpiryMargin renews a token this long before it expires.
const tokenExpiryMargin = 60 * time.Second

// tokenCache holds the current access token and fetches a new one when it is missing,
// about to expire, or was refused by the API.
type tokenCache struct {
	c  *Client
	mu sync.Mutex
	tk *oauth2.Token
}

func (t *tokenCache) get(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tk != nil && t.tk.AccessToken != "" && time.Until(t.tk.Expiry) > tokenExpiryMargin {
		return t.tk.AccessToken, nil
	}
	tk, err := t.fetch(ctx)
	if err != nil {
		return "", err
	}
	t.tk = tk
	return tk.AccessToken, nil
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
		Scopes:       []string{string(api.Token)},
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
