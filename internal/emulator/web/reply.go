// Package web is the HTTP kit every room of the emulator uses: handlers return a Reply (or
// an error) and one adapter, API.Serve, writes it, with its ETag, in the error shape of the
// API the room serves (an ErrorRenderer per API) and, for a write with an Idempotency-Key,
// inside the store's idempotency transaction. The cross-cutting middleware lives here too:
// request ids, request counters, latency, faults, the rate limit and body limits. No room
// writes to an http.ResponseWriter.
package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
)

// Reply is what a handler answers: a status, a JSON body (nil for none), an ETag and more
// headers.
type Reply struct {
	Status int
	Body   any
	ETag   string
	Header http.Header
}

// OK is a 200 with body.
func OK(body any) Reply { return Reply{Status: http.StatusOK, Body: body} }

// Created is a 201 with body (nil for none).
func Created(body any) Reply { return Reply{Status: http.StatusCreated, Body: body} }

// NoContent is a 204.
func NoContent() Reply { return Reply{Status: http.StatusNoContent} }

// WithETag is the reply with the ETag of version.
func (r Reply) WithETag(version int64) Reply {
	r.ETag = ETag(version)
	return r
}

// With is the reply with one more header.
func (r Reply) With(key, value string) Reply {
	h := r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set(key, value)
	r.Header = h
	return r
}

// Handler answers a request. q is where it reads and writes: the database, or the
// idempotency layer's transaction for a keyed write.
type Handler func(q store.Q) (Reply, error)

// ErrorRenderer is an API's error shape: the reply for a problem.
type ErrorRenderer func(r *http.Request, se *StatusError) Reply

// API is how one served API answers: its store, clock, log and error shape.
type API struct {
	Store  *store.Store
	Now    func() time.Time
	Log    *slog.Logger
	Errors ErrorRenderer
}

// Serve runs h and writes its reply, or its error in the API's shape. A write with an
// Idempotency-Key by an authenticated partner runs in the store's idempotency transaction
// (idempotency.go).
func (a *API) Serve(w http.ResponseWriter, r *http.Request, h Handler) {
	if key, ok := idempotencyKey(r); ok {
		a.serveIdempotent(w, r, key, h)
		return
	}
	reply, err := h(a.Store.Q())
	a.render(r, reply, err).write(w)
}

// WriteError writes err in the API's shape (for middleware and the router).
func (a *API) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	a.render(r, Reply{}, err).write(w)
}

// response is a rendered reply, ready to write or to record.
type response struct {
	status int
	header http.Header
	body   []byte
}

// render turns a handler's outcome into the response to write. Errors that are not
// *StatusError are logged and answered with 500.
func (a *API) render(r *http.Request, reply Reply, err error) response {
	if err != nil {
		var se *StatusError
		if !errors.As(err, &se) {
			a.Log.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", r.URL.Path, "error", err)
			se = NewStatusError(http.StatusInternalServerError, "InternalServerError", "the emulator failed to handle the request: %v", err)
		}
		reply = a.Errors(r, se)
		if se.RetryAfter > 0 {
			reply = reply.With("Retry-After", strconv.Itoa(se.RetryAfter))
		}
		for k, v := range se.header {
			reply = reply.With(k, v)
		}
	}
	res := response{status: reply.Status, header: http.Header{}}
	for k, v := range reply.Header {
		res.header[k] = v
	}
	if reply.ETag != "" {
		res.header.Set("ETag", reply.ETag)
	}
	if reply.Body == nil {
		return res
	}
	body, err := json.Marshal(reply.Body)
	if err != nil {
		res.status = http.StatusInternalServerError
		res.header.Set("Content-Type", "text/plain; charset=utf-8")
		res.header.Set("X-Content-Type-Options", "nosniff")
		res.body = []byte(`{"error":"InternalServerError","message":"encoding the response failed"}` + "\n")
		return res
	}
	res.header.Set("Content-Type", "application/json")
	res.body = body
	res.body = append(res.body, '\n')
	return res
}

// write sends the response.
func (res response) write(w http.ResponseWriter) {
	for k, v := range res.header {
		w.Header()[k] = v
	}
	w.WriteHeader(res.status)
	if len(res.body) > 0 {
		_, _ = w.Write(res.body)
	}
}
