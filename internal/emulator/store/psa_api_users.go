package store

import (
	"context"
	"encoding/json"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The psa_api_users table: the API users each PSA accepts (secrets only as hashes).

// PutAPIUser adds or replaces an API user the partner's PSA accepts.
func (q Q) PutAPIUser(ctx context.Context, partnerID string, psa api.Psa, u StoredCredentials) error {
	raw, err := json.Marshal(u.Settings)
	if err != nil {
		return err
	}
	_, err = q.q.ExecContext(ctx, `INSERT INTO psa_api_users(partner_id, psa, login, settings, secret_hash) VALUES(?, ?, ?, ?, ?)
		ON CONFLICT(partner_id, psa, login) DO UPDATE SET settings = excluded.settings, secret_hash = excluded.secret_hash`,
		partnerID, psa, u.Login, string(raw), u.SecretHash)
	return err
}

// DeleteAPIUser removes an API user of the partner's PSA; ErrNotFound when it has none with
// login.
func (q Q) DeleteAPIUser(ctx context.Context, partnerID string, psa api.Psa, login string) error {
	return q.execOne(ctx, "DELETE FROM psa_api_users WHERE partner_id = ? AND psa = ? AND login = ?", partnerID, psa, login)
}

func scanAPIUser(row scanner) (StoredCredentials, error) {
	var u StoredCredentials
	var raw string
	if err := row.Scan(&u.Login, &raw, &u.SecretHash); err != nil {
		return u, err
	}
	return u, json.Unmarshal([]byte(raw), &u.Settings)
}

// APIUsers lists the API users the partner's PSA accepts, by login.
func (q Q) APIUsers(ctx context.Context, partnerID string, psa api.Psa) ([]StoredCredentials, error) {
	return collect(ctx, q, scanAPIUser, "SELECT login, settings, secret_hash FROM psa_api_users WHERE partner_id = ? AND psa = ? ORDER BY login", partnerID, psa)
}

// APIUser reads the API user of the partner's PSA with login; ErrNotFound when it has none.
func (q Q) APIUser(ctx context.Context, partnerID string, psa api.Psa, login string) (StoredCredentials, error) {
	u, err := scanAPIUser(q.q.QueryRowContext(ctx, "SELECT login, settings, secret_hash FROM psa_api_users WHERE partner_id = ? AND psa = ? AND login = ?", partnerID, psa, login))
	return u, notFound(err)
}

// PartnerAPIUser is an API user a PSA accepts and the partner whose PSA it is.
type PartnerAPIUser struct {
	PartnerID string
	StoredCredentials
}

func scanPartnerAPIUser(row scanner) (PartnerAPIUser, error) {
	var u PartnerAPIUser
	var raw string
	if err := row.Scan(&u.PartnerID, &u.Login, &raw, &u.SecretHash); err != nil {
		return u, err
	}
	return u, json.Unmarshal([]byte(raw), &u.Settings)
}

// APIUsersOfPSA lists the API users every partner's PSA accepts, in the order they were
// added: the PSA rooms authenticate requests against them.
func (q Q) APIUsersOfPSA(ctx context.Context, psa api.Psa) ([]PartnerAPIUser, error) {
	return collect(ctx, q, scanPartnerAPIUser, "SELECT partner_id, login, settings, secret_hash FROM psa_api_users WHERE psa = ? ORDER BY rowid", psa)
}

// APIUsersNamed lists the API users of psa with login (ignoring case) in every partner, by
// partner id: a PSA user name names one PSA database, which is one partner's.
func (q Q) APIUsersNamed(ctx context.Context, psa api.Psa, login string) ([]PartnerAPIUser, error) {
	return collect(ctx, q, scanPartnerAPIUser,
		"SELECT partner_id, login, settings, secret_hash FROM psa_api_users WHERE psa = ? AND lower(login) = lower(?) ORDER BY partner_id", psa, login)
}
