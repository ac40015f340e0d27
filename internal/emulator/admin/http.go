package admin

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// The admin API's HTTP side: /_emulator/... routes over Admin and the emulator's controls.

// healthTimeout bounds the health check's wait for the database.
const healthTimeout = 2 * time.Second

// Server serves the admin API.
type Server struct {
	// API answers in Sophos Central's error shape.
	API *web.API
	// Admin works on the primary partner's data; ?partner= picks another.
	Admin    *Admin
	Faults   *web.FaultControl
	Counters *web.Counters
	// Autotask are the Autotask room's limits.
	Autotask AutotaskControl
	// Info is the body of GET /_emulator/info: URLs and the primary credential.
	Info map[string]string
}

// route is an admin route's handler: it returns (reply, error) like every handler of the
// emulator; adm works on the partner the request names.
type route func(r *http.Request, adm *Admin) (web.Reply, error)

// routes is where the admin routes are registered.
type routes struct {
	mux *http.ServeMux
	s   *Server
}

// handle registers a route.
func (rt routes) handle(pattern string, fn route) {
	rt.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		adm := rt.s.Admin
		if p := r.URL.Query().Get("partner"); p != "" {
			adm = adm.ForPartner(p)
		}
		rt.s.API.Serve(w, r, func(store.Q) (web.Reply, error) { return fn(r, adm) })
	})
}

// Handler serves the admin API under /_emulator/, to loopback clients only.
func (s *Server) Handler() http.Handler {
	rt := routes{mux: http.NewServeMux(), s: s}
	s.controlRoutes(rt)
	dataRoutes(rt)
	integrationRoutes(rt)
	s.autotaskRoutes(rt)
	rt.mux.HandleFunc("/_emulator/", func(w http.ResponseWriter, r *http.Request) {
		s.API.WriteError(w, r, web.NotFound("no admin route %s %s; the admin routes are listed in internal/emulator/README.md", r.Method, r.URL.Path))
	})
	return s.loopbackOnly(rt.mux)
}

// controlRoutes registers the routes of the emulator itself: health, info, faults and
// counters.
func (s *Server) controlRoutes(rt routes) {
	// healthz means "can serve": the database answers within healthTimeout.
	rt.handle("GET /_emulator/healthz", func(r *http.Request, _ *Admin) (web.Reply, error) {
		ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
		defer cancel()
		if err := s.API.Store.Ping(ctx); err != nil {
			s.API.Log.WarnContext(r.Context(), "health check failed", "error", err)
			return web.Reply{}, web.Unavailable(1, "the emulator cannot serve requests: %v", err)
		}
		return web.OK(map[string]string{"status": "ok"}), nil
	})
	rt.handle("GET /_emulator/info", func(*http.Request, *Admin) (web.Reply, error) {
		return web.OK(s.Info), nil
	})
	rt.handle("GET /_emulator/faults", func(*http.Request, *Admin) (web.Reply, error) {
		return web.OK(s.faultsState()), nil
	})
	rt.handle("PUT /_emulator/faults", func(r *http.Request, _ *Admin) (web.Reply, error) {
		var j faultsJSON
		if err := web.DecodeBody(r, &j); err != nil {
			return web.Reply{}, err
		}
		f, err := j.faults()
		if err != nil {
			return web.Reply{}, err
		}
		s.Faults.Set(f)
		return web.OK(s.faultsState()), nil
	})
	rt.handle("DELETE /_emulator/faults", func(*http.Request, *Admin) (web.Reply, error) {
		s.Faults.Set(web.Faults{})
		s.Faults.ClearInjected()
		return web.OK(s.faultsState()), nil
	})
	rt.handle("POST /_emulator/faults/inject", func(r *http.Request, _ *Admin) (web.Reply, error) {
		var j injectJSON
		if err := web.DecodeBody(r, &j); err != nil {
			return web.Reply{}, err
		}
		if !j.Kind.Valid() {
			return web.Reply{}, web.FieldError("kind", string(j.Kind), api.Strings(web.FaultKinds()), "unknown fault kind %q", j.Kind)
		}
		if j.Count < 0 {
			return web.Reply{}, web.FieldError("count", strconv.Itoa(j.Count), nil, "count must be 1 or more (0 means 1)")
		}
		s.Faults.InjectNext(web.InjectedFault(j))
		return web.Created(s.faultsState()), nil
	})
	rt.handle("DELETE /_emulator/faults/inject", func(*http.Request, *Admin) (web.Reply, error) {
		s.Faults.ClearInjected()
		return web.OK(s.faultsState()), nil
	})
	rt.handle("GET /_emulator/counters", func(*http.Request, *Admin) (web.Reply, error) {
		return web.OK(s.Counters.Snapshot()), nil
	})
	rt.handle("DELETE /_emulator/counters", func(*http.Request, *Admin) (web.Reply, error) {
		s.Counters.Reset()
		return web.NoContent(), nil
	})
}

// loopbackOnly refuses admin requests from other hosts (relevant only when the emulator
// listens on a non-loopback address), requests addressed to another host name (DNS
// rebinding: a web page whose name resolves to 127.0.0.1) and requests carrying an Origin
// header (a browser sending them on behalf of a web page: cross-site request forgery).
func (s *Server) loopbackOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case !api.IsLoopbackHost(r.RemoteAddr):
			s.API.WriteError(w, r, web.Forbidden("the admin API answers only loopback clients"))
		case !api.IsLoopbackHost(r.Host):
			s.API.WriteError(w, r, web.Forbidden("the admin API answers only requests addressed to a loopback address (127.0.0.1, [::1]) or localhost (got Host %q)", r.Host))
		case len(r.Header.Values("Origin")) > 0:
			s.API.WriteError(w, r, web.Forbidden("the admin API refuses requests from web pages (Origin %q); call it from a script or a test", r.Header.Get("Origin")))
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// pathPSA reads and validates the {psa} path value of an admin route.
func pathPSA(r *http.Request) (api.Psa, error) {
	p := api.Psa(r.PathValue("psa"))
	if !p.Valid() {
		return "", web.FieldError("psa", string(p), api.Strings(api.PSAs()), "unknown PSA %q", p)
	}
	return p, nil
}

// pathInt reads an integer path value of an admin route.
func pathInt(r *http.Request, name string) (int64, error) {
	v, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil {
		return 0, web.FieldError(name, r.PathValue(name), nil, "%s must be an integer", name)
	}
	return v, nil
}

// withPSA parses {psa} and, when v is not nil, the JSON body.
func withPSA(r *http.Request, v any) (api.Psa, error) {
	psa, err := pathPSA(r)
	if err == nil && v != nil {
		err = web.DecodeBody(r, v)
	}
	return psa, err
}

// withID parses {psa}, {id} and, when v is not nil, the JSON body.
func withID(r *http.Request, v any) (api.Psa, int64, error) {
	psa, err := withPSA(r, v)
	if err != nil {
		return psa, 0, err
	}
	id, err := pathInt(r, "id")
	return psa, id, err
}

// noContent is a 204 unless err.
func noContent(err error) (web.Reply, error) { return web.NoContent(), err }

// created is a 201 with the new object's id unless err.
func created(id any, err error) (web.Reply, error) {
	if err != nil {
		return web.Reply{}, err
	}
	return web.Created(map[string]any{"id": id}), nil
}
