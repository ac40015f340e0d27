package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// The one wording scheme for diagnostics: summary "Unable to <verb> <object kind>", detail
// naming the object, the API's own message and what to do. Every resource and data source
// words its errors with these helpers.

// invalidImportIDDiagnostic is the one error for a malformed import ID: the value, the form
// expected and an example for the resource type.
func invalidImportIDDiagnostic(typeName, value, form, example string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid import ID",
		fmt.Sprintf("The import ID %q is not %s. For example: terraform import %s.example %s (or id = %q in an import block).",
			value, form, typeName, example, example))
}

// apiErrorDiagnostic turns an error of the client into one diagnostic in the provider's
// wording scheme: summary "Unable to <verb> <kind>", detail naming the object, the API's
// own message and request id, and what to do. whatToDo, when not empty, replaces the
// generic advice (for example a 409 that has a specific fix).
func apiErrorDiagnostic(verb, kind, object string, err error, whatToDo string) diag.Diagnostic {
	summary := "Unable to " + verb + " " + kind
	var b strings.Builder

	var authErr *client.AuthError
	var apiErr *client.APIError
	switch {
	case client.IsIntegrationProblem(err):
		errors.As(err, &apiErr)
		psa := psaOfPath(apiErr.Path)
		fmt.Fprintf(&b, "Nothing of %s can be read or written: Sophos Central says its PSA integration is not usable "+
			"(%s): %s.", psa.DisplayName(), apiErr.Code, strings.TrimSuffix(apiErr.Message, "."))
		if apiErr.RequestID != "" {
			fmt.Fprintf(&b, "\nRequest id: %s", apiErr.RequestID)
		}
		fmt.Fprintf(&b, "\n\nThis is not about %s: fix the %s integration in Sophos Central Partner (Settings & policies > "+
			"API & Integrations > PSA Integration; expired or revoked PSA API credentials are the usual cause), then plan again.",
			object, psa.DisplayName())
		return diag.NewErrorDiagnostic(psa.DisplayName()+" integration not usable", b.String())
	case errors.As(err, &authErr):
		fmt.Fprintf(&b, "Sophos Central refused the API credential while trying to %s %s: %s", verb, object, authErr.Error())
		return diag.NewErrorDiagnostic(summary, b.String())
	case errors.As(err, &apiErr):
		fmt.Fprintf(&b, "Sophos Central answered HTTP %d", apiErr.StatusCode)
		if apiErr.Code != "" {
			fmt.Fprintf(&b, " %s", apiErr.Code)
		}
		fmt.Fprintf(&b, " when asked to %s %s.", verb, object)
		if apiErr.Message != "" {
			fmt.Fprintf(&b, "\n\nAPI message: %s", apiErr.Message)
		}
		for _, d := range apiErr.Details {
			fmt.Fprintf(&b, "\n  - %s: %s", d.Field, d.Message)
			if d.Value != nil {
				fmt.Fprintf(&b, " (value %q)", *d.Value)
			}
			if d.Allowed != nil && len(*d.Allowed) > 0 {
				fmt.Fprintf(&b, " (valid values: %s)", strings.Join(*d.Allowed, ", "))
			}
		}
		if apiErr.RequestID != "" {
			fmt.Fprintf(&b, "\nRequest id: %s", apiErr.RequestID)
		}
		if whatToDo == "" {
			whatToDo = adviceForStatus(apiErr.StatusCode, object)
		}
	default:
		fmt.Fprintf(&b, "Could not %s %s: %s", verb, object, err)
		if whatToDo == "" {
			whatToDo = "Check that api_url and auth_url point at Sophos Central (or the local emulator) and that it is reachable, then try again."
		}
	}
	if whatToDo != "" {
		fmt.Fprintf(&b, "\n\n%s", whatToDo)
	}
	if verb == "create" && mayHaveBeenWritten(err) {
		fmt.Fprintf(&b, "\n\nThe create may have reached Sophos Central before its answer was lost. Apply again when it "+
			"answers: if it did, the plan says so and apply takes %s into state without writing it again.", object)
	}
	return diag.NewErrorDiagnostic(summary, b.String())
}

// mayHaveBeenWritten tells a failed write whose outcome is unknown (no answer, or a server
// error) from one the API refused.
func mayHaveBeenWritten(err error) bool {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode >= http.StatusInternalServerError
	}
	var authErr *client.AuthError
	return !errors.As(err, &authErr)
}

// adviceForStatus is the generic "what to do" for an API status.
func adviceForStatus(status int, object string) string {
	switch status {
	case http.StatusPreconditionFailed:
		return preconditionFailedAdvice(object)
	case http.StatusNotFound:
		return capitalize(object) + " does not exist (any more). Run `terraform plan` again to see the change."
	case http.StatusForbidden:
		return "The API credential is not allowed to do this. Use a Sophos Central Partner credential with the Service Principal Super Admin role."
	case http.StatusUnauthorized:
		return "Check client_id and client_secret (" + envClientID + ", " + envClientSecret + ")."
	case http.StatusConflict:
		return "Resolve the conflict described by the API in Sophos Central Partner or in the configuration, then apply again."
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return "Correct the configuration as the API describes, then apply again."
	case http.StatusTooManyRequests:
		return "The API kept throttling requests after every retry. Wait a minute and try again, or lower -parallelism."
	}
	if status >= 500 {
		return "Sophos Central had a problem; it was retried (see max_retries). Try again later; if it persists, contact Sophos support with the request id."
	}
	return ""
}

// preconditionFailedAdvice explains a 412: the object changed since Terraform read it.
func preconditionFailedAdvice(object string) string {
	return capitalize(object) + " changed outside Terraform since it was last read (someone edited it in " +
		"Sophos Central Partner or the PSA). Run `terraform plan` again to see the change, then apply."
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// authFailureDetail explains a failure to authenticate or discover the partner in Configure.
func authFailureDetail(err error) string {
	var authErr *client.AuthError
	var apiErr *client.APIError
	switch {
	case errors.As(err, &authErr):
		return authErr.Error()
	case errors.As(err, &apiErr):
		return fmt.Sprintf("Looking up the partner with GET /whoami/v1 failed: %s. Check the credential, or set partner_id.", apiErr.Error())
	default:
		return err.Error() + ". Check that auth_url and api_url are right and reachable."
	}
}

// addViolations reports broken rules of the contract (internal/rules, worded with
// terraformFields) as diagnostics on the attribute they are about. more, when not nil,
// adds what only the provider knows to a violation's detail ("" for nothing).
func addViolations(diags *diag.Diagnostics, vs rules.Violations, more func(rules.Violation) string) {
	for _, v := range vs {
		detail := v.Message
		if more != nil {
			if extra := more(v); extra != "" {
				detail += " " + strings.TrimSpace(extra)
			}
		}
		if v.Kind == rules.Warning {
			diags.AddAttributeWarning(path.Root(v.Field), v.Summary, detail)
		} else {
			diags.AddAttributeError(path.Root(v.Field), v.Summary, detail)
		}
	}
}

// psaOfPath is the PSA a request path of the PSA Integration API is about.
func psaOfPath(p string) api.Psa {
	rest, ok := strings.CutPrefix(p, "/partner/v1/psa/")
	if !ok {
		return ""
	}
	psa, _, _ := strings.Cut(rest, "/")
	return api.Psa(psa)
}

// apiError is apiErrorDiagnostic for a resource or data source of this provider instance. A
// PSA integration that is not usable is explained in full once per PSA; every later
// resource of that PSA says only that it waits for it, so one broken integration reads as
// one error, not one long error per mapping.
func (p *providerData) apiError(verb, kind, object string, err error, whatToDo string) diag.Diagnostic {
	var apiErr *client.APIError
	if !client.IsIntegrationProblem(err) || !errors.As(err, &apiErr) {
		return apiErrorDiagnostic(verb, kind, object, err, whatToDo)
	}
	psa := psaOfPath(apiErr.Path)
	if p.ledger.explainOnce(psa) {
		return apiErrorDiagnostic(verb, kind, object, err, whatToDo)
	}
	return diag.NewErrorDiagnostic(psa.DisplayName()+" integration not usable",
		fmt.Sprintf("Not done for %s: the %s integration is not usable, as the error \"%s integration not usable\" of this run explains.",
			object, psa.DisplayName(), psa.DisplayName()))
}

// secretWhitespaceHint points out white space around the secret, which a value read with
// file() keeps (the file's final newline), when the credential was refused.
func secretWhitespaceHint(secret string) string {
	if secret == strings.TrimSpace(secret) {
		return ""
	}
	return "\n\nclient_secret starts or ends with white space (a newline, if it was read with file()); Sophos " +
		"compares the secret exactly. Use trimspace(file(...)) or remove the white space."
}

// clientSetupDetail explains a failure to build the API client and names the setting to
// check: the client's errors start with the name of the setting they are about.
func clientSetupDetail(err error) string {
	msg := strings.TrimSuffix(err.Error(), ".")
	for _, s := range []struct{ attr, env string }{
		{"client_id", envClientID}, {"client_secret", envClientSecret}, {"auth_url", envAuthURL}, {"api_url", envAPIURL},
	} {
		if strings.HasPrefix(msg, s.attr) {
			return fmt.Sprintf("%s. Check %s in the provider block or the %s environment variable.", msg, s.attr, s.env)
		}
	}
	return fmt.Sprintf("%s. Check the provider settings client_id, client_secret, auth_url and api_url "+
		"(or the %s, %s, %s and %s environment variables).", msg, envClientID, envClientSecret, envAuthURL, envAPIURL)
}
