package web

import (
	"errors"
	"fmt"
	"net/http"

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
	// Detail is what a room's own error shape adds beyond Details, for its ErrorRenderer
	// (ConnectWise's field errors with their codes); nil for none.
	Detail any
	// header holds more headers of the answer (WithHeader).
	header map[string]string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message)
}

// WithHeader adds a header to the answer of the error (WWW-Authenticate, Allow).
func (e *StatusError) WithHeader(key, value string) *StatusError {
	if e.header == nil {
		e.header = map[string]string{}
	}
	e.header[key] = value
	return e
}

// WithDetail sets the detail a room's error renderer reads (StatusError.Detail).
func (e *StatusError) WithDetail(d any) *StatusError {
	e.Detail = d
	return e
}

// StatusOf returns the HTTP status of err when it is a *StatusError, else 500.
func StatusOf(err error) int {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Status
	}
	return http.StatusInternalServerError
}

// NewStatusError is an error answered with status and code.
func NewStatusError(status int, code, format string, args ...any) *StatusError {
	return &StatusError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// BadRequest is a 400.
func BadRequest(format string, args ...any) *StatusError {
	return NewStatusError(http.StatusBadRequest, "BadRequest", format, args...)
}

// Unauthorized is a 401.
func Unauthorized(format string, args ...any) *StatusError {
	return NewStatusError(http.StatusUnauthorized, "Unauthorized", format, args...)
}

// Forbidden is a 403.
func Forbidden(format string, args ...any) *StatusError {
	return NewStatusError(http.StatusForbidden, "Forbidden", format, args...)
}

// NotFound is a 404.
func NotFound(format string, args ...any) *StatusError {
	return NewStatusError(http.StatusNotFound, "NotFound", format, args...)
}

// MethodNotAllowed is a 405.
func MethodNotAllowed(format string, args ...any) *StatusError {
	return NewStatusError(http.StatusMethodNotAllowed, "MethodNotAllowed", format, args...)
}

// Conflict is a 409.
func Conflict(format string, args ...any) *StatusError {
	return NewStatusError(http.StatusConflict, "Conflict", format, args...)
}

// PreconditionFailed is a 412.
func PreconditionFailed(format string, args ...any) *StatusError {
	return NewStatusError(http.StatusPreconditionFailed, "PreconditionFailed", format, args...)
}

// Unprocessable is a 422.
func Unprocessable(format string, args ...any) *StatusError {
	return NewStatusError(http.StatusUnprocessableEntity, "UnprocessableEntity", format, args...)
}

// RequestTimeout is a 408.
func RequestTimeout(format string, args ...any) *StatusError {
	return NewStatusError(http.StatusRequestTimeout, "RequestTimeout", format, args...)
}

// PayloadTooLarge is a 413.
func PayloadTooLarge(format string, args ...any) *StatusError {
	return NewStatusError(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", format, args...)
}

// TooManyRequests is a 429 with Retry-After.
func TooManyRequests(retryAfter int, format string, args ...any) *StatusError {
	se := NewStatusError(http.StatusTooManyRequests, "TooManyRequests", format, args...)
	se.RetryAfter = retryAfter
	return se
}

// Unavailable is a 503 with Retry-After.
func Unavailable(retryAfter int, format string, args ...any) *StatusError {
	se := NewStatusError(http.StatusServiceUnavailable, "ServiceUnavailable", format, args...)
	se.RetryAfter = retryAfter
	return se
}

// FieldError is a 400 about one field.
func FieldError(field, value string, allowed []string, format string, args ...any) *StatusError {
	var v ValidationErrors
	v.Add(field, value, allowed, format, args...)
	msg := v.details[0].Message
	return &StatusError{Status: http.StatusBadRequest, Code: "BadRequest", Message: msg, Details: v.details}
}

// ValidationErrors collects field problems of one request body.
type ValidationErrors struct {
	details []api.FieldError
}

// Add records a problem of field.
func (v *ValidationErrors) Add(field, value string, allowed []string, format string, args ...any) {
	fe := api.FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
	if value != "" {
		fe.Value = &value
	}
	if allowed != nil {
		fe.Allowed = &allowed
	}
	v.details = append(v.details, fe)
}

// Err is nil without problems, else a 400 whose message summarises them.
func (v *ValidationErrors) Err(what string) error {
	if len(v.details) == 0 {
		return nil
	}
	msg := fmt.Sprintf("%s is invalid: %s: %s", what, v.details[0].Field, v.details[0].Message)
	if n := len(v.details); n > 1 {
		msg += fmt.Sprintf(" (and %d more problem(s), see details)", n-1)
	}
	return &StatusError{Status: http.StatusBadRequest, Code: "BadRequest", Message: msg, Details: v.details}
}
