package psaintegration

import (
	"context"
	"net/http"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/usagesync"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// Usage sync: the schedule (GET/PUT /partner/v1/psa/{psa}/integration/usage-sync-schedule),
// "Sync now" (POST /partner/v1/psa/{psa}/usage-sync, the pass of package usagesync) and the
// history (GET /partner/v1/psa/{psa}/usage-sync/runs).

// RequireConfigured fails with 409 while the PSA is not connected (an integration in
// error still has its schedule and history).
func RequireConfigured(rec *store.Integration) error {
	if rec.Status == api.IntegrationStatusNotConfigured {
		return web.Conflict("%s is not connected to this partner account, so it has no usage-sync schedule or history; connect it first (PUT /partner/v1/psa/%s/integration)", rec.Name, rec.Psa)
	}
	return nil
}

// SetSchedule checks and stores a usage-sync schedule at ts, bumping its version.
func SetSchedule(ctx context.Context, q store.Q, partnerID string, psa api.Psa, in api.UsageSyncScheduleInput, ts int64) error {
	if err := web.Violations("the usage-sync schedule", rules.CheckUsageSyncSchedule(rules.APIIntegrationFields(), in.UsageSyncSchedule, in.DayOfMonth)); err != nil {
		return err
	}
	return q.SetSchedule(ctx, partnerID, psa, in.UsageSyncSchedule, in.DayOfMonth, ts)
}

// GetUsageSyncSchedule implements GET /partner/v1/psa/{psa}/integration/usage-sync-schedule.
func (rm *Room) GetUsageSyncSchedule(w http.ResponseWriter, r *http.Request, psa api.Psa, _ api.GetUsageSyncScheduleParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		rec, err := q.Integration(r.Context(), web.PrincipalOf(r).PartnerID, psa)
		if err == nil {
			err = RequireConfigured(rec)
		}
		if err != nil {
			return web.Reply{}, err
		}
		return reply(rec.Schedule(), rec.ScheduleVersion, nil)
	})
}

// PutUsageSyncSchedule implements PUT /partner/v1/psa/{psa}/integration/usage-sync-schedule.
func (rm *Room) PutUsageSyncSchedule(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.PutUsageSyncScheduleParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		ctx := r.Context()
		partnerID := web.PrincipalOf(r).PartnerID
		var in api.UsageSyncScheduleInput
		if err := web.DecodeBody(r, &in); err != nil {
			return web.Reply{}, err
		}
		rec, err := changeIntegration(ctx, q, partnerID, psa, func(q store.Q, current *store.Integration) error {
			if err := RequireConfigured(current); err != nil {
				return err
			}
			if err := web.CheckIfMatch(params.IfMatch, current.ScheduleVersion, "the usage-sync schedule of "+psa.DisplayName()); err != nil {
				return err
			}
			return SetSchedule(ctx, q, partnerID, psa, in, rm.api.Now().UnixNano())
		})
		if err != nil {
			return web.Reply{}, err
		}
		return reply(rec.Schedule(), rec.ScheduleVersion, nil)
	})
}

// RunUsageSync implements POST /partner/v1/psa/{psa}/usage-sync, the console's "Sync now":
// the same pass as the schedule (package usagesync), answered with the run the history
// lists. The PSA check of the route has already refused a PSA that is not connected.
func (rm *Room) RunUsageSync(w http.ResponseWriter, r *http.Request, psa api.Psa, _ api.RunUsageSyncParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		run, err := usagesync.Run(r.Context(), q, web.PrincipalOf(r).PartnerID, psa, false, rm.api.Now())
		if err != nil {
			return web.Reply{}, err
		}
		return web.OK(run), nil
	})
}

// ListUsageSyncRuns implements GET /partner/v1/psa/{psa}/usage-sync/runs.
func (rm *Room) ListUsageSyncRuns(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.ListUsageSyncRunsParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		pg, err := web.NewPaging(params.Page, params.PageSize, params.PageTotal)
		if err != nil {
			return web.Reply{}, err
		}
		customer := ""
		if params.CustomerId != nil {
			customer = strings.ToLower(*params.CustomerId)
			if !rules.IsUUID(customer) {
				return web.Reply{}, web.FieldError("customerId", *params.CustomerId, nil, "query parameter customerId must be a customer (tenant) UUID (got %q)", *params.CustomerId)
			}
		}
		ctx := r.Context()
		partnerID := web.PrincipalOf(r).PartnerID
		var out api.UsageSyncRunList
		err = q.Tx(ctx, func(q store.Q) error {
			rec, err := q.Integration(ctx, partnerID, psa)
			if err != nil {
				return err
			}
			if err := RequireConfigured(rec); err != nil {
				return err
			}
			page, err := q.ListRuns(ctx, partnerID, psa, customer, pg.Window())
			out = api.UsageSyncRunList{Items: page.Items, Pages: pg.Pages(page.Total)}
			return err
		})
		if err != nil {
			return web.Reply{}, err
		}
		return web.OK(out), nil
	})
}
