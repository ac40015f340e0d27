package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// The credentials and tokens tables: Sophos Central API credentials and the access tokens
// issued for them.

// Credential is a Sophos Central API credential.
type Credential struct {
	ClientID, ClientSecret string
	// IDType is partner or tenant; PartnerID or TenantID says whose it is.
	IDType, PartnerID, TenantID string
}

// InsertCredential stores a credential at position (the seed's order).
func (q Q) InsertCredential(ctx context.Context, c Credential, position int) error {
	_, err := q.q.ExecContext(ctx, "INSERT INTO credentials(client_id, client_secret, id_type, partner_id, tenant_id, position) VALUES(?, ?, ?, ?, ?, ?)",
		c.ClientID, c.ClientSecret, c.IDType, nullIfEmpty(c.PartnerID), nullIfEmpty(c.TenantID), position)
	return err
}

// PrimaryCredential reads the primary partner's credential (the first partner credential
// of the seed).
func (q Q) PrimaryCredential(ctx context.Context) (Credential, error) {
	var c Credential
	clientID, err := q.metaValue(ctx, metaPrimaryClient)
	if err != nil {
		return c, fmt.Errorf("reading the primary credential: %w", err)
	}
	var partner sql.NullString
	err = q.q.QueryRowContext(ctx, "SELECT client_id, client_secret, partner_id FROM credentials WHERE client_id = ?", clientID).
		Scan(&c.ClientID, &c.ClientSecret, &partner)
	if err != nil {
		return c, fmt.Errorf("reading the primary credential %q: %w", clientID, err)
	}
	c.PartnerID = partner.String
	return c, nil
}

// ClientSecret reads the secret of a client id; ErrNotFound for an unknown one.
func (q Q) ClientSecret(ctx context.Context, clientID string) (string, error) {
	var secret string
	err := q.q.QueryRowContext(ctx, "SELECT client_secret FROM credentials WHERE client_id = ?", clientID).Scan(&secret)
	return secret, notFound(err)
}

// IssueToken stores a new access token of clientID, valid from now for lifetime, and
// forgets tokens that expired more than a day ago.
func (q Q) IssueToken(ctx context.Context, token, clientID string, now time.Time, lifetime time.Duration) error {
	return q.Tx(ctx, func(q Q) error {
		if _, err := q.q.ExecContext(ctx, "DELETE FROM tokens WHERE expires_at < ?", toNanos(now.Add(-24*time.Hour))); err != nil {
			return err
		}
		_, err := q.q.ExecContext(ctx, "INSERT INTO tokens(token, client_id, issued_at, expires_at) VALUES(?, ?, ?, ?)",
			token, clientID, toNanos(now), toNanos(now.Add(lifetime)))
		return err
	})
}

// TokenHolder is the identity behind an access token.
type TokenHolder struct {
	ClientID string
	// IDType is partner or tenant.
	IDType    string
	PartnerID string // partner credentials
	TenantID  string // tenant credentials
	Region    string // tenant credentials: the tenant's data region
	Expires   time.Time
}

// TokenHolder reads who an access token was issued to; ErrNotFound for an unknown token.
func (q Q) TokenHolder(ctx context.Context, token string) (TokenHolder, error) {
	var (
		h                           TokenHolder
		partnerID, tenantID, region sql.NullString
		expires                     int64
	)
	err := q.q.QueryRowContext(ctx, `SELECT c.client_id, c.id_type, c.partner_id, c.tenant_id, t.expires_at,
			(SELECT data_region FROM tenants WHERE id = c.tenant_id)
		FROM tokens t JOIN credentials c ON c.client_id = t.client_id WHERE t.token = ?`, token).
		Scan(&h.ClientID, &h.IDType, &partnerID, &tenantID, &expires, &region)
	if err != nil {
		return h, notFound(err)
	}
	h.PartnerID, h.TenantID, h.Region = partnerID.String, tenantID.String, region.String
	h.Expires = fromNanos(expires)
	return h, nil
}
