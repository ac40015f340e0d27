package emulator

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"time"
)

const (
	idempotencyTTL    = 24 * time.Hour
	maxIdempotencyKey = 200
	maxBodyBytes      = 1 << 20
)

// idempotent makes writes with an Idempotency-Key header replayable: the first response is
// stored for 24 hours (per partner, method, path and key) and a repeat gets it back without
// the write being applied again. Reusing a key for a different request is refused.
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
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
		if err != nil {
			e.writeError(w, r, errBadRequest("reading the request body: %v", err))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		sum := sha256.Sum256(append([]byte(r.Method+" "+r.URL.RequestURI()+"\n"), body...))
		hash := hex.EncodeToString(sum[:])

		e.writeMu.Lock()
		defer e.writeMu.Unlock()
		ctx := r.Context()
		now := e.now()
		var (
			storedHash, etagValue, contentType string
			status                             int
			storedBody                         []byte
			createdAt                          int64
		)
		err = e.store.db.QueryRowContext(ctx, `SELECT request_hash, status, etag, content_type, body, created_at FROM idempotency
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

		rec := &recordingWriter{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status >= http.StatusInternalServerError || rec.status == http.StatusTooManyRequests || rec.status == 0 {
			return // not a final answer: a retry must be applied afresh
		}
		err = e.store.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, "DELETE FROM idempotency WHERE created_at < ?", toNanos(now.Add(-idempotencyTTL))); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO idempotency(partner_id, method, path, key, request_hash, status, etag, content_type, body, created_at)
				VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status,
				etag = excluded.etag, content_type = excluded.content_type, body = excluded.body, created_at = excluded.created_at`,
				partnerID, r.Method, r.URL.Path, key, hash, rec.status, rec.Header().Get("ETag"), rec.Header().Get("Content-Type"), rec.body.Bytes(), toNanos(now))
			return err
		})
		if err != nil {
			e.log.ErrorContext(ctx, "recording an idempotent response failed", "error", err)
		}
	})
}

// recordingWriter passes a response through and keeps a copy.
type recordingWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (rw *recordingWriter) WriteHeader(status int) {
	if rw.status == 0 {
		rw.status = status
	}
	rw.ResponseWriter.WriteHeader(status)
}

func (rw *recordingWriter) Write(p []byte) (int, error) {
	if rw.status == 0 {
		rw.status = http.StatusOK
	}
	rw.body.Write(p)
	return rw.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection.
func (rw *recordingWriter) Unwrap() http.ResponseWriter { return rw.ResponseWriter }
