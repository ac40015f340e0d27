package emulator

import (
	"context"
	"crypto/rand"
	"database/sql"
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
)

// principal is the identity behind an access token.
type principal struct {
	clientID  string
	idType    api.WhoamiIdType
	partnerID string // partner credentials
	tenantID  string // tenant credentials
	region    string // tenant credentials
}

func principalOf(r *http.Request) principal {
	p, _ := r.Context().Value(ctxPrincipal).(principal)
	return p
}

// CreateToken implements POST /api/v2/oauth2/token (client credentials grant).
func (s *server) CreateToken(w http.ResponseWriter, r *http.Request) {
	e := s.e
	authError := func(status int, code, msg string) {
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, status, api.AuthError{ErrorCode: code, Message: msg, TrackingId: ptr(uuid.NewString())})
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			authError(http.StatusRequestEntityTooLarge, "oauth.invalid_request", fmt.Sprintf("the request body is larger than the limit of %s (%d bytes)", byteSize(maxBodyBytes), maxBodyBytes))
			return
		}
		authError(http.StatusBadRequest, "oauth.invalid_request", "the request body must be form-encoded (application/x-www-form-urlencoded): "+err.Error())
		return
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
		authError(http.StatusBadRequest, "oauth.invalid_request", "missing form field(s): "+strings.Join(missing, ", "))
		return
	case form.Get("grant_type") != string(api.TokenRequestGrantTypeClientCredentials):
		authError(http.StatusBadRequest, "oauth.invalid_request", fmt.Sprintf("unsupported grant_type %q; use client_credentials", form.Get("grant_type")))
		return
	case form.Get("scope") != string(api.TokenRequestScopeToken):
		authError(http.StatusBadRequest, "oauth.invalid_request", fmt.Sprintf("unsupported scope %q; use token", form.Get("scope")))
		return
	}
	clientID := form.Get("client_id")
	now := e.now()
	// Throttled client ids are refused before their credentials are looked at, so guessing
	// cannot go on at full speed (nor learn anything from the answer).
	if wait := e.tokenFailures.wait(clientID, now); wait > 0 {
		retryAfter := max(1, int(math.Ceil(wait.Seconds())))
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		authError(http.StatusTooManyRequests, "oauth.too_many_requests", fmt.Sprintf(
			"too many failed token requests for client_id %q (%d within %s); retry after %d seconds with the right client_id and client_secret",
			clientID, e.tokenFailures.limit, tokenFailureWindow, retryAfter))
		return
	}
	var secret string
	err := e.store.db.QueryRowContext(r.Context(), "SELECT client_secret FROM credentials WHERE client_id = ?", clientID).Scan(&secret)
	if errors.Is(err, sql.ErrNoRows) {
		e.tokenFailures.fail(clientID, now)
		authError(http.StatusUnauthorized, "oauth.client_app_does_not_exist", fmt.Sprintf("no API client with client_id %q; check the credential in Sophos Central Partner (Settings & policies > API Credentials Management)", clientID))
		return
	}
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	if secret != form.Get("client_secret") {
		e.tokenFailures.fail(clientID, now)
		authError(http.StatusUnauthorized, "oauth.invalid_client_secret", "the client secret is wrong for this client_id")
		return
	}
	e.tokenFailures.succeed(clientID)
	lifetime := e.Faults().TokenLifetime
	token, err := newAccessToken(clientID, now, lifetime)
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	err = e.store.tx(r.Context(), func(tx *sql.Tx) error {
		// Forget tokens that expired more than a day ago.
		if _, err := tx.ExecContext(r.Context(), "DELETE FROM tokens WHERE expires_at < ?", toNanos(now.Add(-24*time.Hour))); err != nil {
			return err
		}
		_, err := tx.ExecContext(r.Context(), "INSERT INTO tokens(token, client_id, issued_at, expires_at) VALUES(?, ?, ?, ?)",
			token, clientID, toNanos(now), toNanos(now.Add(lifetime)))
		return err
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, api.TokenResponse{
		AccessToken: token,
		TokenType:   "bearer",
		ExpiresIn:   int(math.Ceil(lifetime.Seconds())),
		ErrorCode:   ptr("success"),
		Message:     ptr("OK"),
		TrackingId:  ptr(uuid.NewString()),
	})
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

// authenticate checks the bearer token (every route but the token endpoint) and, on
// /partner/ routes, the X-Partner-ID header.
func (e *Emulator) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == tokenPath {
			next.ServeHTTP(w, r)
			return
		}
		p, err := e.principalFromRequest(r)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="sophos-psa-emulator"`)
			e.writeError(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxPrincipal, p)))
	})
}

func (e *Emulator) principalFromRequest(r *http.Request) (principal, error) {
	authz := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(authz, " ")
	if authz == "" {
		return principal{}, errUnauthorized("missing Authorization header; send \"Authorization: Bearer <access_token>\" with a token from POST %s", tokenPath)
	}
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return principal{}, errUnauthorized("the Authorization header must be \"Bearer <access_token>\"")
	}
	p, expires, err := e.lookupToken(r.Context(), token)
	if errors.Is(err, sql.ErrNoRows) {
		return principal{}, errUnauthorized("the access token is not valid; request a new one from POST %s", tokenPath)
	}
	if err != nil {
		return principal{}, err
	}
	if !e.now().Before(expires) {
		return principal{}, errUnauthorized("the access token expired at %s; request a new one from POST %s", expires.Format(time.RFC3339), tokenPath)
	}
	if !strings.HasPrefix(r.URL.Path, "/partner/") {
		return p, nil
	}
	header := r.Header.Get("X-Partner-ID")
	switch {
	case header == "":
		return principal{}, errUnauthorized("the X-Partner-ID header is required on partner APIs; send the partner id from GET /whoami/v1")
	case p.idType != api.WhoamiIdTypePartner:
		return principal{}, errForbidden("this is %s credential; partner APIs need a partner API credential (Sophos Central Partner > Settings & policies > API Credentials Management)", api.WithArticle(string(p.idType)))
	case !strings.EqualFold(header, p.partnerID):
		return principal{}, errForbidden("X-Partner-ID %s is not the partner this token belongs to; send the id from GET /whoami/v1", header)
	}
	return p, nil
}

func (e *Emulator) lookupToken(ctx context.Context, token string) (principal, time.Time, error) {
	var (
		p                          principal
		idType                     string
		partnerID, tenantID, regio sql.NullString
		expires                    int64
	)
	err := e.store.db.QueryRowContext(ctx, `SELECT c.client_id, c.id_type, c.partner_id, c.tenant_id, t.expires_at,
			(SELECT data_region FROM tenants WHERE id = c.tenant_id)
		FROM tokens t JOIN credentials c ON c.client_id = t.client_id WHERE t.token = ?`, token).
		Scan(&p.clientID, &idType, &partnerID, &tenantID, &expires, &regio)
	if err != nil {
		return p, time.Time{}, err
	}
	p.idType = api.WhoamiIdType(idType)
	p.partnerID, p.tenantID, p.region = partnerID.String, tenantID.String, regio.String
	return p, fromNanos(expires), nil
}

// Whoami implements GET /whoami/v1.
func (s *server) Whoami(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	var out api.Whoami
	out.IdType = p.idType
	out.ApiHosts.Global = s.e.url
	if p.idType == api.WhoamiIdTypeTenant {
		out.Id = p.tenantID
		out.ApiHosts.DataRegion = ptr(regionalHost(p.region))
	} else {
		out.Id = p.partnerID
	}
	writeJSON(w, http.StatusOK, out)
}
