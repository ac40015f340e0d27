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
// customer already mapped, by an interrupted apply or outside Terraform). What the plan
// records for other resources goes through the ledger (provider_ledger.go); what a
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
		// Destroy: nothing to check; the integration's destroy check leaves the mapping out.
		var state psaCustomerMappingModel
		if !req.State.Get(ctx, &state).HasError() {
			r.ledger.noteUnmap(customerMappingKey(state.psa(), state.CustomerID.ValueString()))
		}
		return
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
		health = r.mappingHealth(ctx, req, plan, diags)
		if !contractChanged && !plan.ContractID.IsNull() {
			if r.checkContractStillUsable(ctx, plan, state, health, writes, diags) {
				return
			}
		}
		// Like a retired contract: the unchanged mapping warns (billing stopped, the plan
		// leaves it), an edit the API refuses fails.
		if !companyChanged && health.CompanyExists != nil && !*health.CompanyExists {
			if writes {
				diags.AddAttributeError(path.Root("company_id"), "PSA company removed", companyRemovedDetail(*plan, *state, true))
			} else {
				diags.AddAttributeWarning(path.Root("company_id"), "PSA company removed", companyRemovedDetail(*plan, *state, false))
			}
			return
		}
	}
	if !creating {
		r.warnAboutLiveData(plan, state, health, writes, diags)
	}
	if !writes {
		return
	}

	if !r.claimInPlan(creating, contractChanged || companyChanged, plan, diags) {
		return
	}
	if usageSwitchedOn {
		r.warnAboutDoubleBilling(ctx, plan, diags)
	}
	change := rules.CustomerMappingChange{PSA: psa, Input: plan.toInput()}
	heldByThisRun := false
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
		c, err := r.snapshot.company(ctx, psa, plan.CompanyID.ValueInt64())
		switch {
		case err != nil:
			diags.Append(r.apiError("check", "PSA customer mapping", fmt.Sprintf("%s company %d", psa.DisplayName(), plan.CompanyID.ValueInt64()), err, ""))
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
			if !r.readContract(ctx, req, plan, &change, &heldByThisRun, diags) {
				return
			}
		} else {
			change.Contract = &rules.Contract{ID: plan.ContractID.ValueInt64(), CompanyID: plan.CompanyID.ValueInt64(), PSA: psa,
				Name: state.ContractName.ValueString(), Inactive: health.ContractStatus == string(api.CustomerMappingContractStatusInactive)}
		}
	}
	addViolations(diags, rules.CheckCustomerMapping(terraformFields(), change), func(v rules.Violation) string {
		switch {
		case v.Field == "contract_id" && change.Contract == nil:
			return r.usableContractsSentence(ctx, psa, plan.CompanyID.ValueInt64(), plan.ContractID.ValueInt64())
		case v.Kind == rules.Conflict && heldByThisRun:
			return heldByThisConfigurationText
		}
		return ""
	})
}

// claimInPlan claims, for this resource, the customer's mapping (on create) and the company
// and contract (when they change), so two resources of one configuration that map the same
// customer, or the same company and contract, fail the plan instead of half-applying.
func (r *psaCustomerMappingResource) claimInPlan(creating, targetChanged bool, plan *psaCustomerMappingModel, diags *diag.Diagnostics) bool {
	psa := plan.psa()
	who := fmt.Sprintf("the sophos_psa_customer_mapping of customer %s", plan.CustomerID.ValueString())
	if creating {
		if other := r.ledger.claimCustomer(psa, plan.CustomerID.ValueString(), who); other != "" {
			diags.AddAttributeError(path.Root("customer_id"), "Customer mapped twice in this configuration",
				fmt.Sprintf("Two sophos_psa_customer_mapping resources of this configuration map customer %s in %s; a "+
					"customer has one mapping per PSA. Keep one of them.", plan.CustomerID.ValueString(), psa.DisplayName()))
			return false
		}
	}
	if targetChanged && !plan.ContractID.IsNull() {
		if other := r.ledger.claimContract(psa, plan.CompanyID.ValueInt64(), plan.ContractID.ValueInt64(), who); other != "" {
			diags.AddAttributeError(path.Root("contract_id"), "Contract mapped twice in this configuration",
				fmt.Sprintf("Company %d and contract %d are mapped by two resources of this configuration: %s and %s. "+
					"Sophos maps a company and contract to one customer only: map one of them to another contract "+
					"(see the sophos_psa_contracts data source with company_id = %d).",
					plan.CompanyID.ValueInt64(), plan.ContractID.ValueInt64(), other, who, plan.CompanyID.ValueInt64()))
			return false
		}
	}
	return true
}

// warnAboutDoubleBilling warns when the customer whose usage sync this plan switches on
// has usage sync on in the other PSA too, in Sophos Central or in this configuration: its
// usage would be billed twice.
func (r *psaCustomerMappingResource) warnAboutDoubleBilling(ctx context.Context, plan *psaCustomerMappingModel, diags *diag.Diagnostics) {
	psa, other := plan.psa(), plan.psa().Other()
	where := ""
	if r.ledger.noteUsageSync(psa, plan.CustomerID.ValueString()) {
		where = "another sophos_psa_customer_mapping of this configuration"
	} else if m, _, err := r.snapshot.customerMapping(ctx, other, plan.CustomerID.ValueString(), false); err == nil && m.Mapped && m.UsageSyncEnabled {
		where = "Sophos Central"
	}
	if where == "" {
		return
	}
	diags.AddAttributeWarning(path.Root("usage_sync_enabled"), "Usage synced to both PSAs",
		fmt.Sprintf("Customer %s would have usage sync on in %s and in %s (%s): its usage would be billed twice. "+
			"Switch usage sync off in one of them.", plan.CustomerID.ValueString(), psa.DisplayName(), other.DisplayName(), where))
}

// readCustomer reads the customer's current mapping; on create, it judges one that is
// already mapped (checkExisting).
func (r *psaCustomerMappingResource) readCustomer(ctx context.Context, creating bool, plan *psaCustomerMappingModel, diags *diag.Diagnostics) (*api.CustomerMapping, bool) {
	m, _, ok := r.currentMapping(ctx, "check", *plan, diags)
	if !ok || (creating && !r.checkExisting(*plan, m, true, diags)) {
		return nil, false
	}
	return m, true
}

// currentMapping reads the customer's current mapping and its ETag, and reports, on
// customer_id, a customer the partner does not have; verb words an API error.
func (r *psaCustomerMappingResource) currentMapping(ctx context.Context, verb string, plan psaCustomerMappingModel, diags *diag.Diagnostics) (*api.CustomerMapping, string, bool) {
	m, etag, err := r.snapshot.customerMapping(ctx, plan.psa(), plan.CustomerID.ValueString(), false)
	switch {
	case client.IsNotFound(err):
		diags.AddAttributeError(path.Root("customer_id"), "Sophos customer not found",
			fmt.Sprintf("The partner has no customer %s. Use the id of one of its customers (see the sophos_customers data source).", plan.CustomerID.ValueString()))
		return nil, "", false
	case err != nil:
		diags.Append(r.mappingError(verb, plan, err))
		return nil, "", false
	}
	return m, etag, true
}

// checkExisting judges, on create, a customer that is already mapped: mapped exactly as
// planned, apply takes the mapping into state (the plan warns, see provider_adopt.go);
// mapped otherwise, it is an error with the import block. It returns false on an error.
func (r *psaCustomerMappingResource) checkExisting(plan psaCustomerMappingModel, current *api.CustomerMapping, planning bool, diags *diag.Diagnostics) bool {
	if !current.Mapped {
		return true
	}
	at := path.Root("customer_id")
	if !plan.sameAs(current) {
		diags.AddAttributeError(at, alreadyMappedSummary, alreadyMappedDetail(customerMappingText(current), customerMappingWant(current.Psa, plan)))
		return false
	}
	if planning {
		diags.AddAttributeWarning(at, adoptSummary, adoptDetail(customerMappingText(current), ""))
	}
	return true
}

// readContract reads the contract the plan newly points at, who else holds it and which
// contracts share its name, into change; heldByThisRun says the holder's mapping was written
// by this same apply (another resource of the configuration).
func (r *psaCustomerMappingResource) readContract(ctx context.Context, req resource.ModifyPlanRequest, plan *psaCustomerMappingModel, change *rules.CustomerMappingChange, heldByThisRun *bool, diags *diag.Diagnostics) bool {
	psa := plan.psa()
	contract, err := r.snapshot.contract(ctx, psa, plan.ContractID.ValueInt64())
	switch {
	case err != nil:
		diags.Append(r.apiError("check", "PSA customer mapping", fmt.Sprintf("%s contract %d", psa.DisplayName(), plan.ContractID.ValueInt64()), err, ""))
		return false
	case contract == nil:
		return true
	}
	change.Contract = rules.ContractFromAPI(contract)
	if !contract.NameUnique {
		err := r.snapshot.contractsOf(psa).each(ctx, func(c api.PsaContract, _ bool) bool {
			if c.Id != contract.Id && strings.EqualFold(strings.TrimSpace(c.Name), strings.TrimSpace(contract.Name)) {
				change.Contract.SameName = append(change.Contract.SameName, c)
			}
			return true
		})
		if err != nil {
			tflog.Debug(ctx, "Listing contracts for a warning failed", map[string]any{"error": err.Error()})
		}
	}
	if contract.CompanyId != plan.CompanyID.ValueInt64() {
		return true
	}
	except := map[string]bool{customerKey(plan.CustomerID.ValueString()): true}
	var ignored diag.Diagnostics // a hint: without it the replaced customer's contract only looks taken
	if replaced, ok := readReplacedCustomer(ctx, req.Private, &ignored); ok && replaced.PSA == string(psa) {
		except[customerKey(replaced.CustomerID)] = true
	}
	holder, byThisRun, err := r.snapshot.customerHolding(ctx, psa, contract.CompanyId, contract.Id, except)
	if err != nil {
		diags.Append(r.apiError("check", "PSA customer mapping", "which customers are mapped in "+psa.DisplayName(), err, ""))
		return false
	}
	change.HeldBy = holder
	if byThisRun {
		*heldByThisRun = true
	}
	return true
}

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
