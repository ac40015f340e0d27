package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	atclient "github.com/psa-iac/terraform-provider-sophos/internal/client/autotask"
)

// What reading Autotask directly can fail with, and how the directory words it: which
// failures are final for the run, what to do about each, an empty listing the API user may
// not be allowed to see, and a record Autotask does not have.

// autotaskFinal reports a failure every later read of the run would meet too: refused
// credentials, the hourly threshold, and whatever is no answer of Autotask about one request
// (an unknown user's zone, a security level that shows nothing, a zone that does not answer
// or is not Autotask, the request budget spent). The thread limit is not: it is another
// program's, for a while.
func autotaskFinal(err error) bool {
	var threshold *atclient.ThresholdError
	var apiErr *atclient.APIError
	if errors.As(err, &threshold) {
		return !threshold.Thread
	}
	return atclient.IsAuth(err) || !errors.As(err, &apiErr)
}

// autotaskAdvice is what to do about a failed read (the client's errors name the setting
// already; this adds what the provider's user does next).
func autotaskAdvice(err error) string {
	var (
		zone       *atclient.ZoneLookupError
		threshold  *atclient.ThresholdError
		permission *autotaskPermissionError
		response   *atclient.ResponseError
		apiErr     *atclient.APIError
	)
	switch {
	case errors.As(err, &permission), errors.As(err, &zone):
		return "" // their text says what to do
	case errors.As(err, &threshold) && threshold.Thread:
		return "The provider keeps to Autotask's three requests at a time and retried; another program using the same integration code " +
			"kept the threads busy. Give Terraform an integration code of its own (autotask.integration_code), or run it when the other is done."
	case errors.As(err, &threshold):
		return "Nothing was written. Plan again after the hour's count has dropped; ThresholdInformation (or Autotask's Admin > API usage " +
			"page) shows the count. Meanwhile removing the autotask block reads Autotask through the Sophos integration, which costs none of this budget."
	case atclient.IsAuth(err):
		return "Fix the setting named above in the provider's autotask block (or its AUTOTASK_* environment variable), then plan again."
	case errors.As(err, &response):
		return "Autotask's answer was not what its API documents. Check autotask.zone_url (and zone_lookup_url): they must point at Autotask's REST API."
	case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusInternalServerError:
		return "Autotask refused the provider's read (Autotask answers a refused request with HTTP 500 and its reason). Check " +
			"autotask.impersonation_resource_id and the API user's security level; if it persists, report the message above."
	}
	return "Check that autotask.zone_url (or zone_lookup_url) points at Autotask and that it is reachable, then plan again."
}

// autotaskPermissionError is an Autotask listing that is empty while the Sophos integration
// lists data there: Autotask answers nothing for what the API user's security level hides.
type autotaskPermissionError struct {
	user, entity, what string
	integrationRows    int
}

func (e *autotaskPermissionError) Error() string {
	return fmt.Sprintf("Autotask lists no %s for API user %q, while the Sophos integration lists %d: the API user may lack permission "+
		"to read %s (Autotask answers nothing, not an error, for what a security level hides). Give the API user the API User (API-only) "+
		"security level, or a copy of it that may read %s, or check autotask.username names the API user of this Autotask database.",
		e.what, e.user, e.integrationRows, e.entity, e.entity)
}

// checkNotHidden turns an empty Autotask listing into a permission error when the Sophos
// integration has rows there (its own failure is no evidence either way).
func (d *autotaskDirectory) checkNotHidden(ctx context.Context, n int, entity, what string, integration func(context.Context) (int, error)) error {
	if n > 0 || d.integration == nil {
		return nil
	}
	rows, err := integration(ctx)
	switch {
	case err != nil:
		tflog.Debug(ctx, "The Sophos integration could not say whether Autotask has "+what, map[string]any{"error": err.Error()})
	case rows > 0:
		return &autotaskPermissionError{user: d.user, entity: entity, what: what, integrationRows: rows}
	}
	return nil
}

func countOf[T any](list func(context.Context) ([]T, error)) func(context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		rows, err := list(ctx)
		return len(rows), err
	}
}

// autotaskNotFoundError is a record Autotask does not have (isNotFound).
type autotaskNotFoundError struct {
	what string
	id   int64
}

func (e *autotaskNotFoundError) Error() string {
	return fmt.Sprintf("Autotask has no %s with id %d", e.what, e.id)
}

func autotaskNotFound(what string, id int64) error { return &autotaskNotFoundError{what: what, id: id} }
