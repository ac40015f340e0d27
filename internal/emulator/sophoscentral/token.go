package sophoscentral

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// authError is an answer of the token endpoint in its own shape (the auth host's).
func authError(status int, code, msg string) web.Reply {
	return web.Reply{Status: status, Body: api.AuthError{ErrorCode: code, Message: msg, TrackingId: ptr(uuid.NewString())}}.With("Cache-Control", "no-store")
}

// createToken answers POST /api/v2/oauth2/token.
func (rm *Room) createToken(r *http.Request, q store.Q) (web.Reply, error) {
	// The route's middleware has read the body into memory already, at most
	// web.MaxBodyBytes.
	r.Body = http.MaxBytesReader(nil, r.Body, web.MaxBodyBytes)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return authError(http.StatusRequestEntityTooLarge, "oauth.invalid_request", fmt.Sprintf("the request body is larger than the limit of %s (%d bytes)", web.ByteSize(web.MaxBodyBytes), web.MaxBodyBytes)), nil
		}
		return authError(http.StatusBadRequest, "oauth.invalid_request", "the request body must be form-encoded (application/x-www-form-urlencoded): "+err.Error()), nil
	}
	form := r.PostForm
	// Like most OAuth2 servers, accept the client credentials as HTTP Basic auth too.
	if id, secret, ok := r.BasicAuth(); ok && form.Get("client_id") == "" && form.Get("client_secret") == "" {
		form.Set("client_id", id)
		form.Set("client_secret", secret)
	}
	var missing []string
	for _, f := range []string{"grant_type", "client_id", "client_secret", "scope"} {
		if form.Get(f) == "" {
			missing = append(missing, f)
		}
	}
	switch {
	case len(missing) > 0:
		return authError(http.StatusBadRequest, "oauth.invalid_request", "missing form field(s): "+strings.Join(missing, ", ")), nil
	case form.Get("grant_type") != string(api.TokenRequestGrantTypeClientCredentials):
		return authError(http.StatusBadRequest, "oauth.invalid_request", fmt.Sprintf("unsupported grant_type %q; use client_credentials", form.Get("grant_type"))), nil
	case form.Get("scope") != string(api.TokenRequestScopeToken):
		return authError(http.StatusBadRequest, "oauth.invalid_request", fmt.Sprintf("unsupported scope %q; use token", form.Get("scope"))), nil
	}
	clientID := form.Get("client_id")
	now := rm.api.Now()
	// Throttled client ids are refused before their credentials are looked at, so guessing
	// cannot go on at full speed (nor learn anything from the answer).
	if wait := rm.failures.wait(clientID, now); wait > 0 {
		retryAfter := max(1, int(math.Ceil(wait.Seconds())))
		return authError(http.StatusTooManyRequests, "oauth.too_many_requests", fmt.Sprintf(
			"too many failed token requests for client_id %q (%d within %s); retry after %d seconds with the right client_id and client_secret",
			clientID, rm.failures.limit, tokenFailureWindow, retryAfter)).With("Retry-After", strconv.Itoa(retryAfter)), nil
	}
	secret, err := q.ClientSecret(r.Context(), clientID)
	if errors.Is(err, store.ErrNotFound) {
		rm.failures.fail(clientID, now)
		return authError(http.StatusUnauthorized, "oauth.client_app_does_not_exist", fmt.Sprintf("no API client with client_id %q; check the credential in Sophos Central Partner (Settings & policies > API Credentials Management)", clientID)), nil
	}
	if err != nil {
		return web.Reply{}, err
	}
	if secret != form.Get("client_secret") {
		rm.failures.fail(clientID, now)
		return authError(http.StatusUnauthorized, "oauth.invalid_client_secret", "the client secret is wrong for this client_id"), nil
	}
	rm.failures.succeed(clientID)
	lifetime := rm.faults.Get().TokenLifetime
	token, err := newAccessToken(clientID, now, lifetime)
	if err != nil {
		return web.Reply{}, err
	}
	if err := q.IssueToken(r.Context(), token, clientID, now, lifetime); err != nil {
		return web.Reply{}, err
	}
	return web.OK(api.TokenResponse{
		AccessToken: token,
		TokenType:   "bearer",
		ExpiresIn:   int(math.Ceil(lifetime.Seconds())),
		ErrorCode:   ptr("success"),
		Message:     ptr("OK"),
		TrackingId:  ptr(uuid.NewString()),
	}).With("Cache-Control", "no-store"), nil
}

// newAccessToken makes an opaque token shaped like a JWT (the signature is random bytes;
// the emulator looks tokens up, it does not verify them).
func newAccessToken(clientID string, now time.Time, lifetime time.Duration) (string, error) {
	sig := make([]byte, 32)
	if _, err := rand.Read(sig); err != nil {
		return "", fmt.Errorf("generating a token: %w", err)
	}
	header, err := json.Marshal(map[string]string{"alg": "HS256", "typ": "JWT"})
	if err != nil {
		return "", err
	}
	claims, err := json.Marshal(map[string]any{
		"iss": "sophos-psa-emulator", "sub": clientID, "scope": "token",
		"iat": now.Unix(), "exp": now.Add(lifetime).Unix(), "jti": uuid.NewString(),
	})
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString(header) + "." + enc.EncodeToString(claims) + "." + enc.EncodeToString(sig), nil
}

func ptr[T any](v T) *T { return &v }
