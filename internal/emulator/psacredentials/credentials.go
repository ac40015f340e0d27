// Package psacredentials is the PSAs' own check of API credentials: the API users each PSA
// accepts (psa_api_users), the credentials a partner's integration stores (secrets only as
// hashes) and what the PSA answers to them, as a real ConnectWise or Autotask login would
// word it. Connecting an integration (the PSA Integration API and the console), the seed and
// the usage-sync pass all ask it.
package psacredentials

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
)

// Credentials are API credentials of a PSA: a ConnectWise API member (site, companyId,
// publicKey, privateKey, clientId) or an Autotask API user (userName, secret,
// integrationCode). Seeds and the admin API write them with these field names.
type Credentials struct {
	Site       string `yaml:"site" json:"site,omitempty"`
	CompanyID  string `yaml:"companyId" json:"companyId,omitempty"`
	PublicKey  string `yaml:"publicKey" json:"publicKey,omitempty"`
	PrivateKey string `yaml:"privateKey" json:"privateKey,omitempty"`
	ClientID   string `yaml:"clientId" json:"clientId,omitempty"`
	// MemberID is the ConnectWise API member's identifier, which _info.updatedBy shows of its
	// writes (default: its public key); ReadOnly gives it a security role that may read the
	// catalog, agreements and companies but not write them (answers 403).
	MemberID string `yaml:"memberId" json:"memberId,omitempty"`
	ReadOnly bool   `yaml:"readOnly" json:"readOnly,omitempty"`

	UserName        string `yaml:"userName" json:"userName,omitempty"`
	Secret          string `yaml:"secret" json:"secret,omitempty"`
	IntegrationCode string `yaml:"integrationCode" json:"integrationCode,omitempty"`
	// CannotSee are the Autotask entities the API user's security level hides (e.g.
	// [Contracts]): Autotask's API answers their queries with nothing.
	CannotSee []string `yaml:"cannotSee" json:"cannotSee,omitempty"`
}

// Default are the credentials a PSA accepts when the seed names none, and those Sophos
// stores for a connected integration without credentials in the seed. This is a local
// emulator: they are public.
func Default(psa api.Psa) Credentials {
	if psa == api.PsaConnectwise {
		return Credentials{Site: "api-na.myconnectwise.net", CompanyID: "emulator", PublicKey: "emulator-public-key",
			PrivateKey: "emulator-private-key", ClientID: "0b7e6a52-6f7e-4d5b-9c43-2f1f3e0c9a11"}
	}
	//nolint:gosec // public credentials of a local emulator, documented in its README
	return Credentials{UserName: "sophos-api@emulator.example", Secret: "emulator-autotask-secret", IntegrationCode: "EMULATORSOPHOSCENTRAL"}
}

// String names credentials for logs and messages without their secret.
func (c Credentials) String() string {
	if c.PublicKey != "" {
		return fmt.Sprintf("ConnectWise API member %s of %s at %s", c.PublicKey, c.CompanyID, c.Site)
	}
	return fmt.Sprintf("Autotask API user %s", c.UserName)
}

// Input is c as the API's write body for psa.
func (c Credentials) Input(psa api.Psa) api.IntegrationInput {
	if psa == api.PsaConnectwise {
		return api.IntegrationInput{Connectwise: &api.ConnectWiseCredentials{Site: c.Site, CompanyId: c.CompanyID, PublicKey: c.PublicKey, PrivateKey: &c.PrivateKey, ClientId: c.ClientID}}
	}
	return api.IntegrationInput{Autotask: &api.AutotaskCredentials{UserName: c.UserName, Secret: &c.Secret, IntegrationCode: c.IntegrationCode}}
}

// FromInput are the credentials of the API's write body for psa.
func FromInput(psa api.Psa, in api.IntegrationInput) Credentials {
	if psa == api.PsaConnectwise && in.Connectwise != nil {
		c := in.Connectwise
		return Credentials{Site: c.Site, CompanyID: c.CompanyId, PublicKey: c.PublicKey, PrivateKey: deref(c.PrivateKey), ClientID: c.ClientId}
	}
	if in.Autotask != nil {
		a := in.Autotask
		return Credentials{UserName: a.UserName, Secret: deref(a.Secret), IntegrationCode: a.IntegrationCode}
	}
	return Credentials{}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Stored is what the emulator keeps of credentials: their login (the ConnectWise public
// key, the Autotask user name), their non-secret settings and the hash of their secret.
func Stored(psa api.Psa, c Credentials) store.StoredCredentials {
	if psa == api.PsaConnectwise {
		return store.StoredCredentials{Login: c.PublicKey, SecretHash: hashSecret(psa, c.PublicKey, c.PrivateKey),
			Settings: store.CredentialSettings{Site: c.Site, CompanyID: c.CompanyID, PublicKey: c.PublicKey, ClientID: c.ClientID,
				MemberID: c.MemberID, ReadOnly: c.ReadOnly}}
	}
	return store.StoredCredentials{Login: c.UserName, SecretHash: hashSecret(psa, c.UserName, c.Secret),
		Settings: store.CredentialSettings{UserName: c.UserName, IntegrationCode: c.IntegrationCode, CannotSee: c.CannotSee}}
}

// SecretMatches reports whether secret is the one whose hash a stored API user keeps, for
// the PSA rooms' own authentication.
func SecretMatches(psa api.Psa, u store.StoredCredentials, secret string) bool {
	return hashSecret(psa, u.Login, secret) == u.SecretHash
}

// hashSecret is what the emulator keeps of a secret.
func hashSecret(psa api.Psa, login, secret string) string {
	sum := sha256.Sum256([]byte(string(psa) + "\x00" + login + "\x00" + secret))
	return hex.EncodeToString(sum[:])
}

// Recheck asks the PSA again about the integration's stored credentials after the PSA's API
// users changed: refused ones put it in error with the PSA's text, accepted ones bring a
// credential error back to connected.
func Recheck(ctx context.Context, q store.Q, partnerID string, psa api.Psa) error {
	rec, err := q.Integration(ctx, partnerID, psa)
	if err != nil || rec.Status == api.IntegrationStatusNotConfigured || rec.Login == "" {
		return err
	}
	refusal, err := StoredRefusal(ctx, q, partnerID, psa, rec)
	if err != nil {
		return err
	}
	if refusal != "" {
		return q.SetIntegrationError(ctx, partnerID, psa, refusal)
	}
	return q.ClearIntegrationError(ctx, partnerID, psa)
}
