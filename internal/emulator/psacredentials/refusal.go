package psacredentials

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
)

// What the PSA answers to credentials: its own refusal text, field by field, as a real
// ConnectWise or Autotask login would word it.

// Refusal asks the PSA whether it accepts credentials, as connecting does: "" when it does,
// else the field it refuses and the PSA's own error text.
func Refusal(ctx context.Context, q store.Q, partnerID string, psa api.Psa, c Credentials) (field, message string, err error) {
	stored := Stored(psa, c)
	login, settings, hash := stored.Login, stored.Settings, stored.SecretHash
	users, err := q.APIUsers(ctx, partnerID, psa)
	if err != nil {
		return "", "", err
	}
	if psa == api.PsaConnectwise {
		return connectWiseRefusal(login, settings, hash, users, func(u store.StoredCredentials) (string, store.CredentialSettings, string) {
			return u.Login, u.Settings, u.SecretHash
		})
	}
	for _, u := range users {
		if !strings.EqualFold(u.Login, login) {
			continue
		}
		switch {
		case u.SecretHash != hashSecret(psa, u.Login, c.Secret):
			return "secret", fmt.Sprintf("Autotask answered 401 Unauthorized for API user %q: the secret is wrong, or it was regenerated in Autotask. "+
				"Update the secret in Sophos Central Partner (PSA Integration > Autotask > View details) to the API user's current secret.", login), nil
		case u.Settings.IntegrationCode != settings.IntegrationCode:
			return "integrationCode", fmt.Sprintf("Autotask answered 500 Internal Server Error: IntegrationCode %q is invalid. Use the API tracking "+
				"identifier of the integration vendor \"Sophos Central - Security\" (Admin > Resources (Users) > the API user > API Tracking Identifier).", settings.IntegrationCode), nil
		}
		return "", "", nil
	}
	return "userName", fmt.Sprintf("Autotask has no API user %q: the zone lookup (GET webservices.autotask.net/ATServicesRest/V1.0/zoneInformation?user=%s) "+
		"found no zone for it. Check the user name of the API user (security level API User (system)).", login, login), nil
}

// connectWiseRefusal is Refusal for ConnectWise: the site must answer, know the
// company, have an API member with the public key, whose private key matches, for the
// integration's client id.
func connectWiseRefusal[U any](login string, s store.CredentialSettings, hash string, users []U, parts func(U) (string, store.CredentialSettings, string)) (string, string, error) {
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

// StoredRefusal is the PSA's refusal of an integration's stored credentials, "" when it
// accepts them. The stored secret is only a hash, so it is compared with the API user's.
func StoredRefusal(ctx context.Context, q store.Q, partnerID string, psa api.Psa, rec *store.Integration) (string, error) {
	user, err := q.APIUser(ctx, partnerID, psa, rec.Login)
	creds := Credentials{Site: rec.Settings.Site, CompanyID: rec.Settings.CompanyID, PublicKey: rec.Settings.PublicKey,
		ClientID: rec.Settings.ClientID, UserName: rec.Settings.UserName, IntegrationCode: rec.Settings.IntegrationCode}
	switch {
	case errors.Is(err, store.ErrNotFound):
		_, msg, err := Refusal(ctx, q, partnerID, psa, creds)
		return msg, err
	case err != nil:
		return "", err
	}
	userHash, us := user.SecretHash, user.Settings
	if userHash != rec.SecretHash {
		if psa == api.PsaConnectwise {
			return fmt.Sprintf("ConnectWise answered 401 Unauthorized for API member key %q: the private key Sophos has stored no longer matches "+
				"(the API member's keys were regenerated). Update the keys in Sophos Central Partner (PSA Integration > ConnectWise > View details).", rec.Login), nil
		}
		return fmt.Sprintf("Autotask answered 401 Unauthorized for API user %q: the secret Sophos has stored is no longer valid (it was changed or "+
			"regenerated in Autotask). Update the secret in Sophos Central Partner (PSA Integration > Autotask > View details).", rec.Login), nil
	}
	// Same secret: the other fields decide, as when connecting. The secret itself is not
	// known here, so the user's own hash stands in for it.
	if psa == api.PsaConnectwise {
		_, msg, err := connectWiseRefusal(rec.Login, rec.Settings, rec.SecretHash, []store.CredentialSettings{us},
			func(u store.CredentialSettings) (string, store.CredentialSettings, string) {
				return u.PublicKey, u, userHash
			})
		return msg, err
	}
	if us.IntegrationCode != rec.Settings.IntegrationCode {
		return fmt.Sprintf("Autotask answered 500 Internal Server Error: IntegrationCode %q is invalid for API user %q.", rec.Settings.IntegrationCode, rec.Login), nil
	}
	return "", nil
}
