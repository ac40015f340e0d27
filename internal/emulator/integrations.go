package emulator

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
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

// credentialSettings are the non-secret fields of stored or accepted credentials.
type credentialSettings struct {
	Site            string `json:"site,omitempty"`
	CompanyID       string `json:"companyId,omitempty"`
	PublicKey       string `json:"publicKey,omitempty"`
	ClientID        string `json:"clientId,omitempty"`
	UserName        string `json:"userName,omitempty"`
	IntegrationCode string `json:"integrationCode,omitempty"`
}

// splitCredentials separates credentials into their login (the ConnectWise public key,
// the Autotask user name), their non-secret settings and the hash of their secret.
func splitCredentials(psa api.Psa, c SeedPSACredentials) (login string, settings credentialSettings, secretHash string) {
	if psa == api.PsaConnectwise {
		return c.PublicKey, credentialSettings{Site: c.Site, CompanyID: c.CompanyID, PublicKey: c.PublicKey, ClientID: c.ClientID},
			hashSecret(psa, c.PublicKey, c.PrivateKey)
	}
	return c.UserName, credentialSettings{UserName: c.UserName, IntegrationCode: c.IntegrationCode}, hashSecret(psa, c.UserName, c.Secret)
}

// hashSecret is what the emulator keeps of a secret.
func hashSecret(psa api.Psa, login, secret string) string {
	sum := sha256.Sum256([]byte(string(psa) + "\x00" + login + "\x00" + secret))
	return hex.EncodeToString(sum[:])
}

func credentialsFromInput(psa api.Psa, in api.IntegrationInput) SeedPSACredentials {
	if psa == api.PsaConnectwise && in.Connectwise != nil {
		c := in.Connectwise
		return SeedPSACredentials{Site: c.Site, CompanyID: c.CompanyId, PublicKey: c.PublicKey, PrivateKey: stringValue(c.PrivateKey), ClientID: c.ClientId}
	}
	if in.Autotask != nil {
		a := in.Autotask
		return SeedPSACredentials{UserName: a.UserName, Secret: stringValue(a.Secret), IntegrationCode: a.IntegrationCode}
	}
	return SeedPSACredentials{}
}

// putAPIUser adds or replaces an API user the PSA accepts.
func putAPIUser(ctx context.Context, q querier, partnerID string, psa api.Psa, c SeedPSACredentials) error {
	login, settings, hash := splitCredentials(psa, c)
	raw, err := json.Marshal(settings)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO psa_api_users(partner_id, psa, login, settings, secret_hash) VALUES(?, ?, ?, ?, ?)
		ON CONFLICT(partner_id, psa, login) DO UPDATE SET settings = excluded.settings, secret_hash = excluded.secret_hash`,
		partnerID, psa, login, string(raw), hash)
	return err
}

// storeCredentials stores credentials as the integration's connection, without asking the
// PSA (the seed; callers that write through the API check them first).
func storeCredentials(ctx context.Context, q querier, partnerID string, psa api.Psa, c SeedPSACredentials, ts int64) error {
	login, settings, hash := splitCredentials(psa, c)
	raw, err := json.Marshal(settings)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `UPDATE integrations SET login = ?, settings = ?, secret_hash = ?, credentials_updated_at = ?
		WHERE partner_id = ? AND psa = ?`, login, string(raw), hash, ts, partnerID, psa)
	return err
}

// psaRefusal asks the PSA whether it accepts credentials, as connecting does: "" when it
// does, else the field it refuses and the PSA's own error text.
func psaRefusal(ctx context.Context, q querier, partnerID string, psa api.Psa, c SeedPSACredentials) (field, message string, err error) {
	login, settings, hash := splitCredentials(psa, c)
	rows, err := q.QueryContext(ctx, "SELECT login, settings, secret_hash FROM psa_api_users WHERE partner_id = ? AND psa = ? ORDER BY login", partnerID, psa)
	if err != nil {
		return "", "", err
	}
	type user struct {
		login, hash string
		settings    credentialSettings
	}
	var users []user
	for rows.Next() {
		var u user
		var raw string
		if err := rows.Scan(&u.login, &raw, &u.hash); err != nil {
			_ = rows.Close()
			return "", "", err
		}
		if err := json.Unmarshal([]byte(raw), &u.settings); err != nil {
			_ = rows.Close()
			return "", "", err
		}
		users = append(users, u)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return "", "", err
	}
	if psa == api.PsaConnectwise {
		return connectWiseRefusal(login, settings, hash, users, func(u user) (string, credentialSettings, string) { return u.login, u.settings, u.hash })
	}
	for _, u := range users {
		if !strings.EqualFold(u.login, login) {
			continue
		}
		switch {
		case u.hash != hashSecret(psa, u.login, c.Secret):
			return "secret", fmt.Sprintf("Autotask answered 401 Unauthorized for API user %q: the secret is wrong, or it was regenerated in Autotask. "+
				"Update the secret in Sophos Central Partner (PSA Integration > Autotask > View details) to the API user's current secret.", login), nil
		case u.settings.IntegrationCode != settings.IntegrationCode:
			return "integrationCode", fmt.Sprintf("Autotask answered 500 Internal Server Error: IntegrationCode %q is invalid. Use the API tracking "+
				"identifier of the integration vendor \"Sophos Central - Security\" (Admin > Resources (Users) > the API user > API Tracking Identifier).", settings.IntegrationCode), nil
		}
		return "", "", nil
	}
	return "userName", fmt.Sprintf("Autotask has no API user %q: the zone lookup (GET webservices.autotask.net/ATServicesRest/V1.0/zoneInformation?user=%s) "+
		"found no zone for it. Check the user name of the API user (security level API User (system)).", login, login), nil
}

// connectWiseRefusal is psaRefusal for ConnectWise: the site must answer, know the
// company, have an API member with the public key, whose private key matches, for the
// integration's client id.
func connectWiseRefusal[U any](login string, s credentialSettings, hash string, users []U, parts func(U) (string, credentialSettings, string)) (string, string, error) {
	siteKnown, companyKnown := false, false
	for _, u := range users {
		ulogin, us, uhash := parts(u)
		if !strings.EqualFold(us.Site, s.Site) {
			continue
		}
		siteKnown = true
		if !strings.EqualFold(us.CompanyID, s.CompanyID) {
			continue
		}
		companyKnown = true
		if ulogin != login {
			continue
		}
		switch {
		case uhash != hash:
			return "privateKey", fmt.Sprintf("ConnectWise answered 401 Unauthorized for API member key %q: the private key does not match the public key "+
				"(it was mistyped, or the API member's keys were regenerated). Generate a new key pair for the API member in ConnectWise PSA "+
				"(System > Members > API Members > API Keys) and update both keys.", login), nil
		case !strings.EqualFold(us.ClientID, s.ClientID):
			return "clientId", fmt.Sprintf("ConnectWise answered 401 Unauthorized: clientId %q is not the client id registered for this integration. "+
				"Use the integration's clientId from the ConnectWise Developer Network.", s.ClientID), nil
		}
		return "", "", nil
	}
	switch {
	case len(users) == 0:
		// Every API member was removed: the site and company still answer, the keys do not.
	case !siteKnown:
		return "site", fmt.Sprintf("No ConnectWise PSA answers at %q (GET https://%s/login/companyinfo/%s failed). Check the site, e.g. api-na.myconnectwise.net, "+
			"api-eu.myconnectwise.net or your on-premises host.", s.Site, s.Site, s.CompanyID), nil
	case !companyKnown:
		return "companyId", fmt.Sprintf("ConnectWise PSA at %s has no company %q (login/companyinfo answered null). Check the company id you log in to ConnectWise with.",
			s.Site, s.CompanyID), nil
	}
	return "publicKey", fmt.Sprintf("ConnectWise answered 401 Unauthorized: no API member of company %q has the public key %q. Check the public key "+
		"(System > Members > API Members > API Keys).", s.CompanyID, login), nil
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

// storedCredentialsRefusal is the PSA's refusal of the stored credentials, "" when it
// accepts them. The stored secret is only a hash, so it is compared with the API user's.
func storedCredentialsRefusal(ctx context.Context, q querier, partnerID string, psa api.Psa, rec *integrationRecord) (string, error) {
	var userSettings, userHash string
	err := q.QueryRowContext(ctx, "SELECT settings, secret_hash FROM psa_api_users WHERE partner_id = ? AND psa = ? AND login = ?", partnerID, psa, rec.login).
		Scan(&userSettings, &userHash)
	creds := SeedPSACredentials{Site: rec.settings.Site, CompanyID: rec.settings.CompanyID, PublicKey: rec.settings.PublicKey,
		ClientID: rec.settings.ClientID, UserName: rec.settings.UserName, IntegrationCode: rec.settings.IntegrationCode}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, msg, err := psaRefusal(ctx, q, partnerID, psa, creds)
		return msg, err
	case err != nil:
		return "", err
	}
	if userHash != rec.secretHash {
		if psa == api.PsaConnectwise {
			return fmt.Sprintf("ConnectWise answered 401 Unauthorized for API member key %q: the private key Sophos has stored no longer matches "+
				"(the API member's keys were regenerated). Update the keys in Sophos Central Partner (PSA Integration > ConnectWise > View details).", rec.login), nil
		}
		return fmt.Sprintf("Autotask answered 401 Unauthorized for API user %q: the secret Sophos has stored is no longer valid (it was changed or "+
			"regenerated in Autotask). Update the secret in Sophos Central Partner (PSA Integration > Autotask > View details).", rec.login), nil
	}
	// Same secret: the other fields decide, as when connecting. The secret itself is not
	// known here, so the user's own hash stands in for it.
	var us credentialSettings
	if err := json.Unmarshal([]byte(userSettings), &us); err != nil {
		return "", err
	}
	if psa == api.PsaConnectwise {
		_, msg, err := connectWiseRefusal(rec.login, rec.settings, rec.secretHash, []credentialSettings{us},
			func(u credentialSettings) (string, credentialSettings, string) { return u.PublicKey, u, userHash })
		return msg, err
	}
	if us.IntegrationCode != rec.settings.IntegrationCode {
		return fmt.Sprintf("Autotask answered 500 Internal Server Error: IntegrationCode %q is invalid for API user %q.", rec.settings.IntegrationCode, rec.login), nil
	}
	return "", nil
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

// relaxedPSARoute reports whether a {psa} route answers while the PSA is not connected:
// the integration itself (connecting needs it) and, for a PSA in error, its schedule and
// history. Their handlers say when the PSA's state matters.
func relaxedPSARoute(path string) bool {
	return strings.HasSuffix(path, "/integration") || strings.Contains(path, "/integration/") || strings.HasSuffix(path, "/usage-sync/runs")
}
