package emulator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

const (
	idempotencyTTL    = 24 * time.Hour
	maxIdempotencyKey = 200
)

// idempotent makes writes with an Idempotency-Key header replayable: the first response is
// stored for 24 hours (per partner, method, path and key) and a repeat gets it back without
// the write being applied again. Reusing a key for a different request is refused.
//
// The handler runs inside a transaction of this layer (its store.tx calls become savepoints),
// and the record is written in that same transaction before it commits; the response is held
// back until then. So a committed write always has its record, even when the client goes
// away right after the commit, and a write that did not commit has none.
func (e *Emulator) idempotent(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		partnerID := principalOf(r).partnerID
		if key == "" || !isWrite(r.Method) || partnerID == "" {
			next.ServeHTTP(w, r)
			return
		}
		if len(key) > maxIdempotencyKey {
			e.writeError(w, r, fieldError("Idempotency-Key", "", nil, "the Idempotency-Key header must be at most %d characters", maxIdempotencyKey))
			return
		}
		// bufferBody has read the body already: this reads memory, not the client.
		body, err := readBody(w, r)
		if err != nil {
			e.writeError(w, r, err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		sum := sha256.Sum256(append([]byte(r.Method+" "+r.URL.RequestURI()+"\n"), body...))
		hash := hex.EncodeToString(sum[:])

		e.writeMu.Lock()
		defer e.writeMu.Unlock()
		ctx := r.Context()
		now := e.now()
		tx, err := e.store.db.BeginTx(ctx, nil)
		if err != nil {
			e.writeError(w, r, fmt.Errorf("beginning transaction: %w", err))
			return
		}
		committed := false
		defer func() {
			if !committed {
				_ = tx.Rollback()
			}
		}()
		var (
			storedHash, etagValue, contentType string
			status                             int
			storedBody                         []byte
			createdAt                          int64
		)
		err = tx.QueryRowContext(ctx, `SELECT request_hash, status, etag, content_type, body, created_at FROM idempotency
			WHERE partner_id = ? AND method = ? AND path = ? AND key = ? AND created_at >= ?`,
			partnerID, r.Method, r.URL.Path, key, toNanos(now.Add(-idempotencyTTL))).
			Scan(&storedHash, &status, &etagValue, &contentType, &storedBody, &createdAt)
		switch {
		case err == nil:
			if storedHash != hash {
				e.writeError(w, r, errUnprocessable("Idempotency-Key %q was already used at %s for a different request to %s %s; use a new key for a new request",
					key, fromNanos(createdAt).Format(time.RFC3339), r.Method, r.URL.Path))
				return
			}
			e.log.InfoContext(ctx, "replaying an idempotent response", "method", r.Method, "path", r.URL.Path, "key", key)
			if etagValue != "" {
				w.Header().Set("ETag", etagValue)
			}
			if contentType != "" {
				w.Header().Set("Content-Type", contentType)
			}
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(status)
			_, _ = w.Write(storedBody)
			return
		case !errors.Is(err, sql.ErrNoRows):
			e.writeError(w, r, err)
			return
		}

		res := &bufferedResponse{header: http.Header{}}
		next.ServeHTTP(res, r.WithContext(withTx(ctx, tx)))
		// Only final answers are recorded: after a 5xx or 429 a retry must be applied afresh.
		if res.status != 0 && res.status < http.StatusInternalServerError && res.status != http.StatusTooManyRequests {
			err = e.recordIdempotent(ctx, tx, idempotencyRecord{
				partnerID: partnerID, method: r.Method, path: r.URL.Path, key: key, hash: hash, status: res.status,
				etag: res.header.Get("ETag"), contentType: res.header.Get("Content-Type"), body: append([]byte{}, res.body.Bytes()...), // never NULL: a 204 has no body
			}, now)
		}
		if err == nil {
			err = tx.Commit()
		}
		if err != nil {
			e.writeError(w, r, fmt.Errorf("committing a write with its idempotency record: %w", err))
			return
		}
		committed = true
		for k, v := range res.header {
			w.Header()[k] = v
		}
		if res.status != 0 {
			w.WriteHeader(res.status)
		}
		_, _ = w.Write(res.body.Bytes())
	})
}

// idempotencyRecord is a stored final answer of a write.
type idempotencyRecord struct {
	partnerID, method, path, key, hash string
	status                             int
	etag, contentType                  string
	body                               []byte
}

// recordIdempotent stores rec and forgets records older than the 24-hour window.
func (e *Emulator) recordIdempotent(ctx context.Context, tx *sql.Tx, rec idempotencyRecord, now time.Time) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM idempotency WHERE created_at < ?", toNanos(now.Add(-idempotencyTTL))); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO idempotency(partner_id, method, path, key, request_hash, status, etag, content_type, body, created_at)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status,
		etag = excluded.etag, content_type = excluded.content_type, body = excluded.body, created_at = excluded.created_at`,
		rec.partnerID, rec.method, rec.path, rec.key, rec.hash, rec.status, rec.etag, rec.contentType, rec.body, toNanos(now))
	return err
}
