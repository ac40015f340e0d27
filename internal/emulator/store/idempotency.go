package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The idempotency table and its transaction: a write with an Idempotency-Key runs in a
// transaction of this file, and its answer is recorded in that same transaction before it
// commits. So a committed write always has its record, even when the client goes away right
// after the commit, and a write that did not commit has none.

// IdempotencyKey names a keyed write: per partner, method, path and key.
type IdempotencyKey struct {
	PartnerID, Method, Path, Key string
}

// Answer is a write's answer as it is recorded and replayed.
type Answer struct {
	Status            int
	ETag, ContentType string
	Body              []byte
}

// Recorded is a recorded answer with the hash of the request it answered.
type Recorded struct {
	Answer
	RequestHash string
	CreatedAt   time.Time
}

// Idempotent runs a keyed write. When k has a record newer than now-ttl, it returns the
// record and does not run write. Otherwise it runs write in a transaction (the Q it gets;
// its Tx calls become savepoints) and, when write says so, records its answer with hash in
// that transaction, forgetting records older than ttl; then it commits. An error of write
// rolls everything back.
func (s *Store) Idempotent(ctx context.Context, k IdempotencyKey, hash string, now time.Time, ttl time.Duration,
	write func(Q) (ans Answer, record bool, err error),
) (*Recorded, error) {
	s.keyedWrites.Lock()
	defer s.keyedWrites.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("beginning transaction: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			_ = tx.Rollback()
		}
	}()
	var (
		rec       Recorded
		createdAt int64
	)
	err = tx.QueryRowContext(ctx, `SELECT request_hash, status, etag, content_type, body, created_at FROM idempotency
		WHERE partner_id = ? AND method = ? AND path = ? AND key = ? AND created_at >= ?`,
		k.PartnerID, k.Method, k.Path, k.Key, toNanos(now.Add(-ttl))).
		Scan(&rec.RequestHash, &rec.Status, &rec.ETag, &rec.ContentType, &rec.Body, &createdAt)
	switch {
	case err == nil:
		rec.CreatedAt = fromNanos(createdAt)
		return &rec, nil
	case !errors.Is(err, sql.ErrNoRows):
		return nil, err
	}
	ans, record, err := write(Q{s: s, q: tx, tx: tx})
	if err != nil {
		return nil, err
	}
	if record {
		if _, err := tx.ExecContext(ctx, "DELETE FROM idempotency WHERE created_at < ?", toNanos(now.Add(-ttl))); err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO idempotency(partner_id, method, path, key, request_hash, status, etag, content_type, body, created_at)
			VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status,
			etag = excluded.etag, content_type = excluded.content_type, body = excluded.body, created_at = excluded.created_at`,
			k.PartnerID, k.Method, k.Path, k.Key, hash, ans.Status, ans.ETag, ans.ContentType, append([]byte{}, ans.Body...), toNanos(now)) // never NULL: a 204 has no body
		if err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	committed = true
	return nil, nil
}
