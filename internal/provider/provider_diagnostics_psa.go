package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	cwclient "github.com/psa-iac/terraform-provider-sophos/internal/client/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// The wording of a failed call to a PSA's own API (a directError), in the scheme of
// provider_diagnostics.go: summary "Unable to <verb> <kind>", detail naming the object, the
// PSA's own words (ConnectWise's message and the field it names) and what to do, never
// blaming Sophos Central or the console for what the PSA said.

// formatPSAError is formatAPIError for an error of a PSA's own API.
func formatPSAError(verb, kind, object string, err error, whatToDo string) diag.Diagnostic {
	summary := "Unable to " + verb + " " + kind
	var (
		b       strings.Builder
		changed *changedSinceReadError
		authErr *cwclient.AuthError
		apiErr  *cwclient.APIError
		rule    rules.Violation
		de      *directError
		budget  *psahttp.BudgetError
	)
	psa := api.PsaConnectwise
	if errors.As(err, &de) {
		psa = de.PSA
	}
	name := psa.DisplayName()
	switch {
	case errors.As(err, &changed):
		fmt.Fprintf(&b, "%s changed since Terraform last read it: %s says it was last updated at %s", capitalize(object), name, changed.At)
		if changed.By != "" {
			fmt.Fprintf(&b, " by %s", changed.By)
		}
		fmt.Fprintf(&b, ", after Terraform read it (as of %s). Nothing was written.", changed.Read)
		if whatToDo == "" {
			whatToDo = "Run `terraform plan` again to see the change, then apply."
		}
	case errors.As(err, &authErr):
		fmt.Fprintf(&b, "%s refused to let this provider %s %s. %s", name, verb, object, strings.TrimSuffix(authErr.Error(), "."))
		b.WriteString(". The keys and clientId are the connectwise block's (or the CONNECTWISE_* environment variables).")
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
		if whatToDo == "" {
			whatToDo = psaAdviceForStatus(name, apiErr.StatusCode, object)
		}
	case errors.As(err, &rule):
		fmt.Fprintf(&b, "Could not %s %s in %s: %s", verb, object, name, rule.Message)
	case errors.As(err, &budget):
		fmt.Fprintf(&b, "Could not %s %s in %s: %s.", verb, object, name, strings.TrimSuffix(err.Error(), "."))
		if whatToDo == "" {
			whatToDo = fmt.Sprintf("%s throttled this run and asked it to wait longer than the request budget allows (request_budget, %s). "+
				"Wait until then and try again, or raise request_budget.", name, envBudget)
		}
	default:
		fmt.Fprintf(&b, "Could not %s %s in %s: %s.", verb, object, name, strings.TrimSuffix(err.Error(), "."))
		if whatToDo == "" {
			whatToDo = "Check the connectwise block: site (CONNECTWISE_SITE) must name the ConnectWise host, which must answer " +
				"over https with a certificate the system trusts (or ca_certificate_file names its authority), and company_id " +
				"the company you log in with. Then try again."
		}
	}
	if whatToDo != "" {
		fmt.Fprintf(&b, "\n\n%s", whatToDo)
	}
	if verb == "create" && !errors.As(err, &authErr) && (apiErr == nil || apiErr.StatusCode >= http.StatusInternalServerError) && !errors.As(err, &rule) {
		fmt.Fprintf(&b, "\n\nThe create may have reached %s before its answer was lost. If it did, the next plan finds "+
			"the identifier taken and gives the import block to take %s into state.", name, object)
	}
	return diag.NewErrorDiagnostic(summary, b.String())
}

// psaAdviceForStatus is the generic "what to do" for a status of a PSA's own API.
func psaAdviceForStatus(name string, status int, object string) string {
	switch status {
	case http.StatusNotFound:
		return capitalize(object) + " does not exist in " + name + " (any more). Run `terraform plan` again to see the change."
	case http.StatusConflict:
		return "Resolve the conflict " + name + " describes, in " + name + " or in the configuration, then apply again."
	case http.StatusBadRequest:
		return "Correct the configuration as " + name + " describes, then apply again."
	case http.StatusTooManyRequests:
		return fmt.Sprintf("%s kept throttling requests after every retry; it throttles integrations that send more than about "+
			"%d requests a minute, counting every integration of the site. Wait a minute and try again, or lower -parallelism.",
			name, cw.ThrottlingLikelyPerMinute)
	}
	if status >= 500 {
		return name + " had a problem; reads were retried (see max_retries). Try again later."
	}
	return ""
}

// psaExplainedOnce is the PSA whose own API refusing the provider
// (credentials, an unreachable site) is explained in full once per run.
func psaExplainedOnce(err error) (api.Psa, bool) {
	if e, ok := asPSAAPIError(err); ok {
		return e.psa, e.final
	}
	var de *directError
	if !errors.As(err, &de) {
		return "", false
	}
	var apiErr *cwclient.APIError
	var authErr *cwclient.AuthError
	if errors.As(err, &apiErr) && !errors.As(err, &authErr) {
		return "", false // about one object: said for each
	}
	var changed *changedSinceReadError
	var rule rules.Violation
	if errors.As(err, &changed) || errors.As(err, &rule) {
		return "", false
	}
	return de.PSA, true
}
