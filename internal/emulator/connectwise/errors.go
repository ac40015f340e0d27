package connectwise

import (
	"fmt"
	"net/http"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// Errors renders problems as ConnectWise does: {code, message, errors[]} with the field
// errors (null when there are none), and a 429 in its own shape {error, message} with
// Retry-After. Problems the shared middleware raises (a fault, a body too large) keep their
// code; the room's own carry ConnectWise's codes and, in StatusError.Detail, its field errors.
func Errors(_ *http.Request, se *web.StatusError) web.Reply {
	if se.Status == http.StatusTooManyRequests {
		wait := max(se.RetryAfter, 1)
		return web.Reply{Status: se.Status, Body: cw.TooManyRequests{Error: cw.TooManyRequestsError,
			Message: fmt.Sprintf("Too many requests. Please try again in %d seconds.", wait)}}
	}
	body := cw.ErrorResponse{Code: se.Code, Message: se.Message}
	if fields, ok := se.Detail.([]cw.ValidationError); ok && len(fields) > 0 {
		body.Errors = fields
	}
	return web.Reply{Status: se.Status, Body: body}
}

// notFound is a 404.
func notFound(format string, args ...any) *web.StatusError {
	return web.NewStatusError(http.StatusNotFound, cw.ErrorCodeNotFound, format, args...)
}

// unauthenticated is ConnectWise's 401 for credentials it does not accept.
func unauthenticated(message string) *web.StatusError {
	return web.NewStatusError(http.StatusUnauthorized, cw.ErrorCodeConnectWiseAPI, "%s", message)
}
