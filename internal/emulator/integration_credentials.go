package emulator

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Credentials of a PSA connection, checked "as the PSA would" against the API users the
// PSA accepts; secrets are kept only as hashes.

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
