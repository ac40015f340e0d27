package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
)

// IdempotencyTTL is how long a keyed write's answer is replayed.
const IdempotencyTTL = 24 * time.Hour

// idempotencyKey is the Idempotency-Key of a write by an authenticated partner.
func idempotencyKey(r *http.Request) (string, bool) {
	key := r.Header.Get("Idempotency-Key")
	return key, key != "" && IsWrite(r.Method) && PrincipalOf(r).PartnerID != ""
}

// serveIdempotent makes a write with an Idempotency-Key replayable: the first final answer
// is stored for 24 hours (per partner, method, path and key) and a repeat gets it back
// without the write being applied again. Reusing a key for a different request is refused.
// The handler runs in the store's transaction (store.Store.Idempotent), the record is
// written in it before it commits, and the answer is held back until then.
func (a *API) serveIdempotent(w http.ResponseWriter, r *http.Request, key string, h Handler) {
	if len(key) > api.MaxIdempotencyKeyLength {
		a.WriteError(w, r, FieldError("Idempotency-Key", "", nil, "the Idempotency-Key header must be at most %d characters", api.MaxIdempotencyKeyLength))
		return
	}
	// BufferBody has read the body already: this reads memory, not the client.
	body, err := ReadBody(w, r)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	sum := sha256.Sum256(append([]byte(r.Method+" "+r.URL.RequestURI()+"\n"), body...))
	hash := hex.EncodeToString(sum[:])

	k := store.IdempotencyKey{PartnerID: PrincipalOf(r).PartnerID, Method: r.Method, Path: r.URL.Path, Key: key}
	var res response
	prior, err := a.Store.Idempotent(r.Context(), k, hash, a.Now(), IdempotencyTTL, func(q store.Q) (store.Answer, bool, error) {
		reply, err := h(q)
		res = a.render(r, reply, err)
		// Only final answers are recorded: after a 5xx or 429 a retry must be applied afresh.
		final := res.status < http.StatusInternalServerError && res.status != http.StatusTooManyRequests
		return store.Answer{Status: res.status, ETag: res.header.Get("ETag"), ContentType: res.header.Get("Content-Type"), Body: res.body}, final, nil
	})
	switch {
	case err != nil:
		a.WriteError(w, r, fmt.Errorf("committing a write with its idempotency record: %w", err))
	case prior == nil:
		res.write(w)
	case prior.RequestHash != hash:
		a.WriteError(w, r, Unprocessable("Idempotency-Key %q was already used at %s for a different request to %s %s; use a new key for a new request",
			key, prior.CreatedAt.Format(time.RFC3339), r.Method, r.URL.Path))
	default:
		a.Log.InfoContext(r.Context(), "replaying an idempotent response", "method", r.Method, "path", r.URL.Path, "key", key)
		replay := response{status: prior.Status, header: http.Header{"Idempotent-Replayed": {"true"}}, body: prior.Body}
		if prior.ETag != "" {
			replay.header.Set("ETag", prior.ETag)
		}
		if prior.ContentType != "" {
			replay.header.Set("Content-Type", prior.ContentType)
		}
		replay.write(w)
	}
}

// IsWrite reports whether a method changes data.
func IsWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	default:
		return false
	}
}
