package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The integrations table: each partner's connection to each PSA, its stored credentials
// (secrets only as hashes) and its usage-sync schedule.

// CredentialSettings are the non-secret fields of stored or accepted PSA credentials, as
// the settings columns hold them (JSON).
type CredentialSettings struct {
	Site            string `json:"site,omitempty"`
	CompanyID       string `json:"companyId,omitempty"`
	PublicKey       string `json:"publicKey,omitempty"`
	ClientID        string `json:"clientId,omitempty"`
	UserName        string `json:"userName,omitempty"`
	IntegrationCode string `json:"integrationCode,omitempty"`
	// CannotSee are the Autotask entities an API user's security level hides: its queries
	// of them answer nothing, as Autotask answers a restricted security level.
	CannotSee []string `json:"cannotSee,omitempty"`
	// MemberID is a ConnectWise API member's identifier (what _info.updatedBy shows of its
	// writes); ReadOnly gives it a security role that may read but not write.
	MemberID string `json:"memberId,omitempty"`
	ReadOnly bool   `json:"readOnly,omitempty"`
}

// Integration is a partner's integration with a PSA as the contract shows it, with its
// stored credentials and versions.
type Integration struct {
	api.Integration
	// Login is the stored credentials' login (the ConnectWise public key, the Autotask user
	// name); "" without credentials.
	Login, SecretHash string
	Settings          CredentialSettings
	// Version is the integration's ETag version, ScheduleVersion its schedule's.
	Version, ScheduleVersion int64
	ScheduleUpdatedAt        *int64
}

// Member is who Sophos's writes through the integration are made by in the PSA: the API
// member it connects with (its member id, else its login), as ConnectWise's
// _info.updatedBy shows it.
func (rec *Integration) Member() string {
	if rec.Settings.MemberID != "" {
		return rec.Settings.MemberID
	}
	return rec.Login
}

// Integration reads a partner's integration with a PSA; a PSA without a row is
// notConfigured, with the default schedule.
func (q Q) Integration(ctx context.Context, partnerID string, psa api.Psa) (*Integration, error) {
	rec := &Integration{Integration: api.Integration{Psa: psa, Name: psa.DisplayName(), Status: api.IntegrationStatusNotConfigured,
		UsageSyncSchedule: api.IntegrationUsageSyncSchedule(api.DefaultUsageSyncSchedule)}}
	var (
		status, schedule, site, settings, statusError string
		connected, lastSync, credsAt, day, schedAt    sql.NullInt64
	)
	err := q.q.QueryRowContext(ctx, `SELECT name, status, site_url, connected_at, usage_sync_schedule, last_usage_sync_at, login, settings, secret_hash,
		status_error, credentials_updated_at, version, schedule_version, usage_sync_day, schedule_updated_at
		FROM integrations WHERE partner_id = ? AND psa = ?`, partnerID, psa).
		Scan(&rec.Name, &status, &site, &connected, &schedule, &lastSync, &rec.Login, &settings, &rec.SecretHash,
			&statusError, &credsAt, &rec.Version, &rec.ScheduleVersion, &day, &schedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return rec, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(settings), &rec.Settings); err != nil {
		return nil, fmt.Errorf("reading the stored %s settings: %w", psa, err)
	}
	rec.ScheduleUpdatedAt = nullInt(schedAt)
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
	if in.Status != api.IntegrationStatusNotConfigured && rec.Login != "" {
		if psa == api.PsaConnectwise {
			in.Connectwise = &api.ConnectWiseConnection{Site: rec.Settings.Site, CompanyId: rec.Settings.CompanyID, PublicKey: rec.Settings.PublicKey, ClientId: rec.Settings.ClientID}
		} else {
			in.Autotask = &api.AutotaskConnection{UserName: rec.Settings.UserName, IntegrationCode: rec.Settings.IntegrationCode}
		}
	}
	return rec, nil
}

// Schedule is the integration's usage-sync schedule as the contract shows it.
func (rec *Integration) Schedule() api.UsageSyncSchedule {
	var updated *time.Time
	if rec.ScheduleUpdatedAt != nil {
		updated = ptr(fromNanos(*rec.ScheduleUpdatedAt))
	}
	return api.UsageSyncSchedule{Psa: rec.Psa, UsageSyncSchedule: api.UsageSyncFrequency(rec.UsageSyncSchedule),
		DayOfMonth: rec.UsageSyncDayOfMonth, FirewallSync: api.UsageSyncScheduleFirewallSyncWithInvoice, UpdatedAt: updated}
}

// InsertIntegration stores a seed's integration.
func (q Q) InsertIntegration(ctx context.Context, partnerID string, psa api.Psa, name, status, siteURL string, connectedAt *int64, schedule string) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO integrations(partner_id, psa, name, status, site_url, connected_at, usage_sync_schedule)
		VALUES(?, ?, ?, ?, ?, ?, ?)`, partnerID, psa, name, status, siteURL, connectedAt, schedule)
	return err
}

// SetIntegrationStatus sets a PSA integration's status, creating its row (with the
// withInvoice schedule) when there is none; connecting sets the connection time once.
func (q Q) SetIntegrationStatus(ctx context.Context, partnerID string, psa api.Psa, status api.IntegrationStatus, ts int64) error {
	var connected *int64
	if status == api.IntegrationStatusConnected {
		connected = &ts
	}
	_, err := q.q.ExecContext(ctx, `INSERT INTO integrations(partner_id, psa, name, status, site_url, connected_at, usage_sync_schedule)
		VALUES(?, ?, ?, ?, '', ?, 'withInvoice')
		ON CONFLICT(partner_id, psa) DO UPDATE SET status = excluded.status, status_error = '', connected_at = COALESCE(integrations.connected_at, excluded.connected_at)`,
		partnerID, psa, psa.DisplayName(), status, connected)
	return err
}

// EnsureIntegration creates the notConfigured row of a PSA, so writes can update it.
func (q Q) EnsureIntegration(ctx context.Context, partnerID string, psa api.Psa) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO integrations(partner_id, psa, name, status, site_url, usage_sync_schedule)
		VALUES(?, ?, ?, 'notConfigured', '', ?) ON CONFLICT(partner_id, psa) DO NOTHING`, partnerID, psa, psa.DisplayName(), api.DefaultUsageSyncSchedule)
	return err
}

// StoredCredentials are credentials as the integration keeps them.
type StoredCredentials struct {
	Login      string
	Settings   CredentialSettings
	SecretHash string
}

// Connect stores credentials as the integration's connection at ts: connected, its error
// cleared, connected since ts unless it already was; a site URL other than "" replaces the
// stored one. The version goes up.
func (q Q) Connect(ctx context.Context, partnerID string, psa api.Psa, c StoredCredentials, siteURL string, ts int64) error {
	raw, err := json.Marshal(c.Settings)
	if err != nil {
		return err
	}
	_, err = q.q.ExecContext(ctx, `UPDATE integrations SET status = 'connected', status_error = '', login = ?, settings = ?, secret_hash = ?,
		credentials_updated_at = ?, connected_at = CASE WHEN status = 'notConfigured' OR connected_at IS NULL THEN ? ELSE connected_at END,
		site_url = CASE WHEN ? <> '' THEN ? ELSE site_url END, version = version + 1
		WHERE partner_id = ? AND psa = ?`, c.Login, string(raw), c.SecretHash, ts, ts, siteURL, siteURL, partnerID, psa)
	return err
}

// StoreCredentials stores credentials as the integration's connection without changing its
// status (the seed's), updated at ts.
func (q Q) StoreCredentials(ctx context.Context, partnerID string, psa api.Psa, c StoredCredentials, ts int64) error {
	raw, err := json.Marshal(c.Settings)
	if err != nil {
		return err
	}
	_, err = q.q.ExecContext(ctx, `UPDATE integrations SET login = ?, settings = ?, secret_hash = ?, credentials_updated_at = ?
		WHERE partner_id = ? AND psa = ?`, c.Login, string(raw), c.SecretHash, ts, partnerID, psa)
	return err
}

// Disconnect forgets a connected integration's credentials and returns its schedule to the
// default; both versions go up. A PSA that is not configured is left alone.
func (q Q) Disconnect(ctx context.Context, partnerID string, psa api.Psa) error {
	_, err := q.q.ExecContext(ctx, `UPDATE integrations SET status = 'notConfigured', status_error = '', login = '', settings = '{}', secret_hash = '',
		credentials_updated_at = NULL, connected_at = NULL, last_usage_sync_at = NULL, version = version + 1,
		usage_sync_schedule = ?, usage_sync_day = NULL, schedule_version = schedule_version + 1, schedule_updated_at = NULL
		WHERE partner_id = ? AND psa = ? AND status <> 'notConfigured'`, api.DefaultUsageSyncSchedule, partnerID, psa)
	return err
}

// SetIntegrationError puts the integration in error with the PSA's text.
func (q Q) SetIntegrationError(ctx context.Context, partnerID string, psa api.Psa, text string) error {
	_, err := q.q.ExecContext(ctx, "UPDATE integrations SET status = 'error', status_error = ? WHERE partner_id = ? AND psa = ?", text, partnerID, psa)
	return err
}

// ClearIntegrationError brings an integration in error back to connected.
func (q Q) ClearIntegrationError(ctx context.Context, partnerID string, psa api.Psa) error {
	_, err := q.q.ExecContext(ctx, "UPDATE integrations SET status = 'connected', status_error = '' WHERE partner_id = ? AND psa = ? AND status = 'error'", partnerID, psa)
	return err
}

// SetSchedule stores a usage-sync schedule, bumping its version, at ts.
func (q Q) SetSchedule(ctx context.Context, partnerID string, psa api.Psa, schedule api.UsageSyncFrequency, day *int, ts int64) error {
	_, err := q.q.ExecContext(ctx, `UPDATE integrations SET usage_sync_schedule = ?, usage_sync_day = ?, schedule_version = schedule_version + 1,
		schedule_updated_at = ? WHERE partner_id = ? AND psa = ?`, schedule, day, ts, partnerID, psa)
	return err
}

// SetScheduleDay stores a seed's monthly schedule day.
func (q Q) SetScheduleDay(ctx context.Context, partnerID string, psa api.Psa, day int) error {
	_, err := q.q.ExecContext(ctx, "UPDATE integrations SET usage_sync_day = ? WHERE partner_id = ? AND psa = ?", day, partnerID, psa)
	return err
}

// SetLastUsageSync records when the integration's last usage-sync pass ran.
func (q Q) SetLastUsageSync(ctx context.Context, partnerID string, psa api.Psa, ts int64) error {
	_, err := q.q.ExecContext(ctx, "UPDATE integrations SET last_usage_sync_at = ? WHERE partner_id = ? AND psa = ?", ts, partnerID, psa)
	return err
}

// ConfiguredPSAs lists the PSAs the partner has a configured integration with.
func (q Q) ConfiguredPSAs(ctx context.Context, partnerID string) ([]api.Psa, error) {
	var out []api.Psa
	for _, p := range api.PSAs() {
		n, err := count(ctx, q, "SELECT COUNT(*) FROM integrations WHERE partner_id = ? AND psa = ? AND status <> 'notConfigured'", partnerID, p)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, p)
		}
	}
	return out, nil
}
