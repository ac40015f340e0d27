package emulator

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// The PSA connection: GET/PUT/DELETE /partner/v1/psa/{psa}/integration and its usage-sync
// schedule. Credentials are checked "as the PSA would" against the API users the PSA
// accepts (psa_api_users, from the seed and the admin API). Secrets are kept only as
// hashes and never leave the emulator.

// integrationMigrations are the schema migrations of PSA connections, the usage-sync
// schedule and history and the Partner Billing API, applied after the core ones.
func integrationMigrations() []string {
	return []string{`
ALTER TABLE integrations ADD COLUMN login TEXT NOT NULL DEFAULT '';
ALTER TABLE integrations ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE integrations ADD COLUMN secret_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE integrations ADD COLUMN status_error TEXT NOT NULL DEFAULT '';
ALTER TABLE integrations ADD COLUMN credentials_updated_at INTEGER;
ALTER TABLE integrations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE integrations ADD COLUMN schedule_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE integrations ADD COLUMN usage_sync_day INTEGER;
ALTER TABLE integrations ADD COLUMN schedule_updated_at INTEGER;
CREATE TABLE psa_api_users (
	partner_id  TEXT NOT NULL,
	psa         TEXT NOT NULL,
	login       TEXT NOT NULL,
	settings    TEXT NOT NULL,
	secret_hash TEXT NOT NULL,
	PRIMARY KEY (partner_id, psa, login)
);
ALTER TABLE sophos_products ADD COLUMN invoice_only INTEGER NOT NULL DEFAULT 0;
CREATE TABLE billing_products (
	code           TEXT PRIMARY KEY,
	sku            TEXT NOT NULL,
	description    TEXT NOT NULL,
	product_group  TEXT NOT NULL,
	unit_price     REAL NOT NULL,
	sophos_product TEXT REFERENCES sophos_products(identifier)
);
CREATE TABLE billing_settings (
	partner_id  TEXT PRIMARY KEY REFERENCES partners(id),
	since       TEXT NOT NULL,
	distributor TEXT NOT NULL
);
CREATE TABLE billing_usage (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	partner_id    TEXT NOT NULL REFERENCES partners(id),
	customer_id   TEXT,
	serial_number TEXT NOT NULL,
	product_code  TEXT NOT NULL REFERENCES billing_products(code),
	quantity      REAL NOT NULL,
	months        TEXT NOT NULL
);
CREATE INDEX billing_usage_by_partner ON billing_usage(partner_id, id);
CREATE TABLE sync_runs (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	partner_id  TEXT NOT NULL,
	psa         TEXT NOT NULL,
	trigger     TEXT NOT NULL,
	status      TEXT NOT NULL,
	month       TEXT NOT NULL,
	error       TEXT NOT NULL,
	synced      INTEGER NOT NULL,
	failed      INTEGER NOT NULL,
	started_at  INTEGER NOT NULL,
	finished_at INTEGER NOT NULL
);
CREATE INDEX sync_runs_by_psa ON sync_runs(partner_id, psa, id);
ALTER TABLE sync_results ADD COLUMN run_id INTEGER;
ALTER TABLE sync_results ADD COLUMN company_name TEXT;
ALTER TABLE sync_results ADD COLUMN contract_name TEXT;
ALTER TABLE sync_results ADD COLUMN lines TEXT NOT NULL DEFAULT '[]';
CREATE INDEX sync_results_by_run ON sync_results(run_id);
`}
}

// integrationRecord is an integration row with its stored credentials.
type integrationRecord struct {
	api.Integration
	login, secretHash        string
	settings                 credentialSettings
	version, scheduleVersion int64
	scheduleUpdated          sql.NullInt64
}

// loadIntegration reads a partner's integration with a PSA; a PSA without a row is
// notConfigured, with the default schedule.
func loadIntegration(ctx context.Context, q querier, partnerID string, psa api.Psa) (*integrationRecord, error) {
	rec := &integrationRecord{Integration: api.Integration{Psa: psa, Name: psa.DisplayName(), Status: api.IntegrationStatusNotConfigured,
		UsageSyncSchedule: api.IntegrationUsageSyncSchedule(api.DefaultUsageSyncSchedule)}, version: 0, scheduleVersion: 0}
	var (
		status, schedule, site, settings, statusError string
		connected, lastSync, credsAt, day             sql.NullInt64
	)
	err := q.QueryRowContext(ctx, `SELECT name, status, site_url, connected_at, usage_sync_schedule, last_usage_sync_at, login, settings, secret_hash,
		status_error, credentials_updated_at, version, schedule_version, usage_sync_day, schedule_updated_at
		FROM integrations WHERE partner_id = ? AND psa = ?`, partnerID, psa).
		Scan(&rec.Name, &status, &site, &connected, &schedule, &lastSync, &rec.login, &settings, &rec.secretHash,
			&statusError, &credsAt, &rec.version, &rec.scheduleVersion, &day, &rec.scheduleUpdated)
	if errors.Is(err, sql.ErrNoRows) {
		return rec, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(settings), &rec.settings); err != nil {
		return nil, fmt.Errorf("reading the stored %s settings: %w", psa, err)
	}
	in := &rec.Integration
	in.Status = api.IntegrationStatus(status)
	in.UsageSyncSchedule = api.IntegrationUsageSyncSchedule(schedule)
	in.SiteUrl = optString(site)
	in.ConnectedAt = nullTime(connected)
	in.LastUsageSyncAt = nullTime(lastSync)
	in.CredentialsUpdatedAt = nullTime(credsAt)
	if day.Valid {
		d := int(day.Int64)
		in.UsageSyncDayOfMonth = &d
	}
	if in.Status == api.IntegrationStatusError {
		text := statusError
		if text == "" {
			text = fmt.Sprintf("%s refused the stored API credentials. Update them in Sophos Central Partner (PSA Integration > %s > View details).", psa.DisplayName(), psa.ShortName())
		}
		in.StatusError = &text
	}
	if in.Status != api.IntegrationStatusNotConfigured && rec.login != "" {
		if psa == api.PsaConnectwise {
			in.Connectwise = &api.ConnectWiseConnection{Site: rec.settings.Site, CompanyId: rec.settings.CompanyID, PublicKey: rec.settings.PublicKey, ClientId: rec.settings.ClientID}
		} else {
			in.Autotask = &api.AutotaskConnection{UserName: rec.settings.UserName, IntegrationCode: rec.settings.IntegrationCode}
		}
	}
	return rec, nil
}

// ensureIntegrationRow creates the notConfigured row of a PSA, so writes can update it.
func ensureIntegrationRow(ctx context.Context, q querier, partnerID string, psa api.Psa) error {
	_, err := q.ExecContext(ctx, `INSERT INTO integrations(partner_id, psa, name, status, site_url, usage_sync_schedule)
		VALUES(?, ?, ?, 'notConfigured', '', ?) ON CONFLICT(partner_id, psa) DO NOTHING`, partnerID, psa, psa.DisplayName(), api.DefaultUsageSyncSchedule)
	return err
}

// connectIntegration checks credentials with the PSA and stores them as the connection:
// 422 with the PSA's text when it refuses them.
func connectIntegration(ctx context.Context, q querier, partnerID string, psa api.Psa, in api.IntegrationInput, ts int64) error {
	if err := violationsError("the "+psa.ShortName()+" credentials", rules.CheckIntegrationInput(rules.APIIntegrationFields(), psa, in)); err != nil {
		return err
	}
	creds := credentialsFromInput(psa, in)
	field, refusal, err := psaRefusal(ctx, q, partnerID, psa, creds)
	if err != nil {
		return err
	}
	if refusal != "" {
		se := errUnprocessable("%s refused the credentials: %s", psa.DisplayName(), refusal)
		se.Details = []api.FieldError{{Field: string(psa) + "." + field, Message: refusal}}
		return se
	}
	if err := ensureIntegrationRow(ctx, q, partnerID, psa); err != nil {
		return err
	}
	site := ""
	if psa == api.PsaConnectwise {
		site = "https://" + creds.Site
	}
	login, settings, hash := splitCredentials(psa, creds)
	raw, err := json.Marshal(settings)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `UPDATE integrations SET status = 'connected', status_error = '', login = ?, settings = ?, secret_hash = ?,
		credentials_updated_at = ?, connected_at = CASE WHEN status = 'notConfigured' OR connected_at IS NULL THEN ? ELSE connected_at END,
		site_url = CASE WHEN ? <> '' THEN ? ELSE site_url END, version = version + 1
		WHERE partner_id = ? AND psa = ?`, login, string(raw), hash, ts, ts, site, site, partnerID, psa)
	return err
}

// disconnectIntegration disconnects a PSA unless products or customers are still mapped in
// it: the credentials are forgotten and the schedule returns to the default.
func disconnectIntegration(ctx context.Context, q querier, partnerID string, psa api.Psa, fix string) error {
	left, err := mappingsLeft(ctx, q, partnerID, psa)
	if err != nil {
		return err
	}
	if err := violationError(rules.CheckDisconnect(psa, left, fix)); err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `UPDATE integrations SET status = 'notConfigured', status_error = '', login = '', settings = '{}', secret_hash = '',
		credentials_updated_at = NULL, connected_at = NULL, last_usage_sync_at = NULL, version = version + 1,
		usage_sync_schedule = ?, usage_sync_day = NULL, schedule_version = schedule_version + 1, schedule_updated_at = NULL
		WHERE partner_id = ? AND psa = ? AND status <> 'notConfigured'`, api.DefaultUsageSyncSchedule, partnerID, psa)
	return err
}

// mappingsLeft lists the Sophos products and the customers mapped in a PSA.
func mappingsLeft(ctx context.Context, q querier, partnerID string, psa api.Psa) (rules.MappingsLeft, error) {
	var left rules.MappingsLeft
	collect := func(query string, into *[]string) error {
		rows, err := q.QueryContext(ctx, query, partnerID, psa)
		if err != nil {
			return err
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				_ = rows.Close()
				return err
			}
			*into = append(*into, s)
		}
		return errors.Join(rows.Err(), rows.Close())
	}
	if err := collect(`SELECT sophos_product FROM product_mappings WHERE partner_id = ? AND psa = ? AND psa_product_id IS NOT NULL ORDER BY sophos_product`, &left.Products); err != nil {
		return left, err
	}
	err := collect(`SELECT t.name FROM customer_mappings cm JOIN tenants t ON t.id = cm.customer_id
		WHERE cm.partner_id = ? AND cm.psa = ? AND cm.company_id IS NOT NULL ORDER BY t.name_fold`, &left.Customers)
	return left, err
}

// recheckCredentials asks the PSA again about the integration's stored credentials after
// the PSA's API users changed: refused ones put it in error with the PSA's text, accepted
// ones bring a credential error back to connected.
func recheckCredentials(ctx context.Context, q querier, partnerID string, psa api.Psa) error {
	rec, err := loadIntegration(ctx, q, partnerID, psa)
	if err != nil || rec.Status == api.IntegrationStatusNotConfigured || rec.login == "" {
		return err
	}
	refusal, err := storedCredentialsRefusal(ctx, q, partnerID, psa, rec)
	if err != nil {
		return err
	}
	if refusal != "" {
		_, err = q.ExecContext(ctx, "UPDATE integrations SET status = 'error', status_error = ? WHERE partner_id = ? AND psa = ?", refusal, partnerID, psa)
		return err
	}
	_, err = q.ExecContext(ctx, "UPDATE integrations SET status = 'connected', status_error = '' WHERE partner_id = ? AND psa = ? AND status = 'error'", partnerID, psa)
	return err
}

// GetIntegration implements GET /partner/v1/psa/{psa}/integration.
func (s *server) GetIntegration(w http.ResponseWriter, r *http.Request, psa api.Psa, _ api.GetIntegrationParams) {
	e := s.e
	rec, err := loadIntegration(r.Context(), e.store.q(r.Context()), principalOf(r).partnerID, psa)
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(rec.version))
	writeJSON(w, http.StatusOK, rec.Integration)
}

// PutIntegration implements PUT /partner/v1/psa/{psa}/integration: connect the PSA or
// replace its credentials.
func (s *server) PutIntegration(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.PutIntegrationParams) {
	e := s.e
	ctx := r.Context()
	partnerID := principalOf(r).partnerID
	var in api.IntegrationInput
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
		if err := checkIfMatch(params.IfMatch, current.version, "the "+psa.DisplayName()+" integration"); err != nil {
			return err
		}
		if err := connectIntegration(ctx, tx, partnerID, psa, in, toNanos(e.now())); err != nil {
			return err
		}
		out, err = loadIntegration(ctx, tx, partnerID, psa)
		return err
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(out.version))
	writeJSON(w, http.StatusOK, out.Integration)
}

// DeleteIntegration implements DELETE /partner/v1/psa/{psa}/integration.
func (s *server) DeleteIntegration(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.DeleteIntegrationParams) {
	e := s.e
	ctx := r.Context()
	partnerID := principalOf(r).partnerID
	err := e.store.tx(ctx, func(tx *sql.Tx) error {
		current, err := loadIntegration(ctx, tx, partnerID, psa)
		if err != nil {
			return err
		}
		if err := checkIfMatch(params.IfMatch, current.version, "the "+psa.DisplayName()+" integration"); err != nil {
			return err
		}
		return disconnectIntegration(ctx, tx, partnerID, psa, fmt.Sprintf("Unmap them first (DELETE /partner/v1/psa/%s/product-mappings/{sophosProduct} "+
			"and /customer-mappings/{customerId}).", psa))
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// relaxedPSARoute reports whether a {psa} route answers while the PSA is not connected:
// the integration itself (connecting needs it) and, for a PSA in error, its schedule and
// history. Their handlers say when the PSA's state matters.
func relaxedPSARoute(path string) bool {
	return strings.HasSuffix(path, "/integration") || strings.Contains(path, "/integration/") || strings.HasSuffix(path, "/usage-sync/runs")
}
