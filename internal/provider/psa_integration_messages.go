package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// Message texts of sophos_psa_integration that the contract's rules (internal/rules) do
// not word.

// integrationAPIError words an API error about a PSA integration.
func (r *psaIntegrationResource) integrationAPIError(verb string, psa api.Psa, err error) diag.Diagnostic {
	whatToDo := ""
	switch {
	case client.IsValidation(err) && (verb == "connect" || verb == "update"):
		whatToDo = fmt.Sprintf("Sophos Central checked the credentials with %s, which refused them (its answer is above). Correct them in the "+
			"configuration: the %s. A new secret needs a new *_wo_version to be sent.", psa.DisplayName(), psa.CredentialNames())
	case client.IsConflict(err) && verb == "disconnect":
		whatToDo = disconnectFix(psa)
	}
	return r.apiError(verb, "PSA integration", integrationObject(psa), err, whatToDo)
}

// integrationAlreadyConnectedDetail explains why create refuses a PSA that is connected.
func integrationAlreadyConnectedDetail(in *api.Integration) string {
	return fmt.Sprintf("%s is already connected to this partner account (status %q), outside Terraform. Terraform does not take over "+
		"an existing connection silently: import it (an import block with id = %q, or terraform import <address> %s); the next "+
		"apply then sends this configuration's credentials.", in.Psa.DisplayName(), in.Status, in.Psa, in.Psa)
}

// disconnectFix says how to remove the mappings that hold a PSA integration.
func disconnectFix(psa api.Psa) string {
	return fmt.Sprintf("Remove those mappings first. Mappings managed in this configuration are removed before the integration "+
		"when they reference it (psa = sophos_psa_integration.<name>.id); mappings made in the console must be unmapped there, or "+
		"imported and removed (see the sophos_psa_product_mappings and sophos_psa_customer_mappings data sources with psa = %q).", psa)
}

// integrationErrorWarning explains an integration the PSA refuses, when nothing planned
// would fix it.
func integrationErrorWarning(psa api.Psa, statusError string) string {
	fix := "put the API user's current secret in autotask.secret_wo and change autotask.secret_wo_version"
	if psa == api.PsaConnectwise {
		fix = "put the API member's current keys in connectwise (private_key_wo) and change connectwise.private_key_wo_version"
	}
	return fmt.Sprintf("%s refuses the credentials Sophos Central has stored: %s\n\nNo usage reaches %s until they are updated: %s.",
		psa.DisplayName(), statusError, psa.ShortName(), fix)
}
