package provider

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	cwclient "github.com/psa-iac/terraform-provider-sophos/internal/client/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// What reading and writing ConnectWise directly can fail with, and how the directory words
// it (a psaAPIError, provider_diagnostics_psa.go): which failures are final for the run,
// what to do about each, an object the integration would not show, a product changed since
// it was read, a product in use.

// connectWiseFinal reports a failure every later call of the run would meet too: refused
// keys or role, or ConnectWise not answering as its API does (unreachable, not ConnectWise,
// the request budget spent). An answer about one object (a field error, a 404, a 409), a
// product changed since it was read and a broken rule are not.
func connectWiseFinal(err error) bool {
	var (
		apiErr  *cwclient.APIError
		changed *changedSinceReadError
		rule    rules.Violation
	)
	if cwclient.IsAuth(err) {
		return true
	}
	return !errors.As(err, &apiErr) && !errors.As(err, &changed) && !errors.As(err, &rule)
}

// connectWiseAdvice is what to do about a failed call (the client's errors name the setting
// already; this adds what the provider's user does next).
func connectWiseAdvice(err error) string {
	var (
		changed *changedSinceReadError
		apiErr  *cwclient.APIError
		rule    rules.Violation
		budget  *psahttp.BudgetError
	)
	switch {
	case errors.As(err, &changed):
		return "Run `terraform plan` again to see the change, then apply."
	case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusForbidden:
		return "" // the client's text says which role to change
	case cwclient.IsAuth(err):
		return "The keys and clientId are the connectwise block's (or the CONNECTWISE_* environment variables)."
	case errors.As(err, &apiErr):
		return connectWiseStatusAdvice(apiErr.StatusCode)
	case errors.As(err, &rule):
		return ""
	case errors.As(err, &budget):
		return fmt.Sprintf("ConnectWise PSA throttled this run and asked it to wait longer than the request budget allows (request_budget, %s). "+
			"Wait until then and try again, or raise request_budget.", envBudget)
	}
	return "Check the connectwise block: site (CONNECTWISE_SITE) must name the ConnectWise host, which must answer " +
		"over https with a certificate the system trusts (or ca_certificate_file names its authority), and company_id " +
		"the company you log in with. Then try again."
}

// connectWiseStatusAdvice is what to do about an answer of ConnectWise with status.
func connectWiseStatusAdvice(status int) string {
	switch status {
	case http.StatusNotFound:
		return "It does not exist in ConnectWise PSA (any more). Run `terraform plan` again to see the change."
	case http.StatusConflict:
		return "Resolve the conflict ConnectWise PSA describes, in ConnectWise PSA or in the configuration, then apply again."
	case http.StatusBadRequest:
		return "Correct the configuration as ConnectWise PSA describes, then apply again."
	case http.StatusTooManyRequests:
		return fmt.Sprintf("ConnectWise PSA kept throttling requests after every retry; it throttles integrations that send more than about "+
			"%d requests a minute, counting every integration of the site. Wait a minute and try again, or lower -parallelism.",
			cw.ThrottlingLikelyPerMinute)
	}
	if status >= 500 {
		return "ConnectWise PSA had a problem; reads were retried (see max_retries). Try again later."
	}
	return ""
}

// notFoundError is an object the PSA has but the integration would not show (a company in
// the recycle bin, a cancelled agreement): not found, as through the integration.
type notFoundError struct{ what string }

func (e *notFoundError) Error() string { return e.what }

// changedSinceReadError is a ConnectWise product changed since Terraform read it (its
// _info.lastUpdated differs from the one read at refresh): the 412 of a PSA without ETags.
type changedSinceReadError struct {
	// Current is the product as it is now; By and At who changed it last and when
	// (ConnectWise's _info.updatedBy and lastUpdated); Read the lastUpdated read at refresh.
	Current      *api.PsaProduct
	By, At, Read string
}

func (e *changedSinceReadError) Error() string {
	return fmt.Sprintf("ConnectWise product %d changed since it was read (lastUpdated %s, read at %s)", e.Current.Id, e.At, e.Read)
}

// asChangedSinceRead is err as a changedSinceReadError.
func asChangedSinceRead(err error) (*changedSinceReadError, bool) {
	var changed *changedSinceReadError
	return changed, errors.As(err, &changed)
}

// productInUseError is a deletion the PSA refused because agreement additions or invoices
// use the product; it can be retired (made inactive) instead.
type productInUseError struct{ Err error }

func (e *productInUseError) Error() string { return e.Err.Error() }
func (e *productInUseError) Unwrap() error { return e.Err }

// isProductInUse reports a deletion refused because the product is in use, by ConnectWise
// itself or through the integration (409 ProductInUse).
func isProductInUse(err error) bool {
	var inUse *productInUseError
	var apiErr *client.APIError
	return errors.As(err, &inUse) || (errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusConflict && apiErr.Code == api.ErrorCodeProductInUse)
}
