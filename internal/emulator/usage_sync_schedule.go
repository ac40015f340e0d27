package emulator

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// The usage-sync schedule of a PSA: GET/PUT /partner/v1/psa/{psa}/integration/usage-sync-schedule.

// scheduleOf is the usage-sync schedule of an integration as the API shows it.
func scheduleOf(rec *integrationRecord) api.UsageSyncSchedule {
	return api.UsageSyncSchedule{Psa: rec.Psa, UsageSyncSchedule: api.UsageSyncFrequency(rec.UsageSyncSchedule),
		DayOfMonth: rec.UsageSyncDayOfMonth, FirewallSync: api.UsageSyncScheduleFirewallSyncWithInvoice, UpdatedAt: nullTime(rec.scheduleUpdated)}
}

// requireConfigured fails with 409 while the PSA is not connected (an integration in
// error still has its schedule and history).
func requireConfigured(rec *integrationRecord) error {
	if rec.Status == api.IntegrationStatusNotConfigured {
		return errConflict("%s is not connected to this partner account, so it has no usage-sync schedule or history; connect it first (PUT /partner/v1/psa/%s/integration)", rec.Name, rec.Psa)
	}
	return nil
}

// GetUsageSyncSchedule implements GET /partner/v1/psa/{psa}/integration/usage-sync-schedule.
func (s *server) GetUsageSyncSchedule(w http.ResponseWriter, r *http.Request, psa api.Psa, _ api.GetUsageSyncScheduleParams) {
	e := s.e
	rec, err := loadIntegration(r.Context(), e.store.q(r.Context()), principalOf(r).partnerID, psa)
	if err == nil {
		err = requireConfigured(rec)
	}
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(rec.scheduleVersion))
	writeJSON(w, http.StatusOK, scheduleOf(rec))
}

// PutUsageSyncSchedule implements PUT /partner/v1/psa/{psa}/integration/usage-sync-schedule.
func (s *server) PutUsageSyncSchedule(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.PutUsageSyncScheduleParams) {
	e := s.e
	ctx := r.Context()
	partnerID := principalOf(r).partnerID
	var in api.UsageSyncScheduleInput
	if err := decodeBody(r, &in); err != nil {
		e.writeError(w, r, err)
		return
	}
	var out *integrationRecord
	err := e.store.tx(ctx, func(tx *sql.Tx) error {
		current, err := loadIntegration(ctx, tx, partnerID, psa)
		if err != nil {
			return err
		}
		if err := requireConfigured(current); err != nil {
			return err
		}
		if err := checkIfMatch(params.IfMatch, current.scheduleVersion, "the usage-sync schedule of "+psa.DisplayName()); err != nil {
			return err
		}
		if err := setSchedule(ctx, tx, partnerID, psa, in, toNanos(e.now())); err != nil {
			return err
		}
		out, err = loadIntegration(ctx, tx, partnerID, psa)
		return err
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(out.scheduleVersion))
	writeJSON(w, http.StatusOK, scheduleOf(out))
}

// setSchedule checks and stores a usage-sync schedule, bumping its version.
func setSchedule(ctx context.Context, q querier, partnerID string, psa api.Psa, in api.UsageSyncScheduleInput, ts int64) error {
	if err := violationsError("the usage-sync schedule", rules.CheckUsageSyncSchedule(rules.APIIntegrationFields(), in.UsageSyncSchedule, in.DayOfMonth)); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `UPDATE integrations SET usage_sync_schedule = ?, usage_sync_day = ?, schedule_version = schedule_version + 1,
		schedule_updated_at = ? WHERE partner_id = ? AND psa = ?`, in.UsageSyncSchedule, in.DayOfMonth, ts, partnerID, psa)
	return err
}
