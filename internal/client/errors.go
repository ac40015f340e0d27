package client

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// APIError is a non-success answer of the Sophos API, carrying the API's own words.
type APIError struct {
	// Method and Path name the request that failed.
	Method string
	Path   string
	// StatusCode is the HTTP status.
	StatusCode int
	// Code is the API's short error code, e.g. "NotFound" or "Conflict".
	Code string
	// Message is the API's explanation.
	Message string
	// RequestID and CorrelationID identify the request for Sophos support.
	RequestID     string
	CorrelationID string
	// Details lists per-field validation problems.
	Details []api.FieldError
	// RetryAfter is the wait the API asked for on 429, if any.
	RetryAfter time.Duration
}

// Error renders the error in one line: what failed, the API's message and the request id.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	for _, d := range e.Details {
		fmt.Fprintf(&b, "; %s: %s", d.Field, d.Message)
		if d.Allowed != nil && len(*d.Allowed) > 0 {
			fmt.Fprintf(&b, " (valid values: %s)", strings.Join(*d.Allowed, ", "))
		}
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (requestId %s)", e.RequestID)
	}
	return b.String()
}

// AuthError is a failure to obtain an access token from the authentication host.
type AuthError struct {
	StatusCode int
	// Code is the id.sophos.com error code, e.g. "oauth.invalid_client_secret".
	Code       string
	Message    string
	TrackingID string
}

// Error explains the failure and what to check.
func (e *AuthError) Error() string {
	msg := fmt.Sprintf("Sophos authentication failed (HTTP %d", e.StatusCode)
	if e.Code != "" {
		msg += ", " + e.Code
	}
	msg += ")"
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.TrackingID != "" {
		msg += " (trackingId " + e.TrackingID + ")"
	}
	return msg + ". Check client_id and client_secret (SOPHOS_CLIENT_ID, SOPHOS_CLIENT_SECRET) and auth_url."
}

func statusOf(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

// IsNotFound reports whether err is the API's 404.
func IsNotFound(err error) bool { return statusOf(err) == http.StatusNotFound }

// IsConflict reports whether err is the API's 409.
func IsConflict(err error) bool { return statusOf(err) == http.StatusConflict }

// IsPreconditionFailed reports whether err is the API's 412: the object changed since it was read.
func IsPreconditionFailed(err error) bool { return statusOf(err) == http.StatusPreconditionFailed }

// IsValidation reports whether err is the API rejecting the request's content (400 or 422).
func IsValidation(err error) bool {
	s := statusOf(err)
	return s == http.StatusBadRequest || s == http.StatusUnprocessableEntity
}

// IsThrottled reports whether err is the API's 429 after all retries were used.
func IsThrottled(err error) bool { return statusOf(err) == http.StatusTooManyRequests }
