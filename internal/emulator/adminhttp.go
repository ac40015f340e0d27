package emulator

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// faultsJSON is the admin API's form of Faults (durations as Go duration strings).
type faultsJSON struct {
	Latency       string  `json:"latency"`
	Rate429       float64 `json:"rate429"`
	RetryAfter    int     `json:"retryAfter"`
	Rate5xx       float64 `json:"rate5xx"`
	RateReset     float64 `json:"rateReset"`
	TokenLifetime string  `json:"tokenLifetime"`
	RateLimit     float64 `json:"rateLimit"`
}

func toFaultsJSON(f Faults) faultsJSON {
	return faultsJSON{
		Latency: f.Latency.String(), Rate429: f.Rate429, RetryAfter: f.RetryAfter, Rate5xx: f.Rate5xx,
		RateReset: f.RateReset, TokenLifetime: f.TokenLifetime.String(), RateLimit: f.RateLimit,
	}
}

func (j faultsJSON) faults() (Faults, error) {
	f := Faults{Rate429: j.Rate429, RetryAfter: j.RetryAfter, Rate5xx: j.Rate5xx, RateReset: j.RateReset, RateLimit: j.RateLimit}
	var v validationErrors
	for _, p := range []struct {
		field string
		value float64
	}{{"rate429", j.Rate429}, {"rate5xx", j.Rate5xx}, {"rateReset", j.RateReset}} {
		if p.value < 0 || p.value > 1 {
			v.add(p.field, fmt.Sprint(p.value), nil, "must be a probability between 0 and 1")
		}
	}
	if j.RateLimit < 0 {
		v.add("rateLimit", fmt.Sprint(j.RateLimit), nil, "must be 0 (unlimited) or more requests per second")
	}
	parse := func(field, s string) time.Duration {
		if s == "" {
			return 0
		}
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			v.add(field, s, nil, "must be a non-negative Go duration such as 250ms, 2s or 1h")
		}
		return d
	}
	f.Latency = parse("latency", j.Latency)
	f.TokenLifetime = parse("tokenLifetime", j.TokenLifetime)
	return f, v.err("the fault settings")
}

// injectJSON is the admin API's form of InjectedFault.
type injectJSON struct {
	Kind       FaultKind `json:"kind"`
	Method     string    `json:"method"`
	PathPrefix string    `json:"pathPrefix"`
	Count      int       `json:"count"`
	RetryAfter int       `json:"retryAfter"`
}

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

	handle("GET /_emulator/healthz", func(*http.Request, *Admin) (int, any, error) {
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
	mux.HandleFunc("/_emulator/", func(w http.ResponseWriter, r *http.Request) {
		e.writeError(w, r, errNotFound("no admin route %s %s; the admin routes are listed in internal/emulator/README.md", r.Method, r.URL.Path))
	})
	return e.loopbackOnly(mux)
}

// faultsState is the body of the fault routes: the settings and the queued faults.
func (e *Emulator) faultsState() map[string]any {
	queued := []injectJSON{}
	for _, f := range e.Injected() {
		queued = append(queued, injectJSON(f))
	}
	return map[string]any{"faults": toFaultsJSON(e.Faults()), "injected": queued}
}

// loopbackOnly refuses admin requests from other hosts (relevant only when the emulator
// listens on a non-loopback address).
func (e *Emulator) loopbackOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isLoopbackRemote(r.RemoteAddr) {
			e.writeError(w, r, errForbidden("the admin API answers only loopback clients"))
			return
		}
		next.ServeHTTP(w, r)
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
