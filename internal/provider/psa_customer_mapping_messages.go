package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// Message texts of sophos_psa_customer_mapping that the contract's rules (internal/rules)
// do not word: what only Terraform's view of the mapping explains.

// customerMappingAlreadyMappedDetail explains why create refuses a customer that is mapped
// otherwise than plan asks for, and gives the import block.
func customerMappingAlreadyMappedDetail(m *api.CustomerMapping, plan psaCustomerMappingModel) string {
	want := customerMappingTarget(plan.CompanyID.ValueInt64(), nil, plan.ContractID.ValueInt64Pointer(), nil,
		plan.UsageSyncEnabled.ValueBool(), plan.TicketSyncEnabled.ValueBool())
	return fmt.Sprintf("Customer %q (%s) is already mapped in %s to %s, not to %s as this configuration asks. "+
		"Someone made or changed it in Sophos Central Partner, or %s made it and the configuration changed since. Terraform "+
		"does not take over a mapping that differs from the configuration. %s Otherwise remove the mapping in the "+
		"console first.", m.CustomerName, m.CustomerId, m.Psa.DisplayName(), customerMappingTargetOf(m), want,
		interruptedApplyText, importBlockText("sophos_psa_customer_mapping", customerMappingID(string(m.Psa), m.CustomerId)))
}

// customerMappingAdoptDetail explains the plan warning of a create that finds the customer
// mapped exactly as the configuration asks: apply takes the mapping into state.
func customerMappingAdoptDetail(m *api.CustomerMapping) string {
	return fmt.Sprintf("Customer %q (%s) is already mapped in %s to %s, exactly as this configuration asks. Apply "+
		"takes this mapping into state without writing it: %s made it, or someone made the same mapping in Sophos Central Partner.",
		m.CustomerName, m.CustomerId, m.Psa.DisplayName(), customerMappingTargetOf(m), interruptedApplyText)
}

// customerMappingTargetOf words what a mapping of the API maps its customer to.
func customerMappingTargetOf(m *api.CustomerMapping) string {
	return customerMappingTarget(types.Int64PointerValue(m.CompanyId).ValueInt64(), m.CompanyName, m.ContractId, m.ContractName,
		m.UsageSyncEnabled, m.TicketSyncEnabled)
}

// customerMappingTarget words a company, contract and the two sync switches; names are
// added when known.
func customerMappingTarget(companyID int64, companyName *string, contractID *int64, contractName *string, usage, ticket bool) string {
	to := fmt.Sprintf("company %d", companyID)
	if companyName != nil {
		to += fmt.Sprintf(" (%q)", *companyName)
	}
	if contractID != nil {
		to += fmt.Sprintf(", contract %d", *contractID)
		if contractName != nil {
			to += fmt.Sprintf(" (%q)", *contractName)
		}
	} else {
		to += ", no contract"
	}
	return to + fmt.Sprintf(", usage sync %s, ticket sync %s", onOff(usage), onOff(ticket))
}

// customerMappingAPIError words an API error about the mapping of m's customer.
func (r *psaCustomerMappingResource) customerMappingAPIError(verb string, m psaCustomerMappingModel, err error) diag.Diagnostic {
	whatToDo := ""
	if client.IsConflict(err) {
		whatToDo = "A PSA company and contract can be mapped to one Sophos customer only. Map this customer to " +
			"another contract (see data.sophos_psa_contracts), or unmap the other customer first."
	}
	return r.apiError(verb, "PSA customer mapping", customerMappingObject(m), err, whatToDo)
}

// staleContractText words a mapped contract that was cancelled or deleted in the PSA since
// the last apply: a title and what happened to it. ok is false for a usable contract.
func staleContractText(status api.CustomerMappingContractStatus) (title, what string, ok bool) {
	switch status {
	case api.CustomerMappingContractStatusCancelled:
		return "Mapped contract cancelled", "was cancelled in the PSA", true
	case api.CustomerMappingContractStatusMissing:
		return "Mapped contract deleted", "no longer exists in the PSA", true
	}
	return "", "", false
}

// staleContractFix says how to move off a cancelled or deleted contract.
func staleContractFix(companyID int64) string {
	return fmt.Sprintf("Set contract_id to an active or expired contract of company %d (see data.sophos_psa_contracts), "+
		"or remove contract_id and usage_sync_enabled to keep only the company mapping (ticket sync works without a contract).",
		companyID)
}

// companyRemovedDetail explains a mapped company that was removed from the PSA.
func companyRemovedDetail(plan, state psaCustomerMappingModel) string {
	return fmt.Sprintf("Customer %s is mapped to %s company %d (%q), which was removed from the PSA. Set company_id "+
		"to an existing company (see the sophos_psa_companies data source) and contract_id to one of its contracts.",
		customerMappingLabel(plan), plan.psa().DisplayName(), plan.CompanyID.ValueInt64(), state.CompanyName.ValueString())
}

// heldByThisConfigurationText explains a contract taken during this same apply.
const heldByThisConfigurationText = "That mapping was written moments ago by this same apply: two " +
	"sophos_psa_customer_mapping resources of this configuration map the same company and contract. " +
	"Keep one of them."
