package emulator

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/apiserver"
)

// TestUncleanPathsAnswer404 sends paths with "." and ".." segments and repeated slashes:
// they answer 404 in the Error shape, never a redirect (the contract has none).
func TestUncleanPathsAnswer404(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, p := range []string{
		"/partner/v1/./tenants",
		"/partner//v1/tenants",
		"/partner/v1/psa/../tenants",
		"//whoami/v1",
		"/whoami/v1/.",
		"/partner/v1/psa/connectwise/products/101/..",
		"/_emulator/../_emulator/healthz",
		"/_emulator//healthz",
		"/_emulator",
	} {
		t.Run(p, func(t *testing.T) {
			r, err := en.try(client, req{path: p})
			if err != nil {
				t.Fatal(err)
			}
			if r.status != http.StatusNotFound || r.header.Get("Location") != "" {
				t.Fatalf("%d (Location %q): %s", r.status, r.header.Get("Location"), r.body)
			}
			if e := apiError(t, r); e.Error != "NotFound" {
				t.Fatalf("error = %+v", e)
			}
		})
	}
	// Clean paths still work.
	en.get("/partner/v1/tenants", nil)
	en.expect(http.StatusOK, req{path: "/_emulator/healthz"})
}

// TestContractDeclaresErrorResponses checks the OpenAPI document against what the emulator
// answers: every operation with parameters, a body or an Idempotency-Key declares 400, every
// write declares Idempotency-Key and 422, and every PSA operation declares 409 (PSA not
// connected).
func TestContractDeclaresErrorResponses(t *testing.T) {
	t.Parallel()
	spec, err := apiserver.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			if path == tokenPath { // the auth host: no Idempotency-Key, its own error shape
				continue
			}
			has := func(code string) bool { return op.Responses.Value(code) != nil }
			write := method != http.MethodGet
			inputs := op.RequestBody != nil || write
			idempotencyKey := false
			for _, p := range append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...) {
				switch {
				case p.Value.In == openapi3.ParameterInPath || p.Value.In == openapi3.ParameterInQuery:
					inputs = true
				case p.Value.In == openapi3.ParameterInHeader && p.Value.Name == "Idempotency-Key":
					idempotencyKey = true
				}
			}
			if inputs && !has("400") {
				problems = append(problems, op.OperationID+": no 400")
			}
			if write && !idempotencyKey {
				problems = append(problems, op.OperationID+": no Idempotency-Key parameter")
			}
			if write && !has("422") {
				problems = append(problems, op.OperationID+": no 422")
			}
			// The integration itself answers whether or not the PSA is connected.
			if strings.HasPrefix(path, "/partner/v1/psa/{psa}/") && path != "/partner/v1/psa/{psa}/integration" && !has("409") {
				problems = append(problems, op.OperationID+": no 409")
			}
		}
	}
	sort.Strings(problems)
	if len(problems) > 0 {
		t.Fatalf("the contract misses responses the emulator gives:\n%s", strings.Join(problems, "\n"))
	}
}

// TestNewlyDeclaredErrorResponses exercises responses the contract now declares.
func TestNewlyDeclaredErrorResponses(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.expectError(http.StatusBadRequest, "BadRequest", req{path: cwProducts + "/abc"}, "productId")
	en.expectError(http.StatusBadRequest, "BadRequest", req{path: "/partner/v1/psa/nope/companies/250"}, "connectwise, autotask")
	en.expectError(http.StatusBadRequest, "BadRequest", req{path: "/partner/v1/psa/autotask/customer-mappings/nope"}, "customerId")
	en.expectError(http.StatusBadRequest, "BadRequest", req{path: "/partner/v1/psa/connectwise/product-mappings?pageSize=0"}, "pageSize")

	key := map[string]string{"Idempotency-Key": "reused"}
	en.expect(http.StatusOK, req{method: http.MethodPost, path: cmPath + alpineDental + "/refresh", headers: key})
	en.expectError(http.StatusUnprocessableEntity, "UnprocessableEntity", req{method: http.MethodPost, path: cmPath + alpineDental + "/refresh?again=1", headers: key}, "reused")
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: cmPath + bayside, headers: key})
	en.expectError(http.StatusUnprocessableEntity, "UnprocessableEntity", req{method: http.MethodDelete, path: cmPath + bayside, body: `{}`, headers: key}, "reused")

	if err := en.e.Admin().SetIntegrationStatus(api.PsaAutotask, api.IntegrationStatusNotConfigured); err != nil {
		t.Fatal(err)
	}
	en.expectError(http.StatusConflict, "IntegrationNotConnected", req{path: "/partner/v1/psa/autotask/companies/29682002"}, "not connected")
}
