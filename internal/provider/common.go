package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// psaValidators validates a `psa` attribute at plan time.
func psaValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf(api.Strings(api.PSAs())...)}
}

// psaDescription describes a `psa` attribute: what it selects, then the valid values.
func psaDescription(what string) string {
	return what + " One of " + markdownList(api.Strings(api.PSAs())) + "."
}

// alreadyMappedSummary is the summary of the error every mapping resource gives when create
// finds its object already mapped outside Terraform.
const alreadyMappedSummary = "Already mapped outside Terraform"

// invalidImportIDDiagnostic is the one error for a malformed import ID: the value, the form
// expected and an example for the resource type.
func invalidImportIDDiagnostic(typeName, value, form, example string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid import ID",
		fmt.Sprintf("The import ID %q is not %s. For example: terraform import %s.example %s (or id = %q in an import block).",
			value, form, typeName, example, example))
}

// markdownList renders values as "`a`, `b` or `c`".
func markdownList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	if len(quoted) == 1 {
		return quoted[0]
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}

// uuidPattern matches a UUID in its canonical text form.
var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func isUUID(s string) bool { return uuidPattern.MatchString(s) }

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
	return diag.NewErrorDiagnostic(summary, b.String())
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

// keepPlanned is the value a write stores for a computed attribute: the API's value where
// the plan left it unknown, and otherwise the value the plan showed, null included.
// Terraform rejects a result that differs from a known planned value, so a name taken from
// state at plan time is kept even if it was renamed before apply (the next refresh brings
// the new one), and a planned null stays null.
func keepPlanned(planned, applied types.String) types.String {
	if planned.IsUnknown() {
		return applied
	}
	return planned
}

// etagKey is the private-state key holding the ETag of the object as last read or written.
const etagKey = "etag"

// privateGetter and privateSetter are the parts of the framework's private state used here.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// setETag keeps etag in private state, to be sent back as If-Match on the next write.
func setETag(ctx context.Context, private privateSetter, etag string) diag.Diagnostics {
	if etag == "" {
		return private.SetKey(ctx, etagKey, nil)
	}
	b, err := json.Marshal(etag)
	if err != nil {
		var d diag.Diagnostics
		d.AddError("Unable to keep the object's version", err.Error())
		return d
	}
	return private.SetKey(ctx, etagKey, b)
}

// getETag returns the ETag kept by setETag, or "" (write unconditionally) when none was
// ever kept. An ETag that cannot be read is an error, not "": writing without If-Match
// would silently overwrite a change made outside Terraform.
func getETag(ctx context.Context, private privateGetter) (string, diag.Diagnostics) {
	b, diags := private.GetKey(ctx, etagKey)
	if diags.HasError() || len(b) == 0 {
		return "", diags
	}
	var etag string
	if err := json.Unmarshal(b, &etag); err != nil {
		diags.AddError("Unable to read the object's version",
			fmt.Sprintf("The version (ETag) Terraform keeps in private state to detect changes made outside Terraform "+
				"cannot be read: %s. Run `terraform apply -refresh-only` to read the object again, then apply.", err))
		return "", diags
	}
	return etag, diags
}

// configured holds what a resource or data source gets from the provider's Configure.
type configured struct {
	client           *client.Client
	reference        *catalogReferenceCache
	customerMappings *customerMappingCache
}

func (c *configured) configure(data any, diags *diag.Diagnostics) {
	pd, d := providerDataFrom(data)
	diags.Append(d...)
	if pd == nil {
		return
	}
	c.client, c.reference, c.customerMappings = pd.client, pd.reference, pd.customerMappings
}

// dataSourceBase gives a data source its Configure method; embed it.
type dataSourceBase struct{ configured }

// Configure takes the provider's client; before the provider is configured there is none.
func (b *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.configure(req.ProviderData, &resp.Diagnostics)
}

// resourceBase gives a resource its Configure method; embed it.
type resourceBase struct{ configured }

// Configure takes the provider's client; before the provider is configured there is none.
func (b *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.configure(req.ProviderData, &resp.Diagnostics)
}

// providerDataFrom checks the value the provider handed to a resource or data source. It
// returns nil with no diagnostics when the provider is not configured yet.
func providerDataFrom(data any) (*providerData, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil {
		return nil, diags
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *provider.providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil, diags
	}
	return pd, diags
}
