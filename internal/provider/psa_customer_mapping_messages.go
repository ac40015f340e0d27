package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// Message texts of sophos_psa_customer_mapping that the contract's rules (internal/rules)
// do not word: what only Terraform's view of the mapping explains.

// customerMappingText words mapping m for the texts both mapping resources share
// (provider_mapping_messages.go).
func customerMappingText(m *api.CustomerMapping) mappingText {
	return mappingText{
		subject: fmt.Sprintf("Customer %q (%s)", m.CustomerName, m.CustomerId), psa: m.Psa, target: customerMappingTargetOf(m),
		typeName: customerMappingTypeName, importID: customerMappingID(string(m.Psa), m.CustomerId), by: m.UpdatedBy, at: m.UpdatedAt,
	}
}

// customerMappingTypeName is the resource's type name.
const customerMappingTypeName = "sophos_psa_customer_mapping"

// customerMappingDestroyedSummary is the summary of the plan error of a customer mapping
// destroyed while another resource of the configuration keeps it, on either resource.
const customerMappingDestroyedSummary = "Customer mapping destroyed while another resource keeps it"

// customerClaimText names what a claim of customer customerID's mapping in psa takes.
func customerClaimText(psa api.Psa, customerID string) string {
	return fmt.Sprintf("the mapping of customer %s in %s", customerID, psa.DisplayName())
}

// customerMappingTargetOf words what a mapping of the API maps its customer to.
func customerMappingTargetOf(m *api.CustomerMapping) string {
	return customerMappingTarget(m.Psa, types.Int64PointerValue(m.CompanyId).ValueInt64(), m.CompanyName, m.ContractId, m.ContractName,
		m.UsageSyncEnabled, m.TicketSyncEnabled)
}

// customerMappingTarget words a company, contract (in the PSA's words: a ConnectWise
// agreement, an Autotask contract) and the two sync switches; names are added when known.
func customerMappingTarget(psa api.Psa, companyID int64, companyName *string, contractID *int64, contractName *string, usage, ticket bool) string {
	to := fmt.Sprintf("company %d", companyID)
	if companyName != nil {
		to += fmt.Sprintf(" (%q)", *companyName)
	}
	if contractID != nil {
		to += fmt.Sprintf(", %s %d", psa.ContractNoun(), *contractID)
		if contractName != nil {
			to += fmt.Sprintf(" (%q)", *contractName)
		}
	} else {
		to += ", no " + psa.ContractNoun()
	}
	return to + fmt.Sprintf(", usage sync %s, ticket sync %s", onOff(usage), onOff(ticket))
}

// customerMappingImportSummary is the summary of every import of a customer mapping that
// finds nothing to import.
const customerMappingImportSummary = "Unable to import PSA customer mapping"

// notMappedImportDetail explains an import of customer m, which is not mapped in psa.
func (r *psaCustomerMappingResource) notMappedImportDetail(ctx context.Context, psa api.Psa, m *api.CustomerMapping) string {
	var other *mappingText
	if o, _, err := r.client.GetCustomerMapping(ctx, psa.Other(), m.CustomerId); err == nil && o.Mapped {
		t := customerMappingText(o)
		other = &t
	}
	return notMappedImportDetail(customerMappingText(m).subject, psa, other, "")
}

// mappingError words an API error about the mapping of m's customer.
func (r *psaCustomerMappingResource) mappingError(ctx context.Context, verb string, m psaCustomerMappingModel, err error) diag.Diagnostic {
	whatToDo := ""
	if client.IsPreconditionFailed(err) {
		// Who wrote it since Terraform read it: the API says.
		if current, _, gerr := r.client.GetCustomerMapping(ctx, m.psa(), m.CustomerID.ValueString()); gerr == nil {
			if verb == "create" && current.Mapped {
				whatToDo = r.mappedSincePlanDetail(customerMappingText(current))
			} else {
				whatToDo = r.changedSinceReadDetail(customerMappingObject(m), current.UpdatedBy, current.UpdatedAt)
			}
		}
	}
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

// staleContract is a mapped contract that was cancelled or deleted in the PSA, worded for the
// three cases of checkContractStillUsable. What is staleContractText's what, Usable the
// usable contracts sentence and Fix staleContractFix.
type staleContract struct {
	ID                           int64
	Name, Customer, What, Usable string
	Fix                          string
}

// label is the contract's id and, when known, its name.
func (c staleContract) label() string {
	if c.Name == "" {
		return fmt.Sprint(c.ID)
	}
	return fmt.Sprintf("%d (%q)", c.ID, c.Name)
}

// usageOffWarning: usage sync is off, so nothing is lost.
func (c staleContract) usageOffWarning() string {
	return fmt.Sprintf("Contract %s of customer %s %s. Usage sync is off, so no usage is lost, but the customer's "+
		"usage cannot be synced again until the mapping points at another contract.%s %s", c.label(), c.Customer, c.What, c.Usable, c.Fix)
}

// unchangedWarning: usage sync is on and the plan leaves the mapping as it is (an unchanged
// configuration, or the import of a mapping as the console has it).
func (c staleContract) unchangedWarning(psa api.Psa) string {
	return fmt.Sprintf("Contract %s of customer %s %s, so the customer's usage can no longer sync to it: billing this "+
		"customer through %s has stopped. The plan keeps the mapping as it is; Sophos Central refuses any change of it "+
		"that keeps this contract with usage sync on. To fix it (in this change or a later one):%s %s To stop billing "+
		"this customer instead, set usage_sync_enabled = false.", c.label(), c.Customer, c.What, psa.DisplayName(), c.Usable, c.Fix)
}

// writeError: the plan writes the mapping, keeping the contract with usage sync on.
func (c staleContract) writeError() string {
	return fmt.Sprintf("Contract %s of customer %s %s, so the customer's usage can no longer sync to it, and Sophos "+
		"Central refuses a change of the mapping that keeps it with usage sync on.%s %s To stop billing this customer "+
		"instead, set usage_sync_enabled = false.", c.label(), c.Customer, c.What, c.Usable, c.Fix)
}

// companyRemovedDetail explains a mapped company that was removed from the PSA: on a plan
// that leaves the mapping as it is (a warning), or on an edit, which the API refuses.
func companyRemovedDetail(plan, state psaCustomerMappingModel, edit bool) string {
	what := fmt.Sprintf("Customer %s is mapped to %s company %d (%q), which was removed from the PSA: nothing of "+
		"this customer (usage or tickets) can sync to it any more.", customerMappingLabel(plan), plan.psa().DisplayName(),
		plan.CompanyID.ValueInt64(), state.CompanyName.ValueString())
	fix := "set company_id to an existing company (see the sophos_psa_companies data source) and contract_id to one " +
		"of its contracts, or remove the resource to unmap the customer."
	if edit {
		return what + " Sophos Central refuses any change of the mapping that keeps this company: " + fix
	}
	return what + " The plan keeps the mapping as it is. To fix it (in this change or a later one), " + fix
}

// heldByThisConfigurationText explains a contract taken during this same apply.
const heldByThisConfigurationText = "That mapping was written moments ago by this same apply: two " +
	"sophos_psa_customer_mapping resources of this configuration map the same company and contract. " +
	"Keep one of them."
