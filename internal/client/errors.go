package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Setting names the Config field an error is about, so that a caller can say where its user
// sets it; the client's own texts do not name a caller's settings.
type Setting string

// The settings errors name.
const (
	SettingClientID      Setting = "ClientID"
	SettingClientSecret  Setting = "ClientSecret"
	SettingAuthURL       Setting = "AuthURL"
	SettingAPIURL        Setting = "APIURL"
	SettingRequestBudget Setting = "RequestBudget"
)

// ConfigError is a Config that New refuses: Setting is missing or unusable.
type ConfigError struct {
	Setting Setting
	Err     error
}

var errRequired = errors.New("required")

func (e *ConfigError) Error() string { return fmt.Sprintf("%s: %v", e.Setting, e.Err) }

func (e *ConfigError) Unwrap() error { return e.Err }

// IsRequired reports whether the error is a setting left empty.
func (e *ConfigError) IsRequired() bool { return errors.Is(e.Err, errRequired) }

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
	// Replayed says the answer was the API replaying the stored answer of an earlier
	// request with the same Idempotency-Key.
	Replayed bool
}

// Error renders the error in one line: what failed, the API's message and the request id.
func (e *APIError) Error() string {
	return fmt.Sprintf("%s %s: %s", e.Method, e.Path, e.summary())
}

// summary is the error without the request it is about.
func (e *APIError) summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d", e.StatusCode)
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

// AuthError is the authentication host refusing the credential (SettingClientID and
// SettingClientSecret, at SettingAuthURL): an HTTP 400 or 401 answer of the token endpoint.
// Any other failure of the token endpoint is an AuthServiceError.
type AuthError struct {
	StatusCode int
	// Code is the id.sophos.com error code, e.g. "oauth.invalid_client_secret".
	Code       string
	Message    string
	TrackingID string
}

// Error explains the failure.
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
	return msg
}

// AuthServiceError is the token endpoint failing for a reason other than the credential: a
// 5xx, 403 or other unexpected status, or throttling that outlasted the retries. The
// credential was not judged, so checking it would not help; trying again later may, or
// checking that SettingAuthURL names the authentication host.
type AuthServiceError struct {
	// Host is the authentication host (Config.AuthURL).
	Host       string
	StatusCode int
	// Code and Message are the host's own words, when it gave any.
	Code    string
	Message string
	// TrackingID and RequestID identify the request for Sophos support.
	TrackingID string
	RequestID  string
}

// Error names the host and status and says that this is a service problem.
func (e *AuthServiceError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the Sophos authentication service at %s failed to issue an access token (HTTP %d", e.Host, e.StatusCode)
	if e.Code != "" {
		fmt.Fprintf(&b, ", %s", e.Code)
	}
	b.WriteString(")")
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.TrackingID != "" {
		fmt.Fprintf(&b, " (trackingId %s)", e.TrackingID)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (requestId %s)", e.RequestID)
	}
	b.WriteString(". This is an error of the service, not a refused credential: retry later")
	return b.String()
}

// RedirectError is a redirect answer (301, 302, 303, 307 or 308). The client never follows
// one: a followed redirect would resend the request (for the token request, the client
// secret) to a host nobody configured, and use what that host answers.
type RedirectError struct {
	// Setting names the host that redirected: SettingAuthURL or SettingAPIURL.
	Setting Setting
	// Method and Path name the request that was redirected.
	Method string
	Path   string
	// StatusCode is the redirect status.
	StatusCode int
	// Target is the scheme and host the redirect points at ("" when it named none), and
	// Configured the scheme and host the setting names.
	Target     string
	Configured string
	RequestID  string
}

// Error names the request and the host the redirect pointed at.
func (e *RedirectError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d redirect", e.Method, e.Path, e.StatusCode)
	if e.Target != "" {
		fmt.Fprintf(&b, " to %s", e.Target)
	} else {
		b.WriteString(" without a Location")
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (requestId %s)", e.RequestID)
	}
	b.WriteString("; redirects are never followed, so that no request or credential goes to a host that was not configured")
	return b.String()
}

// ResponseError is a successful status whose answer does not have the shape the API
// contract promises: not JSON (an HTML page, say), truncated JSON, a list without its
// items and pages, an object without its required fields. The client never reads such an
// answer as an empty or zero result.
type ResponseError struct {
	// Method and Path name the request.
	Method string
	Path   string
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// ContentType is the answer's Content-Type header.
	ContentType string
	// Problem says what is wrong with the answer.
	Problem   string
	RequestID string
}

// Error names the request, what is wrong and the request id.
func (e *ResponseError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: the answer (HTTP %d) is not what the API contract promises: %s", e.Method, e.Path, e.StatusCode, e.Problem)
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (requestId %s)", e.RequestID)
	}
	return b.String()
}

// BudgetError is a call given up because finishing it would take longer than its request
// budget (Config.RequestBudget, SettingRequestBudget): a wait would go beyond it, or it ran
// out while a request was under way.
type BudgetError struct {
	// Method and Path name the request, when the error is about one.
	Method string
	Path   string
	// Budget is the request budget.
	Budget time.Duration
	// Wait is the wait that did not fit in what was left of the budget; zero when the
	// budget ran out while a request was under way.
	Wait time.Duration
	// Reason says what asked for the wait: "Retry-After", "Retry-After of an earlier
	// answer", "backoff" or "X-RateLimit-Limit pacing".
	Reason string
	// Last is the failure that led to the wait, if any. It is not unwrapped, so a caller
	// that branches on *APIError shows this error's words, not only the API's.
	Last error
}

// Error says what was waited for and the budget it did not fit in.
func (e *BudgetError) Error() string {
	var b strings.Builder
	if e.Method != "" {
		fmt.Fprintf(&b, "%s %s: ", e.Method, e.Path)
	}
	switch {
	case e.Wait <= 0:
		fmt.Fprintf(&b, "no answer within the request budget of %s", e.Budget)
	case strings.HasPrefix(e.Reason, "Retry-After"):
		fmt.Fprintf(&b, "the API asked to wait %s (%s) which is beyond the request budget of %s",
			roundWait(e.Wait), e.Reason, e.Budget)
	default:
		fmt.Fprintf(&b, "waiting %s (%s) before the next attempt would go beyond the request budget of %s",
			roundWait(e.Wait), e.Reason, e.Budget)
	}
	if e.Last != nil && !errors.Is(e.Last, context.DeadlineExceeded) {
		last := e.Last.Error()
		var apiErr *APIError
		if errors.As(e.Last, &apiErr) && apiErr.Method == e.Method && apiErr.Path == e.Path {
			last = apiErr.summary()
		}
		fmt.Fprintf(&b, "; last answer: %s", last)
	}
	return b.String()
}

// Unwrap makes errors.Is(err, context.DeadlineExceeded) hold: the call would not finish
// within its deadline.
func (e *BudgetError) Unwrap() error { return context.DeadlineExceeded }

// roundWait rounds a wait for people: whole seconds from ten seconds on.
func roundWait(d time.Duration) time.Duration {
	if d >= 10*time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
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

// IsIntegrationProblem reports whether err is the API saying the PSA integration itself is in
// error or not connected: nothing of that PSA can be read or written until it is fixed.
func IsIntegrationProblem(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && (apiErr.Code == api.ErrorCodeIntegrationError || apiErr.Code == api.ErrorCodeIntegrationNotConnected)
}

// IsConflict reports whether err is the API's 409.
func IsConflict(err error) bool {
	return statusOf(err) == http.StatusConflict && !IsIntegrationProblem(err)
}

// IsPreconditionFailed reports whether err is the API's 412: the object changed since it was read.
func IsPreconditionFailed(err error) bool { return statusOf(err) == http.StatusPreconditionFailed }

// IsValidation reports whether err is the API rejecting the request's content (400 or 422).
func IsValidation(err error) bool {
	s := statusOf(err)
	return s == http.StatusBadRequest || s == http.StatusUnprocessableEntity
}

// IsThrottled reports whether err is the API's 429 after all retries were used.
func IsThrottled(err error) bool { return statusOf(err) == http.StatusTooManyRequests }

// PartnerMismatchError is a configured partner id the credential does not belong to.
type PartnerMismatchError struct {
	Configured, Actual, IDType string
}

func (e *PartnerMismatchError) Error() string {
	return fmt.Sprintf("the API credential belongs to %s %s, not to partner %s", e.IDType, e.Actual, e.Configured)
}
