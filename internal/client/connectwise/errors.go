package connectwise

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp"
)

// APIError is a non-success answer of ConnectWise in its own words: the usual
// {code, message, errors[]} or, for 429, {error, message}.
type APIError struct {
	// Method and Path name the request; Path is relative to the API root.
	Method     string
	Path       string
	StatusCode int
	// Code is ConnectWise's code (InvalidObject, ObjectExists, ...), or the 429 body's error.
	Code    string
	Message string
	// Errors are the field errors: which field of which resource, and why.
	Errors []cw.ValidationError
	// RetryAfter is the wait a 429 asked for.
	RetryAfter time.Duration
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ConnectWise answered %s %s with HTTP %d", e.Method, e.Path, e.StatusCode)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	for _, f := range e.Errors {
		b.WriteString("; " + FieldText(f))
	}
	if e.StatusCode == http.StatusTooManyRequests {
		fmt.Fprintf(&b, "; ConnectWise throttles integrations that send more than about %d requests a minute", cw.ThrottlingLikelyPerMinute)
		if e.RetryAfter > 0 {
			fmt.Fprintf(&b, " and asked to wait %s", e.RetryAfter)
		}
		b.WriteString(": try again later")
	}
	return b.String()
}

// FieldText is a field error as the messages show it: "field: message (code)".
func FieldText(f cw.ValidationError) string {
	var b strings.Builder
	if f.Field != "" {
		fmt.Fprintf(&b, "%s: ", f.Field)
	}
	b.WriteString(f.Message)
	if f.Code != "" {
		fmt.Fprintf(&b, " (%s)", f.Code)
	}
	return b.String()
}

// AuthError is ConnectWise refusing the request's credentials (401) or the API member's
// security role refusing the operation (403).
type AuthError struct {
	APIError
}

func (e *AuthError) Error() string {
	if e.StatusCode == http.StatusForbidden {
		return fmt.Sprintf("%s. The API member's security role does not allow this: give its role access to %s "+
			"(System > Security Roles) or use an API member whose role has it", strings.TrimSuffix(e.APIError.Error(), "."), moduleOf(e.Path))
	}
	return strings.TrimSuffix(e.APIError.Error(), ".") + ". ConnectWise refused the credentials: check company_id, public_key and private_key " +
		"(CONNECTWISE_COMPANY_ID, CONNECTWISE_PUBLIC_KEY, CONNECTWISE_PRIVATE_KEY), the keys of an API member " +
		"(System > Members > API Members), and client_id (CONNECTWISE_CLIENT_ID), the integration's clientId from developer.connectwise.com"
}

func (e *AuthError) Unwrap() error { return &e.APIError }

// InUseError is ConnectWise refusing to delete a record that others use (an agreement
// addition or an invoice using a catalog item): 409 "record possibly in use", or 400.
type InUseError struct {
	APIError
	What string
	ID   int
}

func (e *InUseError) Error() string {
	return fmt.Sprintf("ConnectWise did not delete %s %d because it is in use (HTTP %d %s: %s); retire it instead by setting inactiveFlag",
		e.What, e.ID, e.StatusCode, e.Code, e.Message)
}

func (e *InUseError) Unwrap() error { return &e.APIError }

// ResponseError is a success whose body is not what ConnectWise promises; the client never
// reads such an answer as an empty result.
type ResponseError struct {
	Method     string
	Path       string
	StatusCode int
	Problem    string
}

func (e *ResponseError) Error() string {
	return fmt.Sprintf("ConnectWise answered %s %s with HTTP %d, but %s", e.Method, e.Path, e.StatusCode, e.Problem)
}

// errorBody reads both error shapes at once.
type errorBody struct {
	cw.ErrorResponse
	Error string `json:"error"`
}

// decodeError turns a non-success answer into its typed error.
func (c *Client) decodeError(req *psahttp.Request, resp *psahttp.Response) error {
	e := APIError{Method: req.Method, Path: c.relative(req), StatusCode: resp.Status, RetryAfter: c.http.RetryAfter(resp)}
	var body errorBody
	if json.Unmarshal(resp.Body, &body) == nil && (body.Code != "" || body.Error != "" || body.Message != "") {
		e.Code, e.Message, e.Errors = body.Code, body.Message, body.Errors
		if e.Code == "" {
			e.Code = body.Error
		}
	} else {
		e.Code = http.StatusText(resp.Status)
		e.Message = describeBody(resp)
	}
	if resp.Status == http.StatusUnauthorized || resp.Status == http.StatusForbidden ||
		strings.EqualFold(e.Message, cw.MessageUserNotAuthenticated) {
		return &AuthError{APIError: e}
	}
	return &e
}

// relative is the request's path below the API root (or the site for companyinfo).
func (c *Client) relative(req *psahttp.Request) string {
	p := req.URL.Path
	if i := strings.Index(p, cw.APIRoot); i >= 0 {
		return p[i+len(cw.APIRoot):]
	}
	return p
}

func describeBody(resp *psahttp.Response) string {
	s := strings.TrimSpace(string(resp.Body))
	if s == "" {
		return "(no body)"
	}
	if ct := resp.Header.Get("Content-Type"); strings.Contains(ct, "html") {
		return "an HTML page (" + ct + "), not ConnectWise's JSON"
	}
	if len(s) > 200 {
		s = s[:200]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return s
}

// moduleOf names the area of ConnectWise a path belongs to, for a 403's advice.
func moduleOf(path string) string {
	switch {
	case strings.HasPrefix(path, "/procurement"):
		return "Procurement (Product Catalog and its setup tables)"
	case strings.HasPrefix(path, "/finance"):
		return "Finance (Agreements)"
	case strings.HasPrefix(path, "/company"):
		return "Companies (Company Maintenance)"
	}
	return path
}

func statusOf(err error) int {
	var e *APIError
	if errors.As(err, &e) {
		return e.StatusCode
	}
	return 0
}

// IsNotFound reports whether err is ConnectWise's 404.
func IsNotFound(err error) bool { return statusOf(err) == http.StatusNotFound }

// IsThrottled reports whether err is a 429 that outlasted the retries.
func IsThrottled(err error) bool { return statusOf(err) == http.StatusTooManyRequests }

// IsAuth reports whether err is a refused credential or security role.
func IsAuth(err error) bool {
	var e *AuthError
	return errors.As(err, &e)
}
