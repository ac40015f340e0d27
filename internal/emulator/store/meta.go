package store

import (
	"context"
	"database/sql"
	"errors"
)

// The meta table: what the database says about itself.
const (
	metaSeeded         = "seeded_at"
	metaPrimaryPartner = "primary_partner"
	metaPrimaryClient  = "primary_client"
)

// metaValue reads a value of the meta table; "" when absent.
func (q Q) metaValue(ctx context.Context, key string) (string, error) {
	var v string
	err := q.q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func (q Q) setMeta(ctx context.Context, key, value string) error {
	_, err := q.q.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// Seeded reports whether a seed was loaded into the database.
func (q Q) Seeded(ctx context.Context) (bool, error) {
	v, err := q.metaValue(ctx, metaSeeded)
	return v != "", err
}

// MarkSeeded records when the seed was loaded and which credential and partner are the
// primary ones.
func (q Q) MarkSeeded(ctx context.Context, at, primaryClient, primaryPartner string) error {
	if err := q.setMeta(ctx, metaPrimaryPartner, primaryPartner); err != nil {
		return err
	}
	if err := q.setMeta(ctx, metaPrimaryClient, primaryClient); err != nil {
		return err
	}
	return q.setMeta(ctx, metaSeeded, at)
}
