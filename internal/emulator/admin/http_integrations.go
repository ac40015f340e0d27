package admin

import (
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/psacredentials"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/seed"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// integrationRoutes registers the admin routes of PSA connections, schedules, sync runs and
// billing usage.
func integrationRoutes(rt routes) {
	handle := rt.handle
	handle("PUT /_emulator/psa/{psa}/api-users", func(r *http.Request, a *Admin) (web.Reply, error) {
		var c psacredentials.Credentials
		psa, err := withPSA(r, &c)
		if err != nil {
			return web.Reply{}, err
		}
		return noContent(a.SetPSAAPIUser(psa, c))
	})
	handle("DELETE /_emulator/psa/{psa}/api-users/{login}", func(r *http.Request, a *Admin) (web.Reply, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return web.Reply{}, err
		}
		return noContent(a.RemovePSAAPIUser(psa, r.PathValue("login")))
	})
	handle("PUT /_emulator/psa/{psa}/integration/credentials", func(r *http.Request, a *Admin) (web.Reply, error) {
		var c psacredentials.Credentials
		psa, err := withPSA(r, &c)
		if err != nil {
			return web.Reply{}, err
		}
		return noContent(a.SetIntegrationCredentials(psa, c))
	})
	handle("DELETE /_emulator/psa/{psa}/integration", func(r *http.Request, a *Admin) (web.Reply, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return web.Reply{}, err
		}
		return noContent(a.DisconnectIntegration(psa))
	})
	handle("PUT /_emulator/psa/{psa}/integration/usage-sync-schedule", func(r *http.Request, a *Admin) (web.Reply, error) {
		var in api.UsageSyncScheduleInput
		psa, err := withPSA(r, &in)
		if err != nil {
			return web.Reply{}, err
		}
		return noContent(a.SetUsageSyncSchedule(psa, in.UsageSyncSchedule, in.DayOfMonth))
	})
	handle("POST /_emulator/psa/{psa}/usage-sync/invoice", func(r *http.Request, a *Admin) (web.Reply, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return web.Reply{}, err
		}
		run, err := a.SyncUsageWithInvoice(psa)
		return web.OK(run), err
	})
	handle("POST /_emulator/billing/usage", func(r *http.Request, a *Admin) (web.Reply, error) {
		var l seed.BillingLine
		if err := web.DecodeBody(r, &l); err != nil {
			return web.Reply{}, err
		}
		return web.Created(nil), a.AddBillingUsage(l)
	})
	handle("POST /_emulator/billing/usage/synthesize", func(r *http.Request, a *Admin) (web.Reply, error) {
		var in struct {
			Lines int `json:"lines"`
		}
		if err := web.DecodeBody(r, &in); err != nil {
			return web.Reply{}, err
		}
		total, err := a.SynthesizeUsage(in.Lines)
		return web.Created(map[string]any{"linesPerMonth": total}), err
	})
}
