package provider

import (
	"context"
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

// The one wording scheme for the diagnostics of a failed API call: summary "Unable to <verb>
// <object kind>", detail naming the object, the API's own message and what to do. Every
// resource, data source, list resource and action reports one through its
// providerData.apiError (the only caller of formatAPIError), so a broken PSA integration is
// explained once wherever it is met. Broken rules of the contract are reported by
// addViolations; plan-time texts only Terraform can word are in each type's x_messages.go.

// invalidImportIDDiagnostic is the one error for a malformed import ID: the value, the form
// expected and an example for the resource type.
func invalidImportIDDiagnostic(typeName, value, form, example string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid import ID",
		fmt.Sprintf("The import ID %q is not %s. For example: terraform import %s.example %s (or id = %q in an import block).",
			value, form, typeName, example, example))
}

// formatAPIError turns an error of the client into one diagnostic in the provider's
// wording scheme: summary "Unable to <verb> <kind>", detail naming the object, the API's
// own message and request id, and what to do. whatToDo, when not empty, replaces the
// generic advice (for example a 409 that has a specific fix).
func formatAPIError(verb, kind, object string, err error, whatToDo string) diag.Diagnostic {
	if e, ok := asPSAAPIError(err); ok {
		return formatPSAError(verb, kind, object, err, e, whatToDo)
	}
	summary := "Unable to " + verb + " " + kind
	var b strings.Builder

	var authErr *client.AuthError
	var apiErr *client.APIError
	switch {
	case client.IsIntegrationProblem(err):
		errors.As(err, &apiErr)
		psa := psaOfPath(apiErr.Path)
		if apiErr.Code == api.ErrorCodeIntegrationNotConnected {
			fmt.Fprintf(&b, "Nothing of %s can be read or written: %s is not connected to this partner account "+
				"(%s): %s.", psa.DisplayName(), psa.DisplayName(), apiErr.Code, strings.TrimSuffix(apiErr.Message, "."))
		} else {
			fmt.Fprintf(&b, "Nothing of %s can be read or written: Sophos Central says its PSA integration is not usable "+
				"(%s): %s.", psa.DisplayName(), apiErr.Code, strings.TrimSuffix(apiErr.Message, "."))
		}
		if apiErr.RequestID != "" {
			fmt.Fprintf(&b, "\nRequest id: %s", apiErr.RequestID)
		}
		if apiErr.Code == api.ErrorCodeIntegrationNotConnected {
			fmt.Fprintf(&b, "\n\nThis is not about %s: connect %s first, with a sophos_psa_integration resource (psa = %q) "+
				"in this or another configuration, or in Sophos Central Partner (Settings & policies > API & Integrations > PSA "+
				"Integration); then plan again. A resource that takes its psa from that integration's id is planned after it.",
				object, psa.DisplayName(), psa)
			return diag.NewErrorDiagnostic(psa.DisplayName()+" not connected", b.String())
		}
		fmt.Fprintf(&b, "\n\nThis is not about %s: fix the %s integration in Sophos Central Partner (Settings & policies > "+
			"API & Integrations > PSA Integration; expired or revoked PSA API credentials are the usual cause, and a "+
			"sophos_psa_integration resource rotates them), then plan again.", object, psa.DisplayName())
		return diag.NewErrorDiagnostic(psa.DisplayName()+" integration not usable", b.String())
	case errors.As(err, &authErr):
		fmt.Fprintf(&b, "Sophos Central refused the API credential while trying to %s %s: %s", verb, object, clientErrorText(err))
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
		fmt.Fprintf(&b, "Could not %s %s: %s", verb, object, clientErrorText(err))
		if whatToDo == "" {
			whatToDo = "Check that api_url and auth_url point at Sophos Central (or the local emulator) and that it is reachable, then try again."
		}
	}
	if whatToDo != "" {
		fmt.Fprintf(&b, "\n\n%s", whatToDo)
	}
	if verb == "create" && mayHaveBeenWritten(err) {
		fmt.Fprintf(&b, "\n\nThe create may have reached Sophos Central before its answer was lost (it was repeated, "+
			"with the same Idempotency-Key, as often as max_retries allows). Plan again when it answers: if it did, the "+
			"plan says that %s exists but is not in this state, with the import block that takes it into state.", object)
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
	return capitalize(object) + " changed since Terraform last read it (in the Sophos Central Partner console or the " +
		"PSA, or written by another API client or Terraform state). Run `terraform plan` again to see the change, then apply."
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
		return clientErrorText(err)
	case errors.As(err, &apiErr):
		return fmt.Sprintf("Looking up the partner with GET /whoami/v1 failed: %s. Check the credential, or set partner_id.", apiErr.Error())
	default:
		return clientErrorText(err) + ". Check that auth_url and api_url are right and reachable."
	}
}

// addViolations reports broken rules of the contract (internal/rules, worded with
// terraformFields or integrationTerraformFields) as diagnostics on the attribute they are
// about, nested ones ("connectwise.site") included. more, when not nil, adds what only the
// provider knows to a violation's detail ("" for nothing).
func addViolations(diags *diag.Diagnostics, vs rules.Violations, more func(rules.Violation) string) {
	for _, v := range vs {
		detail := v.Message
		if more != nil {
			if extra := more(v); extra != "" {
				detail += " " + strings.TrimSpace(extra)
			}
		}
		if v.Kind == rules.Warning {
			diags.AddAttributeWarning(fieldPath(v.Field), v.Summary, detail)
		} else {
			diags.AddAttributeError(fieldPath(v.Field), v.Summary, detail)
		}
	}
}

// fieldPath turns a rules field name ("connectwise.site") into an attribute path.
func fieldPath(field string) path.Path {
	parts := strings.Split(field, ".")
	p := path.Root(parts[0])
	for _, name := range parts[1:] {
		p = p.AtName(name)
	}
	return p
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

// apiError is the diagnostic of a failed API call (formatAPIError) for a resource, data
// source, list resource or action of this provider instance. What is not about the object
// is explained in full once per run and referred to after, so one cause reads as one error,
// not one long error per resource: a PSA integration that is not usable or not connected
// (per PSA), a PSA's own API that is not (per PSA, a final psaAPIError), and Sophos Central
// not answering (no answer, or only server errors and throttling after every retry).
func (p *providerData) apiError(verb, kind, object string, err error, whatToDo string) diag.Diagnostic {
	if e, ok := asPSAAPIError(err); ok { // a PSA's own API: never Sophos Central's, explained once when final
		if e.final && !p.ledger.explainOnce(psaAPITopic(e.psa)) {
			return referToPSAAPIError(object, e.psa)
		}
		return formatAPIError(verb, kind, object, err, whatToDo)
	}
	var apiErr *client.APIError
	switch {
	case client.IsIntegrationProblem(err) && errors.As(err, &apiErr):
		psa := psaOfPath(apiErr.Path)
		full := formatAPIError(verb, kind, object, err, whatToDo)
		if p.ledger.explainOnce(integrationTopic(psa)) {
			return full
		}
		return diag.NewErrorDiagnostic(full.Summary(), fmt.Sprintf("Not done for %s, as the error %q of this run explains.", object, full.Summary()))
	case notAnswering(err):
		full := formatAPIError(verb, kind, object, err, whatToDo)
		if p.ledger.explainOnce(explainTopic{kind: explainUnreachable}) {
			return full
		}
		short := fmt.Sprintf("Could not %s %s: %s, as an earlier error of this run explains in full.", verb, object, notAnsweringText)
		if verb == "create" || verb == "update" || verb == "delete" {
			short += " The write may have reached it before the answer was lost: the next plan shows what it holds."
		}
		return diag.NewErrorDiagnostic(full.Summary(), short)
	}
	return formatAPIError(verb, kind, object, err, whatToDo)
}

// notAnsweringText says, in the errors that refer to the first one, that Sophos Central did
// not answer (notAnswering).
const notAnsweringText = "Sophos Central did not answer"

// notAnswering reports an error that says nothing about the object: no answer at all (the
// host unreachable, the request budget spent), or only server errors or throttling after
// every retry.
func notAnswering(err error) bool {
	var apiErr *client.APIError
	var authErr *client.AuthError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode >= http.StatusInternalServerError || apiErr.StatusCode == http.StatusTooManyRequests
	}
	var configErr *client.ConfigError
	return !errors.As(err, &authErr) && !errors.As(err, &configErr) && !errors.Is(err, context.Canceled)
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
// check.
func clientSetupDetail(err error) string {
	var ce *client.ConfigError
	if errors.As(err, &ce) {
		return clientErrorText(err)
	}
	return fmt.Sprintf("%s. Check the provider settings client_id, client_secret, auth_url and api_url "+
		"(or the %s, %s, %s and %s environment variables).", strings.TrimSuffix(err.Error(), "."), envClientID, envClientSecret, envAuthURL, envAPIURL)
}

// clientErrorText is an error of the client as the provider's user reads it: the client
// names its own settings (client.Setting), and this says which provider argument and
// environment variable set them.
func clientErrorText(err error) string {
	var (
		configErr   *client.ConfigError
		authErr     *client.AuthError
		serviceErr  *client.AuthServiceError
		redirectErr *client.RedirectError
		budgetErr   *client.BudgetError
	)
	text := strings.TrimSuffix(err.Error(), ".")
	switch {
	case errors.As(err, &configErr):
		arg := providerArgOf(configErr.Setting)
		problem := fmt.Sprintf("%s: %s", arg.attr, strings.TrimSuffix(configErr.Err.Error(), "."))
		if configErr.IsRequired() {
			problem = arg.attr + " is required"
		}
		return fmt.Sprintf("%s. Check %s in the provider block or the %s environment variable.", problem, arg.attr, arg.env)
	case errors.As(err, &authErr):
		return fmt.Sprintf("%s. Check client_id and client_secret (%s, %s) and auth_url.", text, envClientID, envClientSecret)
	case errors.As(err, &serviceErr):
		return fmt.Sprintf("%s; if it persists, check that auth_url (%s) names the Sophos authentication host", text, envAuthURL)
	case errors.As(err, &redirectErr):
		arg := providerArgOf(redirectErr.Setting)
		text = fmt.Sprintf("%s. Check %s (%s): it must name the Sophos host itself, not one that redirects", text, arg.attr, arg.env)
		if redirectErr.Target != "" && redirectErr.Target != redirectErr.Configured {
			text += fmt.Sprintf("; set it to %s only if that is a Sophos host you trust", redirectErr.Target)
		}
		return text
	case errors.As(err, &budgetErr):
		arg := providerArgOf(client.SettingRequestBudget)
		return fmt.Sprintf("%s (the request budget is %s, or the %s environment variable)", text, arg.attr, arg.env)
	}
	return err.Error()
}
