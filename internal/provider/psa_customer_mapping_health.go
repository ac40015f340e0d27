package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The plan-time judgments of sophos_psa_customer_mapping about what changed in Sophos
// Central or the PSA since the last apply (a customer no longer usage-billed, a contract
// cancelled or made inactive): the mapping's health, kept in private state by the last
// refresh. See DESIGN.md ("A retired contract or product stops billing visibly").

// warnAboutLiveData tells, on a mapping whose configuration did not change, what changed in
// Sophos Central or the PSA since the last apply and stops its billing: a customer no longer
// usage-billed, a contract made inactive. An edit the API would refuse fails through the
// rules instead (writes), so only the unchanged case warns here.
func (r *psaCustomerMappingResource) warnAboutLiveData(plan, state *psaCustomerMappingModel, health customerMappingHealth, writes bool, diags *diag.Diagnostics) {
	if writes || !plan.UsageSyncEnabled.ValueBool() {
		return
	}
	if bt := api.BillingType(health.BillingType); bt != "" && bt != api.BillingTypeUsage {
		diags.AddAttributeWarning(path.Root("usage_sync_enabled"), "Usage sync no longer available for this customer",
			fmt.Sprintf("Customer %s is %s-billed in Sophos Central now; usage sync exists only for usage-billed (monthly, "+
				"MSP Flex) customers, so no usage of this customer is synced to the PSA any more. Sophos Central refuses "+
				"any change of this mapping while usage sync is on: set usage_sync_enabled = false (ticket sync keeps working).",
				customerMappingLabel(*state), bt))
	}
	if health.ContractStatus == string(api.CustomerMappingContractStatusInactive) {
		diags.AddAttributeWarning(path.Root("contract_id"), "Contract inactive",
			fmt.Sprintf("Contract %d (%q) of customer %s is inactive in %s: every usage sync to an inactive contract fails, "+
				"so the customer's usage is not billed. Reactivate it in the PSA, or set contract_id to an active contract "+
				"of company %d (see the sophos_psa_contracts data source).",
				plan.ContractID.ValueInt64(), state.ContractName.ValueString(), customerMappingLabel(*state), plan.psa().DisplayName(), plan.CompanyID.ValueInt64()))
	}
}

// mappingHealth is what the last refresh learnt about the mapping beyond its state (private
// state; after an import, Terraform hands the private state of the Read that follows it to
// the plan). When there is none (a state written before health was kept, or private state
// lost), it is read from the snapshot's list, so the checks below still see a contract
// cancelled or made inactive in the PSA.
func (r *psaCustomerMappingResource) mappingHealth(ctx context.Context, req resource.ModifyPlanRequest, plan *psaCustomerMappingModel, diags *diag.Diagnostics) customerMappingHealth {
	health := readCustomerMappingHealth(ctx, req.Private, diags)
	if health.BillingType != "" {
		return health
	}
	m, _, err := r.snapshot.customerMapping(ctx, plan.psa(), plan.CustomerID.ValueString(), false)
	if err != nil || !m.Mapped {
		return health // the customer check below reads it again and words what is wrong
	}
	return customerMappingHealthOf(m)
}

// checkContractStillUsable reports a mapped contract that was cancelled (or deleted) in the
// PSA since the last apply, or before an import. Unless the plan writes the mapping, it warns:
// billing through the contract has already stopped, and an error would block every plan of
// the configuration (and the import of a console mapping as it stands) until it is fixed. A
// write that keeps the contract with usage sync on, which the API refuses, fails the plan;
// with usage sync off the API accepts it. It returns true when the plan fails.
func (r *psaCustomerMappingResource) checkContractStillUsable(ctx context.Context, plan, state *psaCustomerMappingModel, health customerMappingHealth, writes bool, diags *diag.Diagnostics) bool {
	title, what, stale := staleContractText(api.CustomerMappingContractStatus(health.ContractStatus))
	if !stale {
		return false
	}
	contract := staleContract{
		ID: plan.ContractID.ValueInt64(), Name: state.ContractName.ValueString(), Customer: customerMappingLabel(*plan),
		What: what, Usable: r.usableContractsSentence(ctx, plan.psa(), plan.CompanyID.ValueInt64(), plan.ContractID.ValueInt64()),
		Fix: staleContractFix(plan.CompanyID.ValueInt64()),
	}
	switch {
	case !plan.UsageSyncEnabled.ValueBool():
		diags.AddAttributeWarning(path.Root("contract_id"), title, contract.usageOffWarning())
		return false
	case !writes:
		diags.AddAttributeWarning(path.Root("contract_id"), title, contract.unchangedWarning(plan.psa()))
		return false
	}
	diags.AddAttributeError(path.Root("contract_id"), title, contract.writeError())
	return true
}

// usableContractsSentence lists the company's contracts that can be mapped, as a sentence
// for an error detail; it is empty when the list cannot be read.
func (r *psaCustomerMappingResource) usableContractsSentence(ctx context.Context, psa api.Psa, companyID, except int64) string {
	var names []string
	err := r.snapshot.contractsOf(psa).each(ctx, func(c api.PsaContract, _ bool) bool {
		if c.CompanyId == companyID && c.Id != except {
			names = append(names, fmt.Sprintf("%d (%q, %s)", c.Id, c.Name, c.Status))
		}
		return true
	})
	if err != nil {
		tflog.Debug(ctx, "Listing contracts for an error message failed", map[string]any{"error": err.Error()})
		return ""
	}
	if len(names) == 0 {
		return fmt.Sprintf(" Company %d has no other contract that can be mapped.", companyID)
	}
	return fmt.Sprintf(" Contracts of company %d that can be mapped: %s.", companyID, strings.Join(names, ", "))
}
