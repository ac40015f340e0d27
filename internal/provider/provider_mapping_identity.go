package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// mappingIdentity is the identity of a mapping table's resource: the PSA and the row's key
// (the customer, the Sophos product), the two parts of its import ID "<psa>/<key>". The two
// mapping resources describe theirs with it; see provider_identity.go for the rules every
// resource follows.
type mappingIdentity struct {
	typeName string
	// key is the key attribute; mapped names what is mapped, for the psa description.
	key, mapped string
	// keyDescription describes the key in the identity schema; keyForm says what a valid
	// key is, in errors ("the Sophos customer's id (a UUID)").
	keyDescription, keyForm string
	valid                   func(string) bool
	// examplePSA and exampleKey make the examples of errors.
	examplePSA api.Psa
	exampleKey string
}

func (m mappingIdentity) schema() identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"psa": identityschema.StringAttribute{
				Description:       "PSA the " + m.mapped + " is mapped in: " + strings.Join(api.Strings(api.PSAs()), " or ") + ".",
				RequiredForImport: true,
			},
			m.key: identityschema.StringAttribute{
				Description:       m.keyDescription,
				RequiredForImport: true,
			},
		},
	}
}

// importKey reads what an import names, by import ID or by identity, and checks its form.
func (m mappingIdentity) importKey(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (api.Psa, string, bool) {
	psas := strings.Join(api.Strings(api.PSAs()), " or ")
	if importedByIdentity(req) {
		var psa, key types.String
		diags.Append(req.Identity.GetAttribute(ctx, path.Root("psa"), &psa)...)
		diags.Append(req.Identity.GetAttribute(ctx, path.Root(m.key), &key)...)
		if diags.HasError() {
			return "", "", false
		}
		if !api.Psa(psa.ValueString()).Valid() || !m.valid(key.ValueString()) {
			diags.Append(invalidImportIdentityDiagnostic(m.typeName,
				fmt.Sprintf("{ psa = %s, %s = %s }", psa, m.key, key),
				[]string{"psa is " + psas, m.key + " is " + m.keyForm},
				fmt.Sprintf("{ psa = %q, %s = %q }", m.examplePSA, m.key, m.exampleKey)))
			return "", "", false
		}
		return api.Psa(psa.ValueString()), key.ValueString(), true
	}
	psaText, key, ok := strings.Cut(req.ID, "/")
	if !ok || !api.Psa(psaText).Valid() || !m.valid(key) {
		diags.Append(invalidImportIDDiagnostic(m.typeName, req.ID,
			fmt.Sprintf("<psa>/<%s>, where <psa> is %s and <%s> is %s", m.key, psas, m.key, m.keyForm),
			string(m.examplePSA)+"/"+m.exampleKey))
		return "", "", false
	}
	return api.Psa(psaText), key, true
}
