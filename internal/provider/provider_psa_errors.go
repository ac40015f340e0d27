package provider

import (
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// psaAPIError is a failure reading a PSA through its own API (the provider block's PSA
// block, provider_directory.go), worded for the provider's user: the PSA client's text names
// the setting or object, advice says what to do. The diagnostics scheme
// (provider_diagnostics.go) reports it like any API error; a final one (credentials, zone,
// threshold, permission: every later read would fail the same way) is explained in full
// once per PSA and referred to afterwards.
type psaAPIError struct {
	psa    api.Psa
	err    error
	advice string
	// final: every read of this PSA in this run fails the same way; none is tried again.
	final bool
}

func (e *psaAPIError) Error() string { return e.err.Error() }
func (e *psaAPIError) Unwrap() error { return e.err }

// psaAPIProblem is the summary of a final psaAPIError, which later diagnostics refer to.
func psaAPIProblem(psa api.Psa) string { return psa.DisplayName() + " API not usable" }

// formatPSAAPIError is formatAPIError's wording of a psaAPIError.
func formatPSAAPIError(verb, kind, object string, e *psaAPIError, whatToDo string) (summary, detail string) {
	detail = fmt.Sprintf("Could not %s %s: reading %s through its own API (the provider's %s block) failed: %s",
		verb, object, e.psa.DisplayName(), e.psa, e.err)
	if whatToDo == "" {
		whatToDo = e.advice
	}
	if whatToDo != "" {
		detail += "\n\n" + whatToDo
	}
	summary = "Unable to " + verb + " " + kind
	if e.final {
		summary = psaAPIProblem(e.psa)
	}
	return summary, detail
}

// referToPSAAPIError is the diagnostic of an error of psa's own API that an earlier error
// of this run explained in full (psaExplainedOnce).
func referToPSAAPIError(verb, kind, object string, psa api.Psa) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Unable to "+verb+" "+kind,
		fmt.Sprintf("Not done for %s: %s's own API refused this provider or could not be reached in this run, as the first error of this run about %s explains.",
			object, psa.DisplayName(), psa.DisplayName()))
}

// asPSAAPIError finds a psaAPIError in err.
func asPSAAPIError(err error) (*psaAPIError, bool) {
	var e *psaAPIError
	return e, errors.As(err, &e)
}
