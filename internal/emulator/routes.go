package emulator

import (
	"net/http"
	"path"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/admin"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/apiserver"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/psaintegration"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/sophoscentral"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// One listener, every room: the rooms are mounted on one mux by path prefix (their paths do
// not clash), each behind the cross-cutting middleware of package web.

// sophosServer is the generated interface of the contract, served by two rooms: Sophos
// Central's own APIs and the PSA Integration API.
type sophosServer struct {
	*centralRoom
	*psaRoom
}

type (
	centralRoom = sophoscentral.Room
	psaRoom     = psaintegration.Room
)

var _ apiserver.ServerInterface = sophosServer{}

// buildHandler assembles the routes and middleware:
// request ids → (admin | Sophos: counting → latency → faults → auth → rate limit → routes
// | Autotask: canonical path → counting → thread limit → latency → faults → auth →
// hourly threshold → routes).
func (e *Emulator) buildHandler(tokenFailureLimit int) http.Handler {
	sophos := &web.API{Store: e.store, Now: e.now, Log: e.log, Errors: web.SophosErrors(e.now)}
	e.central = sophoscentral.New(sophos, e.faults, e.url, tokenFailureLimit)
	psa := psaintegration.New(sophos)

	sophosMux := http.NewServeMux()
	apiserver.HandlerWithOptions(sophosServer{centralRoom: e.central, psaRoom: psa}, apiserver.StdHTTPServerOptions{
		BaseRouter: sophosMux,
		// The last middleware runs first: PSA checks, then reading the whole body, then the
		// handler (whose adapter, web.API.Serve, runs keyed writes in the idempotency
		// transaction).
		Middlewares:      []apiserver.MiddlewareFunc{sophos.BufferBody, psa.CheckPSA},
		ErrorHandlerFunc: psa.ParamError,
	})
	sophosMux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { sophos.WriteError(w, r, unmatched(sophosMux, r)) })
	// The token endpoint lives on a separate host in Sophos Central: no random faults there.
	notToken := func(r *http.Request) bool { return r.URL.Path != sophoscentral.TokenPath }
	sophosChain := e.counters.Count(sophosMux, e.faults.Latency(e.faults.Inject(sophos, notToken,
		e.central.Authenticate(e.faults.RateLimit(sophos, sophosMux)))))

	atAPI := &web.API{Store: e.store, Now: e.now, Log: e.log, Errors: autotask.Errors}
	e.autotask = autotask.New(atAPI, e.creds.PartnerID, e.autotaskOpts, e.sleep)
	atMux := e.autotask.Routes()
	always := func(*http.Request) bool { return true }
	atChain := autotask.Canonical(e.counters.Count(atMux, e.autotask.Threads(e.faults.Latency(e.faults.Inject(atAPI, always,
		e.autotask.Authenticate(e.autotask.Threshold(atMux)))))))

	console := (&admin.Server{
		API: sophos, Admin: e.Admin(), Faults: e.faults, Counters: e.counters, Autotask: e,
		Info: map[string]string{
			"url": e.url, "authUrl": e.url, "apiUrl": e.url,
			"clientId": e.creds.ClientID, "clientSecret": e.creds.ClientSecret, "partnerId": e.creds.PartnerID,
		},
	}).Handler()

	// Not a ServeMux: it would redirect unclean paths (and /_emulator to /_emulator/), and
	// the contract has no redirects.
	root := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.EscapedPath() // what the muxes match
		switch {
		case cleanPath(p) != p:
			sophos.WriteError(w, r, web.NotFound("no route answers %s: paths are matched as sent, without \".\" or \"..\" segments or repeated slashes", p))
		case strings.HasPrefix(p, "/_emulator/"):
			console.ServeHTTP(w, r)
		case autotask.IsPath(p):
			atChain.ServeHTTP(w, r)
		default:
			sophosChain.ServeHTTP(w, r)
		}
	})
	return web.RequestIDs(e.log, root)
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

// unmatched is the answer to a request no route of mux matches: 405 when another method
// would match, else 404.
func unmatched(mux *http.ServeMux, r *http.Request) error {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		return web.MethodNotAllowed("%s is not supported on %s; allowed: %s", r.Method, r.URL.Path, strings.Join(allowed, ", ")).
			WithHeader("Allow", strings.Join(allowed, ", "))
	}
	return web.NotFound("no API route %s %s; see the OpenAPI document (internal/api/openapi.yaml) for the routes", r.Method, r.URL.Path)
}
