package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// StatusError is an error with the HTTP status and short code the API answers with. The
// Admin methods return it too, so callers can tell "not found" from "conflict".
type StatusError struct {
	Status  int
	Code    string
	Message string
	Details []api.FieldError
	// RetryAfter is the Retry-After header value in seconds (429 and 503), 0 for none.
	RetryAfter int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message)
}

// StatusOf returns the HTTP status of err when it is a *StatusError, else 500.
func StatusOf(err error) int {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Status
	}
	return http.StatusInternalServerError
}

func newStatusError(status int, code, format string, args ...any) *StatusError {
	return &StatusError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

func errBadRequest(format string, args ...any) *StatusError {
	return newStatusError(http.StatusBadRequest, "BadRequest", format, args...)
}

func errUnauthorized(format string, args ...any) *StatusError {
	return newStatusError(http.StatusUnauthorized, "Unauthorized", format, args...)
}

func errForbidden(format string, args ...any) *StatusError {
	return newStatusError(http.StatusForbidden, "Forbidden", format, args...)
}

func errNotFound(format string, args ...any) *StatusError {
	return newStatusError(http.StatusNotFound, "NotFound", format, args...)
}

func errMethodNotAllowed(format string, args ...any) *StatusError {
	return newStatusError(http.StatusMethodNotAllowed, "MethodNotAllowed", format, args...)
}

func errConflict(format string, args ...any) *StatusError {
	return newStatusError(http.StatusConflict, "Conflict", format, args...)
}

func errPrecondition(format string, args ...any) *StatusError {
	return newStatusError(http.StatusPreconditionFailed, "PreconditionFailed", format, args...)
}

func errUnprocessable(format string, args ...any) *StatusError {
	return newStatusError(http.StatusUnprocessableEntity, "UnprocessableEntity", format, args...)
}

func errRequestTimeout(format string, args ...any) *StatusError {
	return newStatusError(http.StatusRequestTimeout, "RequestTimeout", format, args...)
}

func errPayloadTooLarge(format string, args ...any) *StatusError {
	return newStatusError(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", format, args...)
}

func errUnavailable(retryAfter int, format string, args ...any) *StatusError {
	se := newStatusError(http.StatusServiceUnavailable, "ServiceUnavailable", format, args...)
	se.RetryAfter = retryAfter
	return se
}

// fieldError is a 400 about one field.
func fieldError(field, value string, allowed []string, format string, args ...any) *StatusError {
	msg := fmt.Sprintf(format, args...)
	fe := api.FieldError{Field: field, Message: msg}
	if value != "" {
		fe.Value = &value
	}
	if allowed != nil {
		fe.Allowed = &allowed
	}
	return &StatusError{Status: http.StatusBadRequest, Code: "BadRequest", Message: msg, Details: []api.FieldError{fe}}
}

// validationErrors collects field problems of one request body.
type validationErrors struct {
	details []api.FieldError
}

func (v *validationErrors) add(field, value string, allowed []string, format string, args ...any) {
	fe := api.FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
	if value != "" {
		fe.Value = &value
	}
	if allowed != nil {
		fe.Allowed = &allowed
	}
	v.details = append(v.details, fe)
}

// err is nil without problems, else a 400 whose message summarises them.
func (v *validationErrors) err(what string) error {
	if len(v.details) == 0 {
		return nil
	}
	msg := fmt.Sprintf("%s is invalid: %s: %s", what, v.details[0].Field, v.details[0].Message)
	if n := len(v.details); n > 1 {
		msg += fmt.Sprintf(" (and %d more problem(s), see details)", n-1)
	}
	return &StatusError{Status: http.StatusBadRequest, Code: "BadRequest", Message: msg, Details: v.details}
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"error":"InternalServerError","message":"encoding the response failed"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

// writeError answers with the contract's Error body. Errors that are not *StatusError are
// logged and answered with 500.
func (e *Emulator) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var se *StatusError
	if !errors.As(err, &se) {
		e.log.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", r.URL.Path, "error", err)
		se = newStatusError(http.StatusInternalServerError, "InternalServerError", "the emulator failed to handle the request: %v", err)
	}
	body := api.Error{
		Error:         se.Code,
		Message:       se.Message,
		CorrelationId: correlationID(r),
		RequestId:     requestID(r),
		CreatedAt:     e.now().UTC(),
	}
	if len(se.Details) > 0 {
		body.Details = &se.Details
	}
	if se.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(se.RetryAfter))
	}
	writeJSON(w, se.Status, body)
}
