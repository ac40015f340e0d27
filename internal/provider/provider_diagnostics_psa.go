package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cwclient "github.com/psa-iac/terraform-provider-sophos/internal/client/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// The wording of a failed call to a PSA's own API (the provider's connectwise or autotask
// block, provider_directory.go), in the scheme of provider_diagnostics.go: summary "Unable to
// <verb> <kind>", detail naming the object, the PSA's own words (its message and the field it
// names), the setting and what to do, never blaming Sophos Central or the console for what
// the PSA said. A final error (every later call of the run would fail the same way: refused
// credentials, an unreachable host, Autotask's threshold) is summarised "<PSA> API not
// usable", explained in full once per PSA and referred to afterwards. Each directory
// classifies its PSA's errors (provider_directory_connectwise_errors.go,
// provider_directory_autotask_errors.go).

// psaAPIError is an error of a PSA's own API, not of Sophos Central.
type psaAPIError struct {
	psa api.Psa
	err error
	// advice is what to do, when err's own text does not say it.
	advice string
	// final: every call of this PSA in this run fails the same way.
	final bool
}

func (e *psaAPIError) Error() string { return e.err.Error() }
func (e *psaAPIError) Unwrap() error { return e.err }

// markPSAError marks err as an error of psa's own API, with advice and final as the
// directory classifies it; an error marked already is returned as it is.
func markPSAError(psa api.Psa, err error, advice func(error) string, final func(error) bool) error {
	if err == nil {
		return nil
	}
	if _, ok := asPSAAPIError(err); ok {
		return err
	}
	return &psaAPIError{psa: psa, err: err, advice: advice(err), final: final(err)}
}

// asPSAAPIError finds a psaAPIError in err.
func asPSAAPIError(err error) (*psaAPIError, bool) {
	var e *psaAPIError
	return e, errors.As(err, &e)
}

// psaAPIProblem is the summary of a final psaAPIError, and of the errors that refer to it.
func psaAPIProblem(psa api.Psa) string { return psa.DisplayName() + " API not usable" }

// formatPSAError is formatAPIError for e, found in err. whatToDo, when not empty, replaces
// e's advice.
func formatPSAError(verb, kind, object string, err error, e *psaAPIError, whatToDo string) diag.Diagnostic {
	name := e.psa.DisplayName()
	summary := "Unable to " + verb + " " + kind
	if e.final {
		summary = psaAPIProblem(e.psa)
	}
	if whatToDo == "" {
		whatToDo = e.advice
	}
	var (
		b       strings.Builder
		changed *changedSinceReadError
		authErr *cwclient.AuthError
		apiErr  *cwclient.APIError
		rule    rules.Violation
	)
	switch {
	case errors.As(err, &changed):
		fmt.Fprintf(&b, "%s changed since Terraform last read it: %s says it was last updated at %s", capitalize(object), name, changed.At)
		if changed.By != "" {
			fmt.Fprintf(&b, " by %s", changed.By)
		}
		fmt.Fprintf(&b, ", after Terraform read it (as of %s). Nothing was written.", changed.Read)
	case errors.As(err, &authErr):
		fmt.Fprintf(&b, "%s refused to let this provider %s %s. %s.", name, verb, object, strings.TrimSuffix(authErr.Error(), "."))
	case errors.As(err, &apiErr):
		fmt.Fprintf(&b, "%s answered HTTP %d", name, apiErr.StatusCode)
		if apiErr.Code != "" {
			fmt.Fprintf(&b, " %s", apiErr.Code)
		}
		fmt.Fprintf(&b, " when asked to %s %s.", verb, object)
		if apiErr.Message != "" {
			fmt.Fprintf(&b, "\n\n%s's message: %s", name, apiErr.Message)
		}
		for _, f := range apiErr.Errors {
			b.WriteString("\n  - " + cwclient.FieldText(f))
		}
	default:
		fmt.Fprintf(&b, "Could not %s %s in %s through its own API (the provider's %s block): %s.", verb, object, name, e.psa,
			strings.TrimSuffix(e.err.Error(), "."))
	}
	if whatToDo != "" {
		fmt.Fprintf(&b, "\n\n%s", whatToDo)
	}
	if verb == "create" && !errors.As(err, &authErr) && !errors.As(err, &rule) &&
		(!errors.As(err, &apiErr) || apiErr.StatusCode >= http.StatusInternalServerError) {
		fmt.Fprintf(&b, "\n\nThe create may have reached %s before its answer was lost. If it did, the next plan finds "+
			"the identifier taken and gives the import block to take %s into state.", name, object)
	}
	return diag.NewErrorDiagnostic(summary, b.String())
}

// referToPSAAPIError is the diagnostic of an error of psa's own API that an earlier error
// of this run explained in full (providerData.apiError).
func referToPSAAPIError(object string, psa api.Psa) diag.Diagnostic {
	return diag.NewErrorDiagnostic(psaAPIProblem(psa),
		fmt.Sprintf("Not done for %s: %s's own API refused this provider, could not be reached or is over its limits in this run, "+
			"as the first error of this run about %s explains.", object, psa.DisplayName(), psa.DisplayName()))
}
