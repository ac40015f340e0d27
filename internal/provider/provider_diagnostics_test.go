package provider

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

func TestAPIErrorDiagnostic(t *testing.T) {
	value := "Widget"
	allowed := []string{"Service", "NonInventory"}
	for _, tc := range []struct {
		name        string
		err         error
		whatToDo    string
		wantSummary string
		wantDetail  []string
	}{
		{
			name:        "precondition failed",
			err:         &client.APIError{Method: "PUT", Path: "/x", StatusCode: 412, Code: "PreconditionFailed", Message: "changed since it was read", RequestID: "req-1"},
			wantSummary: "Unable to update ConnectWise product",
			wantDetail: []string{
				`HTTP 412 PreconditionFailed when asked to update ConnectWise product "X" (id 7)`,
				"API message: changed since it was read",
				"Request id: req-1",
				`ConnectWise product "X" (id 7) changed since Terraform last read it (in the Sophos Central Partner console or the PSA, or written by another API client or Terraform state). Run ` + "`terraform plan`" + ` again to see the change, then apply.`,
			},
		},
		{
			name:        "validation with field details",
			err:         &client.APIError{StatusCode: 400, Code: "BadRequest", Message: "invalid product", Details: []api.FieldError{{Field: "productClass", Message: "unknown", Value: &value, Allowed: &allowed}}},
			wantSummary: "Unable to update ConnectWise product",
			wantDetail:  []string{`productClass: unknown (value "Widget") (valid values: Service, NonInventory)`, "Correct the configuration"},
		},
		{
			name:        "specific advice wins",
			err:         &client.APIError{StatusCode: 409, Code: "Conflict", Message: "in use"},
			whatToDo:    "Import it instead.",
			wantSummary: "Unable to update ConnectWise product",
			wantDetail:  []string{"API message: in use", "Import it instead."},
		},
		{
			name:        "authentication",
			err:         &client.AuthError{StatusCode: 401, Code: "oauth.invalid_client_secret", Message: "wrong secret"},
			wantSummary: "Unable to update ConnectWise product",
			wantDetail:  []string{"refused the API credential", "oauth.invalid_client_secret", "SOPHOS_CLIENT_SECRET"},
		},
		{
			name:        "network",
			err:         errors.New("dial tcp: connection refused"),
			wantSummary: "Unable to update ConnectWise product",
			wantDetail:  []string{"connection refused", "api_url"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := formatAPIError("update", "ConnectWise product", describeProduct("X", "7"), tc.err, tc.whatToDo)
			if d.Summary() != tc.wantSummary {
				t.Errorf("summary %q, want %q", d.Summary(), tc.wantSummary)
			}
			for _, want := range tc.wantDetail {
				if !strings.Contains(d.Detail(), want) {
					t.Errorf("detail does not contain %q:\n%s", want, d.Detail())
				}
			}
		})
	}
}

// TestClientErrorText: the client's typed errors name its own settings; the provider says
// which argument and environment variable set them.
func TestClientErrorText(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want []string
	}{
		{&client.AuthError{StatusCode: 401, Code: "oauth.invalid_client_secret"}, []string{"oauth.invalid_client_secret", "Check client_id and client_secret (SOPHOS_CLIENT_ID, SOPHOS_CLIENT_SECRET) and auth_url."}},
		{&client.AuthServiceError{Host: "id.example", StatusCode: 503}, []string{"retry later", "check that auth_url (SOPHOS_AUTH_URL) names the Sophos authentication host"}},
		{&client.RedirectError{Setting: client.SettingAPIURL, Method: "GET", Path: "/x", StatusCode: 307, Target: "https://evil.example", Configured: "https://api.example"},
			[]string{"HTTP 307 redirect to https://evil.example", "Check api_url (SOPHOS_API_URL): it must name the Sophos host itself", "set it to https://evil.example only if"}},
		{&client.RedirectError{Setting: client.SettingAuthURL, StatusCode: 302}, []string{"Check auth_url (SOPHOS_AUTH_URL)"}},
		{&client.BudgetError{Budget: time.Minute}, []string{"request budget of 1m0s", "request_budget, or the SOPHOS_REQUEST_BUDGET environment variable"}},
		{&client.ConfigError{Setting: client.SettingAPIURL, Err: errors.New("has a path")}, []string{"api_url: has a path. Check api_url in the provider block or the SOPHOS_API_URL environment variable."}},
		{fmt.Errorf("whoami: %w", &client.AuthError{StatusCode: 400}), []string{"whoami: Sophos authentication failed (HTTP 400)", "Check client_id and client_secret"}},
	} {
		got := clientErrorText(tc.err)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("clientErrorText(%T) = %q, want it to contain %q", tc.err, got, w)
			}
		}
	}
	if got := clientErrorText(errors.New("dial tcp: refused")); got != "dial tcp: refused" {
		t.Errorf("an untyped error is left as it is, got %q", got)
	}
}

// TestAddViolations: one renderer for every rule violation: on its attribute, nested ones
// included, as an error or a warning, with what only the provider adds.
func TestAddViolations(t *testing.T) {
	var diags diag.Diagnostics
	addViolations(&diags, rules.Violations{
		{Kind: rules.Invalid, Field: "connectwise.site", Summary: "Invalid site", Message: "Bad site."},
		{Kind: rules.Warning, Field: "contract_id", Summary: "Heads up", Message: "Look."},
	}, func(v rules.Violation) string {
		if v.Field == "contract_id" {
			return " More. "
		}
		return ""
	})
	if len(diags) != 2 {
		t.Fatalf("want 2 diagnostics, got %v", diags)
	}
	site, ok := diags[0].(diag.DiagnosticWithPath)
	if !ok || !site.Path().Equal(path.Root("connectwise").AtName("site")) || diags[0].Severity() != diag.SeverityError || diags[0].Detail() != "Bad site." {
		t.Errorf("nested violation: %v", diags[0])
	}
	contract, ok := diags[1].(diag.DiagnosticWithPath)
	if !ok || !contract.Path().Equal(path.Root("contract_id")) || diags[1].Severity() != diag.SeverityWarning || diags[1].Detail() != "Look. More." {
		t.Errorf("warning: %v", diags[1])
	}
}

// TestAPIErrorsHaveOneEntryPoint: only providerData.apiError formats an API error, so a
// broken integration is explained once whichever type meets it first.
func TestAPIErrorsHaveOneEntryPoint(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	calls := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "formatAPIError" {
					calls++
					if name != "provider_diagnostics.go" {
						t.Errorf("%s: formatAPIError called directly; use the providerData's apiError", fset.Position(call.Pos()))
					}
				}
			}
			return true
		})
	}
	if calls == 0 {
		t.Fatal("formatAPIError is called nowhere: the check proves nothing")
	}
}
