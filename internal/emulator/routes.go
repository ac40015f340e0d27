package emulator

import (
	"net/http"
	"path"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/admin"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/apiserver"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/connectwise"
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

// vendorRoom is the room of a PSA vendor's own API (ConnectWise, Autotask): mounted by its
// path prefixes, answering in its vendor's error shape, authenticating as its vendor does.
type vendorRoom interface {
	Prefixes() []string
	API() *web.API
	Routes() *http.ServeMux
	Authenticate(next http.Handler) http.Handler
}

// vendorChain puts a vendor room behind the shared middleware, in the order the Sophos
// rooms have it: counting → latency → faults (in the vendor's error shape) → its auth →
// reading the whole body → its routes.
func (e *Emulator) vendorChain(v vendorRoom) http.Handler {
	always := func(*http.Request) bool { return true }
	return e.counters.Count(v.Routes(), e.faults.Latency(e.faults.Inject(v.API(), always, v.Authenticate(v.API().BufferBody(v.Routes())))))
}

// autotaskChain puts the Autotask room behind the shared middleware with Autotask's own
// limits around it: canonical path (Autotask reads paths in any case) → counting → thread
// limit (so a request holds its thread through the latency, as a slow Autotask call does) →
// latency → faults (in Autotask's error shape) → auth → hourly threshold (per database,
// which auth names) → routes. Not a vendorRoom: those are matched by case-sensitive
// prefixes and have no limits of their own.
func (e *Emulator) autotaskChain() http.Handler {
	a := &web.API{Store: e.store, Now: e.now, Log: e.log, Errors: autotask.Errors}
	e.autotask = autotask.New(a, e.creds.PartnerID, e.autotaskOpts, e.sleep)
	routes := e.autotask.Routes()
	always := func(*http.Request) bool { return true }
	return autotask.Canonical(e.counters.Count(routes, e.autotask.Threads(e.faults.Latency(e.faults.Inject(a, always,
		e.autotask.Authenticate(e.autotask.Threshold(routes)))))))
}

// buildHandler assembles the routes and middleware:
// request ids → (admin | the PSA vendors' rooms | counting → latency → faults → auth →
// rate limit → Sophos routes).
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

	atChain := e.autotaskChain()
	console := (&admin.Server{
		API: sophos, Admin: e.Admin(), Faults: e.faults, Counters: e.counters, Autotask: e,
		Info: map[string]string{
			"url": e.url, "authUrl": e.url, "apiUrl": e.url,
			"clientId": e.creds.ClientID, "clientSecret": e.creds.ClientSecret, "partnerId": e.creds.PartnerID,
		},
	}).Handler()

	// The PSA vendors' own APIs, each a room with its path prefixes.
	type mounted struct {
		prefixes []string
		chain    http.Handler
	}
	var vendors []mounted
	for _, v := range []vendorRoom{connectwise.New(web.API{Store: e.store, Now: e.now, Log: e.log})} {
		vendors = append(vendors, mounted{prefixes: v.Prefixes(), chain: e.vendorChain(v)})
	}
	vendorOf := func(p string) http.Handler {
		for _, v := range vendors {
			for _, prefix := range v.prefixes {
				if strings.HasPrefix(p, prefix) {
					return v.chain
				}
			}
		}
		return nil
	}

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
			if h := vendorOf(p); h != nil {
				h.ServeHTTP(w, r)
				return
			}
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
