package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestMappingImportKeys: both mapping resources read an import by ID and by identity, and
// refuse a malformed one naming what was given, what each part must be and an example.
func TestMappingImportKeys(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		spec      mappingIdentity
		good, bad string // keys
		wantBad   []string
	}{
		{customerMappingIdentitySpec, seedCustomerAlpine, "Alpine Dental",
			[]string{"customer_id is the Sophos customer's id (a UUID)", `customer_id = "29946c86-596b-4918-b186-dbe32c6a986b"`}},
		{productMappingIdentitySpec, "Sophos_Intercept_X_Advanced", "Intercept X",
			[]string{"sophos_product is a Sophos product identifier", `sophos_product = "Sophos_Intercept_X_Advanced"`}},
	} {
		t.Run(tc.spec.typeName, func(t *testing.T) {
			identity := func(psa, key string) *tfsdk.ResourceIdentity {
				s := tc.spec.schema()
				typ := s.Type().TerraformType(ctx)
				return &tfsdk.ResourceIdentity{Schema: s, Raw: tftypes.NewValue(typ, map[string]tftypes.Value{
					"psa": tftypes.NewValue(tftypes.String, psa), tc.spec.key: tftypes.NewValue(tftypes.String, key)})}
			}
			for _, req := range []resource.ImportStateRequest{{ID: "autotask/" + tc.good}, {Identity: identity("autotask", tc.good)}} {
				var diags diag.Diagnostics
				if psa, key, ok := tc.spec.importKey(ctx, req, &diags); !ok || psa != "autotask" || key != tc.good {
					t.Errorf("import %+v: got %q %q %v, %v", req.ID, psa, key, ok, diags)
				}
			}
			for _, c := range []struct {
				req  resource.ImportStateRequest
				want []string
			}{
				{resource.ImportStateRequest{ID: "halopsa/" + tc.good}, []string{"Invalid import ID", "<psa>/<" + tc.spec.key + ">, where <psa> is"}},
				{resource.ImportStateRequest{Identity: identity("autotask", tc.bad)}, append([]string{"Invalid import identity", "psa is"}, tc.wantBad...)},
			} {
				var diags diag.Diagnostics
				if _, _, ok := tc.spec.importKey(ctx, c.req, &diags); ok || !diags.HasError() {
					t.Fatalf("want %+v refused", c.req.ID)
				}
				text := diags[0].Summary() + ": " + diags[0].Detail()
				for _, w := range c.want {
					if !strings.Contains(text, w) {
						t.Errorf("error does not contain %q:\n%s", w, text)
					}
				}
			}
		})
	}
}
