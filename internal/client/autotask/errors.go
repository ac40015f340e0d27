package autotask

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp"
)

// APIError is a non-success answer of Autotask in its own words ({"errors": [...]});
// validation failures come as HTTP 500.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	Errors     []string
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("Autotask answered %s %s with HTTP %d", e.Method, e.Path, e.StatusCode)
	if len(e.Errors) > 0 {
		msg += ": " + strings.Join(e.Errors, "; ")
	}
	if e.StatusCode == http.StatusInternalServerError {
		msg += " (Autotask reports refused requests as HTTP 500)"
	}
	return msg
}

// AuthError is Autotask refusing the credentials: 401 for the user name or secret, a 500
// naming the integration code, 403 for the API user's security level.
type AuthError struct {
	APIError
	// Setting is what to check: "username and secret", "integration_code" or the security level.
	Setting string
}

func (e *AuthError) Error() string {
	switch e.Setting {
	case "integration_code":
		return sentence(e.APIError.Error()) + " Autotask refused the integration code: check integration_code (AUTOTASK_INTEGRATION_CODE), the API tracking identifier of the API user."
	case "security level":
		return sentence(e.APIError.Error()) + " The API user's security level does not allow this: give it the API User (API-only) security level, or a copy with access to this entity."
	}
	return sentence(e.APIError.Error()) + " Autotask refused the credentials: check username and secret (AUTOTASK_USERNAME, AUTOTASK_SECRET) of an API-only user."
}

// sentence ends s with one full stop.
func sentence(s string) string { return strings.TrimRight(s, ". ") + "." }

func (e *AuthError) Unwrap() error { return &e.APIError }

// ThresholdError is Autotask refusing requests over its limits: the database's hourly
// request threshold, or the three concurrent requests per integration code and endpoint.
type ThresholdError struct {
	APIError
	// Thread is true for the concurrency limit, false for the hourly threshold.
	Thread bool
}

func (e *ThresholdError) Error() string {
	if e.Thread {
		return fmt.Sprintf("%s Autotask allows %d concurrent requests per integration code and endpoint; another program using the same integration code "+
			"is reading the same entity: try again when it is done.", sentence(e.APIError.Error()), at.ThreadLimit)
	}
	return fmt.Sprintf("%s The Autotask database's hourly request threshold is used up: Autotask allows each database %d requests per hour "+
		"(unless it raised the database's threshold), shared by every integration of the database, not only this provider, and refuses "+
		"requests until the last hour's count drops. Try again later; ThresholdInformation and Autotask's API usage page show who uses it.",
		sentence(e.APIError.Error()), at.HourlyRequestThreshold)
}

func (e *ThresholdError) Unwrap() error { return &e.APIError }

// ZoneLookupError is zoneInformation finding no zone for the API user.
type ZoneLookupError struct {
	Username string
	Status   int
	Errors   []string
	Problem  string
}

func (e *ZoneLookupError) Error() string {
	msg := fmt.Sprintf("Autotask's zone lookup for API user %q failed: %s", e.Username, e.Problem)
	if e.Status != 0 {
		msg += fmt.Sprintf(" (HTTP %d", e.Status)
		if len(e.Errors) > 0 {
			msg += ": " + strings.Join(e.Errors, "; ")
		}
		msg += ")"
	}
	return msg + ". Check username (AUTOTASK_USERNAME): it is the API user's user name, usually an email address; or set zone_url (AUTOTASK_ZONE_URL)."
}

// ResponseError is a success whose body is not what Autotask promises; never read as empty.
type ResponseError struct {
	Method, Path, Problem string
}

func (e *ResponseError) Error() string {
	return fmt.Sprintf("Autotask answered %s %s, but %s", e.Method, e.Path, e.Problem)
}

// errorsOf reads {"errors": [...]}; nil when the body is not that.
func errorsOf(body []byte) []string {
	var e at.ErrorResponse
	if json.Unmarshal(body, &e) != nil {
		return nil
	}
	return e.Errors
}

func mentions(errs []string, words ...string) bool {
	for _, e := range errs {
		l := strings.ToLower(e)
		all := true
		for _, w := range words {
			all = all && strings.Contains(l, w)
		}
		if all {
			return true
		}
	}
	return false
}

// classify tells the HTTP layer what to retry: 429 and the thread limit after a pause,
// 502/503/504 after a backoff; a hourly threshold in a 500, validation and the rest never.
func classify(resp *psahttp.Response) psahttp.Verdict {
	switch {
	case resp.Status == http.StatusTooManyRequests:
		return psahttp.Throttled
	case mentions(errorsOf(resp.Body), "thread"):
		return psahttp.Throttled
	case resp.Status == http.StatusBadGateway || resp.Status == http.StatusServiceUnavailable || resp.Status == http.StatusGatewayTimeout:
		return psahttp.Unavailable
	}
	return psahttp.Final
}

// decodeError turns a non-success answer into its typed error.
func (c *Client) decodeError(req *psahttp.Request, resp *psahttp.Response) error {
	e := APIError{Method: req.Method, Path: req.URL.Path, StatusCode: resp.Status, Errors: errorsOf(resp.Body)}
	if e.Errors == nil {
		if s := strings.TrimSpace(string(resp.Body)); s != "" && len(s) < 300 && !strings.Contains(resp.Header.Get("Content-Type"), "html") {
			e.Errors = []string{s}
		}
	}
	switch {
	case resp.Status == http.StatusUnauthorized:
		return &AuthError{APIError: e, Setting: "username and secret"}
	case resp.Status == http.StatusForbidden:
		return &AuthError{APIError: e, Setting: "security level"}
	case mentions(e.Errors, "thread"):
		return &ThresholdError{APIError: e, Thread: true}
	case resp.Status == http.StatusTooManyRequests || mentions(e.Errors, "threshold"):
		return &ThresholdError{APIError: e}
	case mentions(e.Errors, "integration") && mentions(e.Errors, "code"):
		return &AuthError{APIError: e, Setting: "integration_code"}
	}
	return &e
}

func statusOf(err error) int {
	var e *APIError
	if errors.As(err, &e) {
		return e.StatusCode
	}
	return 0
}

// IsNotFound reports whether err is a missing record.
func IsNotFound(err error) bool { return statusOf(err) == http.StatusNotFound }

// IsThreshold reports whether err is Autotask's request or thread threshold.
func IsThreshold(err error) bool {
	var e *ThresholdError
	return errors.As(err, &e)
}

// IsAuth reports whether err is refused credentials or security level.
func IsAuth(err error) bool {
	var e *AuthError
	return errors.As(err, &e)
}
