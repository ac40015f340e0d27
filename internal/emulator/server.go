package emulator

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"

	"github.com/google/uuid"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/apiserver"
)

// tokenPath is the OAuth2 token endpoint (a route, not a credential).
const tokenPath = "/api/v2/oauth2/token" //nolint:gosec // not a credential

// server implements apiserver.ServerInterface on top of the emulator.
type server struct {
	e *Emulator
}

var _ apiserver.ServerInterface = (*server)(nil)

type ctxKey int

const (
	ctxRequestID ctxKey = iota
	ctxCorrelationID
	ctxPrincipal
)

func requestID(r *http.Request) string {
	v, _ := r.Context().Value(ctxRequestID).(string)
	return v
}

func correlationID(r *http.Request) string {
	v, _ := r.Context().Value(ctxCorrelationID).(string)
	return v
}

// buildHandler assembles the routes and middleware:
// request ids → (admin | counting → latency → faults → auth → rate limit → API routes).
func (e *Emulator) buildHandler() http.Handler {
	e.apiMux = http.NewServeMux()
	apiserver.HandlerWithOptions(&server{e: e}, apiserver.StdHTTPServerOptions{
		BaseRouter: e.apiMux,
		// The last middleware runs first: PSA checks, then reading the whole body, then
		// idempotency, then the handler.
		Middlewares:      []apiserver.MiddlewareFunc{e.idempotent, e.bufferBody, e.checkPSA},
		ErrorHandlerFunc: e.paramError,
	})
	e.apiMux.HandleFunc("/", e.unmatched)
	apiChain := e.countRequests(e.addLatency(e.injectFaults(e.authenticate(e.rateLimit(e.apiMux)))))
	admin := e.adminHandler()
	// Not a ServeMux: it would redirect unclean paths (and /_emulator to /_emulator/), and
	// the contract has no redirects.
	root := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.EscapedPath() // what the muxes match
		if cleanPath(p) != p {
			e.writeError(w, r, errNotFound("no route answers %s: paths are matched as sent, without \".\" or \"..\" segments or repeated slashes", p))
			return
		}
		if strings.HasPrefix(p, "/_emulator/") {
			admin.ServeHTTP(w, r)
			return
		}
		apiChain.ServeHTTP(w, r)
	})
	return e.withRequestIDs(root)
}

// cleanPath is the canonical form of a URL path, as http.ServeMux computes it: a leading
// slash, no "." or ".." segments, no repeated slashes, a trailing slash kept.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if p[len(p)-1] == '/' && np != "/" {
		np += "/"
	}
	return np
}

// withRequestIDs gives every request a request id (echoed as X-Request-Id) and a correlation
// id (the caller's X-Correlation-ID, or a new one).
func (e *Emulator) withRequestIDs(next http.Handler) http.Handler {
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
		e.log.DebugContext(ctx, "request", "method", r.Method, "path", r.URL.Path, "requestId", rid)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// unmatched answers requests no route matches: 405 when another method would match, else 404.
func (e *Emulator) unmatched(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := e.apiMux.Handler(probe); pattern != "" && pattern != "/" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		e.writeError(w, r, errMethodNotAllowed("%s is not supported on %s; allowed: %s", r.Method, r.URL.Path, strings.Join(allowed, ", ")))
		return
	}
	e.writeError(w, r, errNotFound("no API route %s %s; see the OpenAPI document (internal/api/openapi.yaml) for the routes", r.Method, r.URL.Path))
}

// paramKind names the expected type of a parameter the generated wrapper parses.
func paramKind(name string) string {
	switch name {
	case "page", "pageSize", "companyId", "productId", "contractId":
		return "an integer"
	case "pageTotal", "includeInactive", "includeExpired", "usageSyncAvailable":
		return "true or false"
	case "customerId", "X-Partner-ID":
		return "a UUID"
	default:
		return "valid"
	}
}

// paramError turns the generated wrapper's parameter errors into 400s in the Error shape.
func (e *Emulator) paramError(w http.ResponseWriter, r *http.Request, err error) {
	var (
		name    string
		invalid *apiserver.InvalidParamFormatError
		reqHdr  *apiserver.RequiredHeaderError
		reqPar  *apiserver.RequiredParamError
		many    *apiserver.TooManyValuesForParamError
		unmar   *apiserver.UnmarshalingParamError
	)
	switch {
	case errors.As(err, &invalid):
		name = invalid.ParamName
	case errors.As(err, &reqHdr):
		name = reqHdr.ParamName
	case errors.As(err, &reqPar):
		name = reqPar.ParamName
	case errors.As(err, &many):
		e.writeError(w, r, fieldError(many.ParamName, "", nil, "%s was given %d times; give it once", many.ParamName, many.Count))
		return
	case errors.As(err, &unmar):
		name = unmar.ParamName
	default:
		e.writeError(w, r, errBadRequest("invalid request: %v", err))
		return
	}
	if name == "X-Partner-ID" {
		e.writeError(w, r, errUnauthorized("the X-Partner-ID header is missing or malformed; send the partner id from GET /whoami/v1"))
		return
	}
	value := r.PathValue(name)
	where := "path parameter"
	if value == "" {
		value = r.URL.Query().Get(name)
		where = "query parameter"
	}
	if msg, ok := pagingRangeError(name, value); ok {
		e.writeError(w, r, fieldError(name, value, nil, "%s %s", where, msg))
		return
	}
	e.writeError(w, r, fieldError(name, value, nil, "%s %s must be %s (got %q)", where, name, paramKind(name), value))
}

// psaAllowed lists the valid psa values.
func psaAllowed() []string {
	out := make([]string, 0, 2)
	for _, p := range api.PSAs() {
		out = append(out, string(p))
	}
	return out
}

// checkPSA validates the {psa} and {customerId} path parameters and that the PSA is
// connected for the partner.
func (e *Emulator) checkPSA(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id := r.PathValue("customerId"); id != "" {
			if _, err := uuid.Parse(id); err != nil {
				e.writeError(w, r, fieldError("customerId", id, nil, "path parameter customerId must be a customer (tenant) UUID (got %q)", id))
				return
			}
		}
		psa := api.Psa(r.PathValue("psa"))
		if r.URL.Path == "/partner/v1/psa/connectwise/catalog-reference" {
			psa = api.PsaConnectwise
		}
		if psa == "" {
			next.ServeHTTP(w, r)
			return
		}
		if !validPSA(psa) {
			e.writeError(w, r, fieldError("psa", string(psa), psaAllowed(), "unknown PSA %q; valid values are %s", psa, strings.Join(psaAllowed(), ", ")))
			return
		}
		if relaxedPSARoute(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		if err := e.requireConnected(r.Context(), principalOf(r).partnerID, psa); err != nil {
			e.writeError(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireConnected fails with 409 unless the partner's PSA integration is connected.
func (e *Emulator) requireConnected(ctx context.Context, partnerID string, psa api.Psa) error {
	in, err := e.integration(ctx, e.store.q(ctx), partnerID, psa)
	if err != nil {
		return err
	}
	switch in.Status {
	case api.IntegrationStatusConnected:
		return nil
	case api.IntegrationStatusError:
		return newStatusError(http.StatusConflict, api.ErrorCodeIntegrationError, "the %s integration of this partner is in an error state; check its API credentials under Settings & policies > API & Integrations > PSA Integration in Sophos Central Partner", in.Name)
	default:
		return newStatusError(http.StatusConflict, api.ErrorCodeIntegrationNotConnected, "%s is not connected to this partner account; connect it under Settings & policies > API & Integrations > PSA Integration in Sophos Central Partner first", in.Name)
	}
}

// etag formats a version as an ETag.
func etag(version int64) string { return fmt.Sprintf("%q", fmt.Sprint(version)) }

// checkIfMatch enforces an If-Match header against the current version. what names the
// object in the message.
func checkIfMatch(ifMatch *string, version int64, what string) error {
	if ifMatch == nil || *ifMatch == "" {
		return nil
	}
	current := etag(version)
	for _, candidate := range strings.Split(*ifMatch, ",") {
		c := strings.TrimSpace(candidate)
		c = strings.TrimPrefix(c, "W/")
		if c == "*" || c == current || c == strings.Trim(current, `"`) {
			return nil
		}
	}
	return errPrecondition("%s changed since it was read (If-Match %s, current ETag %s); read it again and reapply the change", what, *ifMatch, current)
}
