package admin

import (
	"net/http"
	"strconv"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// The Autotask room's limits over the admin API: /_emulator/autotask/limits.

// AutotaskSettings are the Autotask room's limits and a database's usage of the hour.
type AutotaskSettings struct {
	// RequestThreshold is the requests per hour of each Autotask database (0: 10,000).
	RequestThreshold int
	// UsageLatency is added from half the threshold (twice from three quarters).
	UsageLatency time.Duration
	// CurrentTimeframeRequestCount is the partner's requests of the last hour (read only).
	CurrentTimeframeRequestCount int
}

// AutotaskControl is how the admin API reads and sets the Autotask room's limits.
type AutotaskControl interface {
	AutotaskSettings(partnerID string) AutotaskSettings
	SetAutotaskSettings(AutotaskSettings)
	ResetAutotaskUsage()
}

// autotaskJSON is the admin API's form of AutotaskSettings.
type autotaskJSON struct {
	RequestThreshold             int    `json:"requestThreshold"`
	UsageLatency                 string `json:"usageLatency"`
	CurrentTimeframeRequestCount int    `json:"currentTimeframeRequestCount,omitempty"`
}

func (s *Server) autotaskState(partnerID string) autotaskJSON {
	a := s.Autotask.AutotaskSettings(partnerID)
	return autotaskJSON{RequestThreshold: a.RequestThreshold, UsageLatency: a.UsageLatency.String(), CurrentTimeframeRequestCount: a.CurrentTimeframeRequestCount}
}

func (s *Server) autotaskRoutes(rt routes) {
	rt.handle("GET /_emulator/autotask/limits", func(_ *http.Request, adm *Admin) (web.Reply, error) {
		return web.OK(s.autotaskState(adm.partnerID)), nil
	})
	rt.handle("PUT /_emulator/autotask/limits", func(r *http.Request, adm *Admin) (web.Reply, error) {
		var j autotaskJSON
		if err := web.DecodeBody(r, &j); err != nil {
			return web.Reply{}, err
		}
		var v web.ValidationErrors
		if j.RequestThreshold < 0 {
			v.Add("requestThreshold", strconv.Itoa(j.RequestThreshold), nil, "must be 0 (Autotask's 10,000) or more requests per hour")
		}
		latency, err := time.ParseDuration(j.UsageLatency)
		if j.UsageLatency == "" {
			latency, err = 0, nil
		}
		if err != nil || latency < 0 {
			v.Add("usageLatency", j.UsageLatency, nil, "must be a non-negative Go duration such as 0s or 500ms")
		}
		if err := v.Err("the Autotask limits"); err != nil {
			return web.Reply{}, err
		}
		s.Autotask.SetAutotaskSettings(AutotaskSettings{RequestThreshold: j.RequestThreshold, UsageLatency: latency})
		return web.OK(s.autotaskState(adm.partnerID)), nil
	})
	rt.handle("DELETE /_emulator/autotask/usage", func(_ *http.Request, adm *Admin) (web.Reply, error) {
		s.Autotask.ResetAutotaskUsage()
		return web.OK(s.autotaskState(adm.partnerID)), nil
	})
}
