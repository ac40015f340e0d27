// Package autotask is the emulator's room for Autotask PSA's REST API, over the same database
// as the Sophos side: a partner is one Autotask database, its Autotask companies, contracts
// and products (as services and service bundles) are the rows the PSA Integration API
// serves for psa autotask, and its Autotask API users (psa_api_users) are who may call it.
//
// It serves what the provider reads, with Autotask's paths, envelopes and behaviour
// (internal/api/autotask declares every object): zoneInformation, ThresholdInformation and,
// per entity, query (POST with a filter, GET with search), query/next (nextPageUrl),
// query/count, {id} and entityInformation/fields; header authentication; MaxRecords 1-500;
// three concurrent requests per integration code and endpoint; an hourly request threshold
// per database with usage-based latency from half of it; errors as {"errors": [...]},
// validation failures as HTTP 500. Handlers return values; web.API writes them.
package autotask

import (
	"context"
	"net/http"
	"strings"
	"time"

	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// Prefix is the Autotask API's path prefix as the room matches it: Autotask's paths are
// case-insensitive (/atservicesrest/v1.0/ in its help pages, /ATServicesRest/V1.0/ in the
// URL zoneInformation answers), so requests are read in any case.
const Prefix = "/atservicesrest/"

// ZonePath is the zone's API root below the emulator's URL, as zoneInformation answers it.
const ZonePath = "/ATServicesRest/"

// routePrefix is where the canonical routes live: Prefix and the version.
const routePrefix = Prefix + "v1.0/"

// zoneInformation is the zone lookup's path segment (at.ZoneInformationPath without the version).
var zoneInformation = strings.TrimPrefix(at.ZoneInformationPath, at.VersionPath)

// Entities are the entities the room serves, as Autotask spells them in paths.
func Entities() []string {
	return []string{at.EntityCompanies, at.EntityContracts, at.EntityServices, at.EntityServiceBundles,
		at.EntityContractServices, at.EntityContractServiceUnits}
}

// IsPath reports whether the escaped path p is Autotask's API.
func IsPath(p string) bool {
	return len(p) >= len(Prefix) && strings.EqualFold(p[:len(Prefix)], Prefix)
}

// Room serves Autotask's REST API.
type Room struct {
	api *web.API
	// primary is the primary partner: an API user name that several partners' seeds share
	// (the default user of partners without Autotask credentials) is the primary partner's.
	primary string
	limits  *limits
}

// New is the Autotask room answering through a (its error shape is Errors). sleep waits for
// the usage-based latency (false: the request's context ended first); nil waits on a timer.
func New(a *web.API, primaryPartner string, opts Options, sleep func(context.Context, time.Duration) bool) *Room {
	return &Room{api: a, primary: primaryPartner, limits: newLimits(opts, a.Now, sleep)}
}

// Routes returns the room's routes, on canonical paths (Canonical rewrites requests to
// them), keyed so the counters count each entity's endpoints apart.
func (rm *Room) Routes() *http.ServeMux {
	mux := http.NewServeMux()
	get := func(path string, h func(*http.Request, store.Q) (web.Reply, error)) {
		mux.HandleFunc("GET "+routePrefix+path, rm.serve(h))
	}
	post := func(path string, h func(*http.Request, store.Q) (web.Reply, error)) {
		mux.HandleFunc("POST "+routePrefix+path, rm.serve(h))
	}
	get(zoneInformation, rm.zoneInformation)
	get(at.EntityThresholdInformation, rm.thresholdInformation)
	for _, e := range Entities() {
		post(e+at.QueryPath, rm.query(e, queryFromBody))
		get(e+at.QueryPath, rm.query(e, queryFromSearch))
		get(e+at.QueryPath+"/next", rm.nextPage(e))
		post(e+at.CountPath, rm.count(e, queryFromBody))
		get(e+at.CountPath, rm.count(e, queryFromSearch))
		get(e+"/{id}", rm.item(e))
		get(e+at.FieldsPath, rm.fields(e))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { rm.api.WriteError(w, r, unmatched(mux, r)) })
	return mux
}

// serve adapts a handler to web.API.Serve.
func (rm *Room) serve(h func(*http.Request, store.Q) (web.Reply, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) { return h(r, q) })
	}
}

// Canonical rewrites the request's path to the room's spelling (Autotask reads paths in
// any case): the prefix and version in lower case, entities and their sub-paths as
// Autotask spells them.
func Canonical(next http.Handler) http.Handler {
	words := map[string]string{"v1.0": "v1.0", strings.ToLower(zoneInformation): zoneInformation,
		strings.ToLower(at.EntityThresholdInformation): at.EntityThresholdInformation,
		"query": "query", "count": "count", "next": "next", "entityinformation": "entityInformation", "fields": "fields"}
	for _, e := range Entities() {
		words[strings.ToLower(e)] = e
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		segs := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
		segs[0] = strings.ToLower(segs[0])
		for i := 1; i < len(segs); i++ {
			if c, ok := words[strings.ToLower(segs[i])]; ok {
				segs[i] = c
			}
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + strings.Join(segs, "/")
		r2.URL.RawPath = ""
		next.ServeHTTP(w, r2)
	})
}

// endpointOf is the entity (or other endpoint) a canonical path is about: the thread
// limit's endpoint. "" for the zone lookup and paths outside the API.
func endpointOf(path string) string {
	rest, ok := strings.CutPrefix(path, routePrefix)
	if !ok {
		return ""
	}
	e, _, _ := strings.Cut(rest, "/")
	if e == zoneInformation {
		return ""
	}
	return e
}

// unmatched is the answer to a request no route matches: 405 when another method would
// match (the room is read-only), else 404.
func unmatched(mux *http.ServeMux, r *http.Request) error {
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/" {
			return web.MethodNotAllowed("%s is not supported on %s: the emulator's Autotask API reads only (%s)", r.Method, r.URL.Path, m)
		}
	}
	return web.NotFound("no Autotask API route %s %s; the emulator serves zoneInformation, ThresholdInformation and the query, count, {id} and entityInformation/fields endpoints of %s",
		r.Method, r.URL.Path, strings.Join(Entities(), ", "))
}

// zoneRoot is the zone's API root as this request reached the emulator: the URL
// zoneInformation answers, and under which nextPageUrl points.
func zoneRoot(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + ZonePath
}

// zoneInformation answers GET zoneInformation?user=: the zone of an API user, without
// authentication. An unknown user is Autotask's 500.
func (rm *Room) zoneInformation(r *http.Request, q store.Q) (web.Reply, error) {
	user := r.URL.Query().Get(at.ZoneUserQuery)
	if _, err := rm.user(r.Context(), q, user); err != nil {
		return web.Reply{}, refused("Zone information could not be determined for user %q", user)
	}
	return web.OK(at.ZoneInformation{ZoneName: "Emulator Zone (Local)", URL: zoneRoot(r), WebURL: "https://ww5.autotask.net/", CI: 5}), nil
}

// thresholdInformation answers GET ThresholdInformation: the database's threshold and
// this hour's requests, this one included.
func (rm *Room) thresholdInformation(r *http.Request, _ store.Q) (web.Reply, error) {
	threshold, used := rm.limits.usage(callerOf(r).PartnerID)
	return web.OK(at.ThresholdInformation{ExternalRequestThreshold: threshold,
		RequestThresholdTimeframe: int(at.ThresholdTimeframe.Minutes()), CurrentTimeframeRequestCount: used}), nil
}

// refused is Autotask's answer to a request it does not accept: HTTP 500 with the reason
// in {"errors": [...]}.
func refused(format string, args ...any) *web.StatusError {
	return web.NewStatusError(http.StatusInternalServerError, "Refused", format, args...)
}

// Errors renders problems in Autotask's error shape: {"errors": ["..."]}.
func Errors(_ *http.Request, se *web.StatusError) web.Reply {
	return web.Reply{Status: se.Status, Body: at.ErrorResponse{Errors: []string{se.Message}}}
}
