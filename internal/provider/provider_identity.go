package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// Resource identity (Terraform 1.12+, OpenTofu 1.12+): every resource stores a small object
// naming the remote object beside its state, and can be imported by it
// (`import { identity = {...} }`) as well as by its import ID. The identity schema and model
// of each resource are in its x_identity.go; the pieces they share are here.
//
// The rule every CRUD method follows: set the identity whenever state is set, and in Read
// first, from the prior state, before anything can remove the resource. Terraform older
// than 1.12 and state written by a provider version without identity send no identity, and
// the framework fails a Read that leaves it null with "Missing Resource Identity After
// Read" even when the Read removes the resource.

// setIdentity stores v as the resource's identity. Without an identity in the request (a
// resource type or engine without identity support) there is nothing to set.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, v any) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, v)
}

// importedByIdentity says whether an import names the object by identity (an import block
// with `identity`) rather than by its import ID.
func importedByIdentity(req resource.ImportStateRequest) bool {
	return req.ID == "" && req.Identity != nil && !req.Identity.Raw.IsNull()
}

// invalidImportIdentityDiagnostic is the one error for an import identity with a missing or
// malformed value: what was given, what each attribute must be and an example block.
func invalidImportIdentityDiagnostic(typeName, given string, forms []string, example string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid import identity",
		fmt.Sprintf("The import identity %s does not name a %s: %s. For example:\n\n"+
			"import {\n  to       = %s.example\n  identity = %s\n}",
			given, typeName, strings.Join(forms, "; "), typeName, example))
}
