package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// Plan-time checks of sophos_psa_customer_mapping. The contract's rules come from
// internal/rules, the same functions the API enforces; this file gathers the facts they
// need and adds what only Terraform sees (a contract cancelled since the last apply, a
// customer already mapped outside Terraform). Planning writes nothing shared: what a
// replacement must know is passed to its own second plan in private state.

// ValidateConfig fails the plan on what the configuration breaks on its own.
func (r *psaCustomerMappingResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg psaCustomerMappingModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.PSA.IsUnknown() || cfg.ContractID.IsUnknown() || cfg.UsageSyncEnabled.IsUnknown() {
		return
	}
	psa := cfg.psa()
	if !psa.Valid() {
		psa = api.PsaAutotask // the psa validator reports the value; the rule still applies
	}
	addViolations(&resp.Diagnostics, rules.CheckCustomerMappingInput(terraformFields(), psa, cfg.toInput()), nil)
}

// ModifyPlan checks at plan time what the API would refuse at apply. It fills in the id,
// but never a name it looked up: customers, companies and contracts can be renamed between
// plan and apply, and Terraform rejects a final plan that differs from the one shown.
// Names of unchanged ids come from state (see useStateUnlessChanged); the others stay
// unknown until apply.
func (r *psaCustomerMappingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		r.noteUnmap(ctx, req.State, unmapCustomer) // for the integration's destroy check
		return                                     // destroy: nothing to check
	}
	var plan psaCustomerMappingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	creating := req.State.Raw.IsNull()
	var state psaCustomerMappingModel
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if creating && !plan.PSA.IsUnknown() && !plan.CustomerID.IsUnknown() {
		plan.ID = types.StringValue(customerMappingID(plan.PSA.ValueString(), plan.CustomerID.ValueString()))
	}
	// A new psa or customer_id replaces the mapping: Terraform plans the replacement again as
	// a create, with this plan's private state, and that plan is the one checked. Terraform
	// removes the old mapping before it creates the new one, so the old customer's company
	// and contract are free for the replacement; the second plan learns whose they were from
	// private state. (With create_before_destroy they are not free yet, and the API refuses
	// the create with 409.)
	if !creating && (!plan.PSA.Equal(state.PSA) || !plan.CustomerID.Equal(state.CustomerID)) {
		resp.Diagnostics.Append(saveReplacedCustomer(ctx, resp.Private, replacedCustomer{PSA: state.PSA.ValueString(), CustomerID: state.CustomerID.ValueString()})...)
		return
	}
	if r.client != nil && !plan.PSA.IsUnknown() && !plan.CustomerID.IsUnknown() && !plan.CompanyID.IsUnknown() &&
		!plan.ContractID.IsUnknown() && !plan.UsageSyncEnabled.IsUnknown() && !plan.TicketSyncEnabled.IsUnknown() {
		r.checkPlan(ctx, req, creating, &plan, &state, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *psaCustomerMappingResource) checkPlan(ctx context.Context, req resource.ModifyPlanRequest, creating bool, plan, state *psaCustomerMappingModel, diags *diag.Diagnostics) {
	psa := plan.psa()
	contractChanged := creating || !plan.ContractID.Equal(state.ContractID)
	companyChanged := creating || !plan.CompanyID.Equal(state.CompanyID)
	usageSwitchedOn := plan.UsageSyncEnabled.ValueBool() && (creating || !state.UsageSyncEnabled.ValueBool())
	writes := creating || contractChanged || companyChanged || !plan.UsageSyncEnabled.Equal(state.UsageSyncEnabled) ||
		!plan.TicketSyncEnabled.Equal(state.TicketSyncEnabled)

	var health customerMappingHealth
	if !creating {
		health = readCustomerMappingHealth(ctx, req.Private, diags)
		if !contractChanged && !plan.ContractID.IsNull() {
			if r.checkContractStillUsable(ctx, plan, state, health, writes, diags) {
				return
			}
		}
		if !companyChanged && health.CompanyExists != nil && !*health.CompanyExists {
			diags.AddAttributeError(path.Root("company_id"), "PSA company removed", companyRemovedDetail(*plan, *state))
			return
		}
	}
	if !writes {
		return
	}

	change := rules.CustomerMappingChange{PSA: psa, Input: plan.toInput()}
	// The customer: read when creating or switching usage sync on, otherwise as the last
	// refresh saw it.
	if creating || usageSwitchedOn || health.BillingType == "" {
		m, ok := r.readCustomer(ctx, creating, plan, diags)
		if !ok {
			return
		}
		change.Customer = *m
	} else {
		change.Customer = api.CustomerMapping{CustomerId: plan.CustomerID.ValueString(), CustomerName: state.CustomerName.ValueString(), BillingType: api.BillingType(health.BillingType)}
	}
	// The company: read when it changes, otherwise known to exist (checked above).
	if companyChanged {
		c, err := r.client.GetPSACompany(ctx, psa, plan.CompanyID.ValueInt64())
		switch {
		case client.IsNotFound(err):
		case err != nil:
			diags.Append(apiErrorDiagnostic("check", "PSA customer mapping", fmt.Sprintf("%s company %d", psa.DisplayName(), plan.CompanyID.ValueInt64()), err, ""))
			return
		default:
			change.Company = c
		}
	} else {
		change.Company = &api.PsaCompany{Id: plan.CompanyID.ValueInt64(), Psa: psa, Name: state.CompanyName.ValueString()}
	}
	// The contract: read when it or the company changes, otherwise as in state.
	if !plan.ContractID.IsNull() {
		if contractChanged || companyChanged {
			if !r.readContract(ctx, req, plan, &change, diags) {
				return
			}
		} else {
			change.Contract = &rules.Contract{ID: plan.ContractID.ValueInt64(), CompanyID: plan.CompanyID.ValueInt64(), PSA: psa, Name: state.ContractName.ValueString()}
		}
	}
	addViolations(diags, rules.CheckCustomerMapping(terraformFields(), change), func(v rules.Violation) string {
		if v.Field == "contract_id" && change.Contract == nil {
			return r.usableContractsSentence(ctx, psa, plan.CompanyID.ValueInt64(), plan.ContractID.ValueInt64())
		}
		return ""
	})
}

// readCustomer reads the customer's current mapping; on create a customer already mapped
// outside Terraform is an error.
func (r *psaCustomerMappingResource) readCustomer(ctx context.Context, creating bool, plan *psaCustomerMappingModel, diags *diag.Diagnostics) (*api.CustomerMapping, bool) {
	m, _, err := r.client.GetCustomerMapping(ctx, plan.psa(), plan.CustomerID.ValueString())
	switch {
	case client.IsNotFound(err):
		diags.AddAttributeError(path.Root("customer_id"), "Sophos customer not found",
			fmt.Sprintf("The partner has no customer %s. Use the id of one of its customers (see the sophos_customers data source).", plan.CustomerID.ValueString()))
		return nil, false
	case err != nil:
		diags.Append(customerMappingAPIError("check", *plan, err))
		return nil, false
	case creating && m.Mapped:
		diags.AddAttributeError(path.Root("customer_id"), alreadyMappedSummary, customerMappingAlreadyMappedDetail(m))
		return nil, false
	}
	return m, true
}

// readContract reads the contract the plan newly points at, who else holds it and which
// contracts share its name, into change.
func (r *psaCustomerMappingResource) readContract(ctx context.Context, req resource.ModifyPlanRequest, plan *psaCustomerMappingModel, change *rules.CustomerMappingChange, diags *diag.Diagnostics) bool {
	psa := plan.psa()
	contract, err := r.client.GetPSAContract(ctx, psa, plan.ContractID.ValueInt64())
	switch {
	case client.IsNotFound(err):
		return true
	case err != nil:
		diags.Append(apiErrorDiagnostic("check", "PSA customer mapping", fmt.Sprintf("%s contract %d", psa.DisplayName(), plan.ContractID.ValueInt64()), err, ""))
		return false
	}
	change.Contract = rules.ContractFromAPI(contract)
	if !contract.NameUnique {
		if same, err := r.client.ListPSAContracts(ctx, psa, client.ContractQuery{Name: contract.Name}); err == nil {
			for _, c := range same {
				if c.Id != contract.Id {
					change.Contract.SameName = append(change.Contract.SameName, c)
				}
			}
		}
	}
	if r.customerMappings == nil || contract.CompanyId != plan.CompanyID.ValueInt64() {
		return true
	}
	except := map[string]bool{plan.CustomerID.ValueString(): true}
	if replaced, d := readReplacedCustomer(ctx, req.Private); !d.HasError() && replaced.PSA == string(psa) {
		except[replaced.CustomerID] = true
	}
	other, err := r.customerMappings.mappedTo(ctx, psa, contract.CompanyId, contract.Id, except)
	if err != nil {
		diags.Append(apiErrorDiagnostic("check", "PSA customer mapping", "which customers are mapped in "+psa.DisplayName(), err, ""))
		return false
	}
	if other != nil {
		change.HeldBy = &api.CustomerMapping{CustomerId: other.id, CustomerName: other.name}
	}
	return true
}

// checkContractStillUsable reports a mapped contract that was cancelled (or deleted) in the
// PSA since the last apply: usage can no longer sync to it, and the API refuses every write
// that keeps it. With usage sync off and nothing to write, it only warns. It returns true
// when it reported something.
func (r *psaCustomerMappingResource) checkContractStillUsable(ctx context.Context, plan, state *psaCustomerMappingModel, health customerMappingHealth, writes bool, diags *diag.Diagnostics) bool {
	title, what, stale := staleContractText(api.CustomerMappingContractStatus(health.ContractStatus))
	if !stale {
		return false
	}
	contractID := plan.ContractID.ValueInt64()
	name := ""
	if n := state.ContractName.ValueString(); n != "" {
		name = fmt.Sprintf(" (%q)", n)
	}
	fix := staleContractFix(plan.CompanyID.ValueInt64())
	usable := r.usableContractsSentence(ctx, plan.psa(), plan.CompanyID.ValueInt64(), contractID)
	if !plan.UsageSyncEnabled.ValueBool() && !writes {
		diags.AddAttributeWarning(path.Root("contract_id"), title,
			fmt.Sprintf("Contract %d%s of customer %s %s. Usage sync is off, so no usage is lost, but Sophos Central "+
				"refuses any change of this mapping until it points at another contract.%s %s",
				contractID, name, customerMappingLabel(*plan), what, usable, fix))
		return true
	}
	consequence := "so the customer's usage can no longer sync to it"
	if !plan.UsageSyncEnabled.ValueBool() {
		consequence = "and Sophos Central refuses to save a mapping that keeps it"
	}
	diags.AddAttributeError(path.Root("contract_id"), title,
		fmt.Sprintf("Contract %d%s of customer %s %s, %s.%s %s",
			contractID, name, customerMappingLabel(*plan), what, consequence, usable, fix))
	return true
}

// usableContractsSentence lists the company's contracts that can be mapped, as a sentence
// for an error detail; it is empty when the list cannot be read.
func (r *psaCustomerMappingResource) usableContractsSentence(ctx context.Context, psa api.Psa, companyID, except int64) string {
	contracts, err := r.client.ListPSAContracts(ctx, psa, client.ContractQuery{CompanyID: &companyID})
	if err != nil {
		tflog.Debug(ctx, "Listing contracts for an error message failed", map[string]any{"error": err.Error()})
		return ""
	}
	var names []string
	for _, c := range contracts {
		if c.Id != except {
			names = append(names, fmt.Sprintf("%d (%q, %s)", c.Id, c.Name, c.Status))
		}
	}
	if len(names) == 0 {
		return fmt.Sprintf(" Company %d has no other contract that can be mapped.", companyID)
	}
	return fmt.Sprintf(" Contracts of company %d that can be mapped: %s.", companyID, strings.Join(names, ", "))
}
