package web

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/google/uuid"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// What the middleware learns about a request and keeps in its context: its ids and who is
// calling.

type ctxKey int

const (
	ctxRequestID ctxKey = iota
	ctxCorrelationID
	ctxPrincipal
)

// RequestID is the request's id (X-Request-Id).
func RequestID(r *http.Request) string {
	v, _ := r.Context().Value(ctxRequestID).(string)
	return v
}

// CorrelationID is the caller's X-Correlation-ID, or the request id.
func CorrelationID(r *http.Request) string {
	v, _ := r.Context().Value(ctxCorrelationID).(string)
	return v
}

// RequestIDs gives every request a request id (echoed as X-Request-Id) and a correlation id
// (the caller's X-Correlation-ID, or a new one).
func RequestIDs(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rid := uuid.NewString()
		cid := r.Header.Get("X-Correlation-ID")
		if cid == "" {
			cid = rid
		}
		w.Header().Set("X-Request-Id", rid)
		w.Header().Set("X-Correlation-Id", cid)
		ctx := context.WithValue(r.Context(), ctxRequestID, rid)
		ctx = context.WithValue(ctx, ctxCorrelationID, cid)
		log.DebugContext(ctx, "request", "method", r.Method, "path", r.URL.Path, "requestId", rid)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Principal is who an authenticated request comes from. PartnerID scopes it: it reads and
// writes only that partner's data, and its idempotency keys and rate-limit bucket are the
// partner's.
type Principal struct {
	ClientID  string
	IDType    api.WhoamiIdType
	PartnerID string // partner credentials
	TenantID  string // tenant credentials
	Region    string // tenant credentials
}

// WithPrincipal is r with its authenticated principal.
func WithPrincipal(r *http.Request, p Principal) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), ctxPrincipal, p))
}

// PrincipalOf is the request's authenticated principal; the zero value before
// authentication and on routes without it.
func PrincipalOf(r *http.Request) Principal {
	p, _ := r.Context().Value(ctxPrincipal).(Principal)
	return p
}

// AnswerHeader sets header name to value on every answer next gives (a vendor's version
// header, say).
func AnswerHeader(name, value string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(name, value)
		next.ServeHTTP(w, r)
	})
}
