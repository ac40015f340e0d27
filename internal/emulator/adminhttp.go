package emulator

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
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

// faultsState is the body of the fault routes: the settings and the queued faults.
func (e *Emulator) faultsState() map[string]any {
	queued := []injectJSON{}
	for _, f := range e.Injected() {
		queued = append(queued, injectJSON(f))
	}
	return map[string]any{"faults": toFaultsJSON(e.Faults()), "injected": queued}
}

// loopbackOnly refuses admin requests from other hosts (relevant only when the emulator
// listens on a non-loopback address), requests addressed to another host name (DNS
// rebinding: a web page whose name resolves to 127.0.0.1) and requests carrying an Origin
// header (a browser sending them on behalf of a web page: cross-site request forgery).
func (e *Emulator) loopbackOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case !isLoopbackRemote(r.RemoteAddr):
			e.writeError(w, r, errForbidden("the admin API answers only loopback clients"))
		case !isLoopbackHost(r.Host):
			e.writeError(w, r, errForbidden("the admin API answers only requests addressed to 127.0.0.1, [::1] or localhost (got Host %q)", r.Host))
		case len(r.Header.Values("Origin")) > 0:
			e.writeError(w, r, errForbidden("the admin API refuses requests from web pages (Origin %q); call it from a script or a test", r.Header.Get("Origin")))
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// isLoopbackHost reports whether a Host header names this machine: 127.0.0.1, ::1 or
// localhost, with any port.
func isLoopbackHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = strings.TrimSuffix(strings.TrimPrefix(hostport, "["), "]")
	}
	switch strings.ToLower(host) {
	case "127.0.0.1", "::1", "localhost":
		return true
	default:
		return false
	}
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

// productPatch is the body of PATCH /_emulator/psa/{psa}/products/{id}.
type productPatch struct {
	Identifier  *string  `json:"identifier"`
	Description *string  `json:"description"`
	Inactive    *bool    `json:"inactive"`
	Price       *float64 `json:"price"`
	Cost        *float64 `json:"cost"`
}

// namePatch is the body of the rename routes.
type namePatch struct {
	Name string `json:"name"`
}

// tenantPatch is the body of PATCH /_emulator/tenants/{id}.
type tenantPatch struct {
	Name        *string          `json:"name"`
	BillingType *api.BillingType `json:"billingType"`
}

// adminDataRoutes registers the admin routes that change partner data.
func (e *Emulator) adminDataRoutes(handle adminRoute) {
	noContent := func(err error) (int, any, error) { return http.StatusNoContent, nil, err }
	created := func(id any, err error) (int, any, error) {
		if err != nil {
			return 0, nil, err
		}
		return http.StatusCreated, map[string]any{"id": id}, nil
	}
	// withPSA parses {psa} and, when v is not nil, the JSON body.
	withPSA := func(r *http.Request, v any) (api.Psa, error) {
		psa, err := pathPSA(r)
		if err != nil {
			return psa, err
		}
		if v != nil {
			err = decodeBody(r, v)
		}
		return psa, err
	}
	withID := func(r *http.Request, v any) (api.Psa, int64, error) {
		psa, err := withPSA(r, v)
		if err != nil {
			return psa, 0, err
		}
		id, err := pathInt(r, "id")
		return psa, id, err
	}

	handle("POST /_emulator/psa/{psa}/products", func(r *http.Request, a *Admin) (int, any, error) {
		var p SeedProduct
		psa, err := withPSA(r, &p)
		if err != nil {
			return 0, nil, err
		}
		return created(a.AddProduct(psa, p))
	})
	handle("PATCH /_emulator/psa/{psa}/products/{id}", func(r *http.Request, a *Admin) (int, any, error) {
		var p productPatch
		psa, id, err := withID(r, &p)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.updateProduct(psa, id, func(rec *productRecord) {
			if p.Identifier != nil {
				rec.Identifier = *p.Identifier
			}
			if p.Description != nil {
				rec.Description = *p.Description
			}
			if p.Inactive != nil {
				rec.Inactive = *p.Inactive
			}
			if p.Price != nil {
				rec.Price = *p.Price
			}
			if p.Cost != nil {
				rec.Cost = *p.Cost
			}
		}))
	})
	handle("DELETE /_emulator/psa/{psa}/products/{id}", func(r *http.Request, a *Admin) (int, any, error) {
		psa, id, err := withID(r, nil)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.DeleteProduct(psa, id))
	})
	handle("PUT /_emulator/psa/{psa}/product-mappings/{sophosProduct}", func(r *http.Request, a *Admin) (int, any, error) {
		var in productMappingBody
		psa, err := withPSA(r, &in)
		if err != nil {
			return 0, nil, err
		}
		if in.PsaProductID == nil {
			return 0, nil, fieldError("psaProductId", "", nil, "psaProductId is required")
		}
		return noContent(a.SetProductMapping(psa, r.PathValue("sophosProduct"), *in.PsaProductID, in.SyncEnabled == nil || *in.SyncEnabled))
	})
	handle("PATCH /_emulator/psa/{psa}/product-mappings/{sophosProduct}", func(r *http.Request, a *Admin) (int, any, error) {
		var in struct {
			SyncEnabled *bool `json:"syncEnabled"`
		}
		psa, err := withPSA(r, &in)
		if err != nil {
			return 0, nil, err
		}
		if in.SyncEnabled == nil {
			return 0, nil, fieldError("syncEnabled", "", nil, "syncEnabled is required")
		}
		return noContent(a.SetProductMappingSync(psa, r.PathValue("sophosProduct"), *in.SyncEnabled))
	})
	handle("DELETE /_emulator/psa/{psa}/product-mappings/{sophosProduct}", func(r *http.Request, a *Admin) (int, any, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.DeleteProductMapping(psa, r.PathValue("sophosProduct")))
	})
	handle("PUT /_emulator/psa/{psa}/customer-mappings/{customerId}", func(r *http.Request, a *Admin) (int, any, error) {
		var in customerMappingBody
		psa, err := withPSA(r, &in)
		if err != nil {
			return 0, nil, err
		}
		if in.CompanyID == nil {
			return 0, nil, fieldError("companyId", "", nil, "companyId is required")
		}
		return noContent(a.SetCustomerMapping(psa, r.PathValue("customerId"), api.CustomerMappingInput{
			CompanyId: *in.CompanyID, ContractId: in.ContractID, UsageSyncEnabled: in.UsageSyncEnabled, TicketSyncEnabled: in.TicketSyncEnabled,
		}))
	})
	handle("DELETE /_emulator/psa/{psa}/customer-mappings/{customerId}", func(r *http.Request, a *Admin) (int, any, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.DeleteCustomerMapping(psa, r.PathValue("customerId")))
	})
	handle("POST /_emulator/psa/{psa}/companies", func(r *http.Request, a *Admin) (int, any, error) {
		var in struct {
			Name       string `json:"name"`
			Identifier string `json:"identifier"`
		}
		psa, err := withPSA(r, &in)
		if err != nil {
			return 0, nil, err
		}
		return created(a.AddCompany(psa, in.Name, in.Identifier))
	})
	handle("PATCH /_emulator/psa/{psa}/companies/{id}", func(r *http.Request, a *Admin) (int, any, error) {
		var in namePatch
		psa, id, err := withID(r, &in)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.RenameCompany(psa, id, in.Name))
	})
	handle("DELETE /_emulator/psa/{psa}/companies/{id}", func(r *http.Request, a *Admin) (int, any, error) {
		psa, id, err := withID(r, nil)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.RemoveCompany(psa, id))
	})
	handle("POST /_emulator/psa/{psa}/contracts", func(r *http.Request, a *Admin) (int, any, error) {
		var in NewContract
		psa, err := withPSA(r, &in)
		if err != nil {
			return 0, nil, err
		}
		return created(a.AddContract(psa, in))
	})
	handle("PATCH /_emulator/psa/{psa}/contracts/{id}", func(r *http.Request, a *Admin) (int, any, error) {
		var in namePatch
		psa, id, err := withID(r, &in)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.RenameContract(psa, id, in.Name))
	})
	handle("POST /_emulator/psa/{psa}/contracts/{id}/{action}", func(r *http.Request, a *Admin) (int, any, error) {
		psa, id, err := withID(r, nil)
		if err != nil {
			return 0, nil, err
		}
		actions := map[string]func(api.Psa, int64) error{
			"cancel": a.CancelContract, "deactivate": a.DeactivateContract, "expire": a.ExpireContract, "activate": a.ActivateContract,
		}
		fn, ok := actions[r.PathValue("action")]
		if !ok {
			return 0, nil, errNotFound("unknown contract action %q; use cancel, deactivate, expire or activate", r.PathValue("action"))
		}
		return noContent(fn(psa, id))
	})
	handle("PUT /_emulator/psa/{psa}/integration", func(r *http.Request, a *Admin) (int, any, error) {
		var in struct {
			Status api.IntegrationStatus `json:"status"`
		}
		psa, err := withPSA(r, &in)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.SetIntegrationStatus(psa, in.Status))
	})
	handle("POST /_emulator/psa/{psa}/usage-sync", func(r *http.Request, a *Admin) (int, any, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return 0, nil, err
		}
		results, err := a.RunUsageSync(psa)
		return http.StatusOK, map[string]any{"results": results}, err
	})
	handle("GET /_emulator/psa/{psa}/sync-results", func(r *http.Request, a *Admin) (int, any, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return 0, nil, err
		}
		results, err := a.SyncResults(psa)
		if results == nil {
			results = []SyncResult{}
		}
		return http.StatusOK, map[string]any{"results": results}, err
	})
	handle("POST /_emulator/synthesize", func(r *http.Request, a *Admin) (int, any, error) {
		var in SynthOptions
		if err := decodeBody(r, &in); err != nil {
			return 0, nil, err
		}
		res, err := a.SynthesizeResult(in)
		return http.StatusCreated, res, err
	})
	handle("POST /_emulator/tenants", func(r *http.Request, a *Admin) (int, any, error) {
		var in SeedTenant
		if err := decodeBody(r, &in); err != nil {
			return 0, nil, err
		}
		return created(a.CreateTenant(in))
	})
	handle("PATCH /_emulator/tenants/{id}", func(r *http.Request, a *Admin) (int, any, error) {
		var in tenantPatch
		if err := decodeBody(r, &in); err != nil {
			return 0, nil, err
		}
		id := r.PathValue("id")
		if in.Name != nil {
			if err := a.RenameTenant(id, *in.Name); err != nil {
				return 0, nil, err
			}
		}
		if in.BillingType != nil {
			if err := a.SetTenantBillingType(id, *in.BillingType); err != nil {
				return 0, nil, err
			}
		}
		return http.StatusNoContent, nil, nil
	})
}
