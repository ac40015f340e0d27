package emulator

import (
	"context"
	"net/http"
	"strconv"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// adminHandler serves the out-of-band admin API under /_emulator/.
func (e *Emulator) adminHandler() http.Handler {
	mux := http.NewServeMux()
	// handle registers a route whose function returns (status, body, error).
	handle := func(pattern string, fn func(r *http.Request, adm *Admin) (int, any, error)) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			adm := e.Admin()
			if p := r.URL.Query().Get("partner"); p != "" {
				adm = adm.ForPartner(p)
			}
			status, body, err := fn(r, adm)
			switch {
			case err != nil:
				e.writeError(w, r, err)
			case body == nil:
				w.WriteHeader(status)
			default:
				writeJSON(w, status, body)
			}
		})
	}

	// healthz means "can serve": the database answers within healthTimeout.
	handle("GET /_emulator/healthz", func(r *http.Request, _ *Admin) (int, any, error) {
		ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
		defer cancel()
		if err := e.store.ping(ctx); err != nil {
			e.log.WarnContext(r.Context(), "health check failed", "error", err)
			return 0, nil, errUnavailable(1, "the emulator cannot serve requests: %v", err)
		}
		return http.StatusOK, map[string]string{"status": "ok"}, nil
	})
	handle("GET /_emulator/info", func(*http.Request, *Admin) (int, any, error) {
		c := e.Credentials()
		return http.StatusOK, map[string]string{
			"url": e.url, "authUrl": e.url, "apiUrl": e.url,
			"clientId": c.ClientID, "clientSecret": c.ClientSecret, "partnerId": c.PartnerID,
		}, nil
	})
	handle("GET /_emulator/faults", func(*http.Request, *Admin) (int, any, error) {
		return http.StatusOK, e.faultsState(), nil
	})
	handle("PUT /_emulator/faults", func(r *http.Request, _ *Admin) (int, any, error) {
		var j faultsJSON
		if err := decodeBody(r, &j); err != nil {
			return 0, nil, err
		}
		f, err := j.faults()
		if err != nil {
			return 0, nil, err
		}
		e.SetFaults(f)
		return http.StatusOK, e.faultsState(), nil
	})
	handle("DELETE /_emulator/faults", func(*http.Request, *Admin) (int, any, error) {
		e.SetFaults(Faults{})
		e.ClearInjected()
		return http.StatusOK, e.faultsState(), nil
	})
	handle("POST /_emulator/faults/inject", func(r *http.Request, _ *Admin) (int, any, error) {
		var j injectJSON
		if err := decodeBody(r, &j); err != nil {
			return 0, nil, err
		}
		if !j.Kind.valid() {
			allowed := make([]string, 0, len(FaultKinds()))
			for _, k := range FaultKinds() {
				allowed = append(allowed, string(k))
			}
			return 0, nil, fieldError("kind", string(j.Kind), allowed, "unknown fault kind %q", j.Kind)
		}
		if j.Count < 0 {
			return 0, nil, fieldError("count", strconv.Itoa(j.Count), nil, "count must be 1 or more (0 means 1)")
		}
		e.InjectNext(InjectedFault(j))
		return http.StatusCreated, e.faultsState(), nil
	})
	handle("DELETE /_emulator/faults/inject", func(*http.Request, *Admin) (int, any, error) {
		e.ClearInjected()
		return http.StatusOK, e.faultsState(), nil
	})
	handle("GET /_emulator/counters", func(*http.Request, *Admin) (int, any, error) {
		return http.StatusOK, e.Counters(), nil
	})
	handle("DELETE /_emulator/counters", func(*http.Request, *Admin) (int, any, error) {
		e.ResetCounters()
		return http.StatusNoContent, nil, nil
	})
	e.adminDataRoutes(handle)
	e.adminIntegrationRoutes(handle)
	mux.HandleFunc("/_emulator/", func(w http.ResponseWriter, r *http.Request) {
		e.writeError(w, r, errNotFound("no admin route %s %s; the admin routes are listed in internal/emulator/README.md", r.Method, r.URL.Path))
	})
	return e.loopbackOnly(mux)
}

// loopbackOnly refuses admin requests from other hosts (relevant only when the emulator
// listens on a non-loopback address), requests addressed to another host name (DNS
// rebinding: a web page whose name resolves to 127.0.0.1) and requests carrying an Origin
// header (a browser sending them on behalf of a web page: cross-site request forgery).
func (e *Emulator) loopbackOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case !api.IsLoopbackHost(r.RemoteAddr):
			e.writeError(w, r, errForbidden("the admin API answers only loopback clients"))
		case !api.IsLoopbackHost(r.Host):
			e.writeError(w, r, errForbidden("the admin API answers only requests addressed to a loopback address (127.0.0.1, [::1]) or localhost (got Host %q)", r.Host))
		case len(r.Header.Values("Origin")) > 0:
			e.writeError(w, r, errForbidden("the admin API refuses requests from web pages (Origin %q); call it from a script or a test", r.Header.Get("Origin")))
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// adminRoute is the signature of handle in adminHandler.
type adminRoute = func(pattern string, fn func(r *http.Request, adm *Admin) (int, any, error))

// pathPSA reads and validates the {psa} path value of an admin route.
func pathPSA(r *http.Request) (api.Psa, error) {
	p := api.Psa(r.PathValue("psa"))
	if !validPSA(p) {
		return "", fieldError("psa", string(p), psaAllowed(), "unknown PSA %q", p)
	}
	return p, nil
}

// pathInt reads an integer path value of an admin route.
func pathInt(r *http.Request, name string) (int64, error) {
	v, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil {
		return 0, fieldError(name, r.PathValue(name), nil, "%s must be an integer", name)
	}
	return v, nil
}
