package admin

import (
	"fmt"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
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

func toFaultsJSON(f web.Faults) faultsJSON {
	return faultsJSON{
		Latency: f.Latency.String(), Rate429: f.Rate429, RetryAfter: f.RetryAfter, Rate5xx: f.Rate5xx,
		RateReset: f.RateReset, TokenLifetime: f.TokenLifetime.String(), RateLimit: f.RateLimit,
	}
}

func (j faultsJSON) faults() (web.Faults, error) {
	f := web.Faults{Rate429: j.Rate429, RetryAfter: j.RetryAfter, Rate5xx: j.Rate5xx, RateReset: j.RateReset, RateLimit: j.RateLimit}
	var v web.ValidationErrors
	for _, p := range []struct {
		field string
		value float64
	}{{"rate429", j.Rate429}, {"rate5xx", j.Rate5xx}, {"rateReset", j.RateReset}} {
		if p.value < 0 || p.value > 1 {
			v.Add(p.field, fmt.Sprint(p.value), nil, "must be a probability between 0 and 1")
		}
	}
	if j.RateLimit < 0 {
		v.Add("rateLimit", fmt.Sprint(j.RateLimit), nil, "must be 0 (unlimited) or more requests per second")
	}
	parse := func(field, s string) time.Duration {
		if s == "" {
			return 0
		}
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			v.Add(field, s, nil, "must be a non-negative Go duration such as 250ms, 2s or 1h")
		}
		return d
	}
	f.Latency = parse("latency", j.Latency)
	f.TokenLifetime = parse("tokenLifetime", j.TokenLifetime)
	return f, v.Err("the fault settings")
}

// injectJSON is the admin API's form of InjectedFault.
type injectJSON struct {
	Kind       web.FaultKind `json:"kind"`
	Method     string        `json:"method"`
	PathPrefix string        `json:"pathPrefix"`
	Count      int           `json:"count"`
	RetryAfter int           `json:"retryAfter"`
}

// faultsState is the body of the fault routes: the settings and the queued faults.
func (s *Server) faultsState() map[string]any {
	queued := []injectJSON{}
	for _, f := range s.Faults.Injected() {
		queued = append(queued, injectJSON(f))
	}
	return map[string]any{"faults": toFaultsJSON(s.Faults.Get()), "injected": queued}
}
