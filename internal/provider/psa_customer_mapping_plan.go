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

// ModifyPlan checks at plan time what the API would refuse at apply, claims what the
// mapping holds (provider_ownership.go), and fills in the id and the names a reviewer reads
// (customer, company, contract) for the ids it creates or changes; names of unchanged ids
// come from state (see useStateUnlessChanged), and a rename reaches state at the next
// refresh.
func (r *psaCustomerMappingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		r.planDestroy(ctx, req, resp)
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
	if plan.ContractID.IsNull() {
		plan.ContractName = types.StringNull() // no contract, no name: known at plan
	}
	who := claimantOf(ctx, customerMappingTypeName, state.ID.ValueString(), req.Private, resp.Private, &resp.Diagnostics)
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
		// Every resource that will hold a mapping after the apply claims it, new or in state.
		if !r.claimInPlan(who, &plan, &resp.Diagnostics) {
			return
		}
		r.checkPlan(ctx, req, creating, &plan, &state, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// planDestroy notes the unmap for the integration's destroy check, which leaves the mapping
// out; fails when another resource of the configuration keeps the mapping this destroys
// under it; and warns when the mapping could not be made again as it is (its contract
// cancelled or deleted, its company removed from the PSA).
func (r *psaCustomerMappingResource) planDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state psaCustomerMappingModel
	if req.State.Get(ctx, &state).HasError() {
		return
	}
	who := claimantOf(ctx, customerMappingTypeName, state.ID.ValueString(), req.Private, nil, &resp.Diagnostics)
	if c := r.ledger.noteUnmap(customerMappingKey(state.psa(), state.CustomerID.ValueString()), who); c != nil {
		resp.Diagnostics.AddError(customerMappingDestroyedSummary, unmapConflictDetail(customerClaimText(state.psa(), state.CustomerID.ValueString()), *c))
		return
	}
	if r.client == nil {
		return
	}
	// As it is now: Terraform hands the destroy of a resource no longer in the
	// configuration the private state from before the refresh.
	current, _, err := r.snapshot.customerMapping(ctx, state.psa(), state.CustomerID.ValueString(), false)
	if err != nil || !current.Mapped {
		return
	}
	health := customerMappingHealthOf(current)
	_, what, stale := staleContractText(api.CustomerMappingContractStatus(health.ContractStatus))
	switch {
	case stale && !state.ContractID.IsNull():
		resp.Diagnostics.AddWarning("Mapping cannot be made again", notRecreatableDetail(customerMappingObject(state),
			fmt.Sprintf("its contract %d (%q) %s, and Sophos Central maps no customer to it any more", state.ContractID.ValueInt64(),
				state.ContractName.ValueString(), what)))
	case health.CompanyExists != nil && !*health.CompanyExists:
		resp.Diagnostics.AddWarning("Mapping cannot be made again", notRecreatableDetail(customerMappingObject(state),
			fmt.Sprintf("its company %d (%q) was removed from the PSA", state.CompanyID.ValueInt64(), state.CompanyName.ValueString())))
	}
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
		if creating {
			plan.CustomerName = types.StringValue(m.CustomerName) // the reviewer's name for the customer (see "Names in the plan")
		}
	} else {
		change.Customer = api.CustomerMapping{CustomerId: plan.CustomerID.ValueString(), CustomerName: state.CustomerName.ValueString(), BillingType: api.BillingType(health.BillingType)}
	}
	// The company: read when it changes, otherwise known to exist (checked above).
	if companyChanged {
		c, err := inEitherPSA(psa, func(p api.Psa) (*api.PsaCompany, error) {
			return r.snapshot.company(ctx, p, plan.CompanyID.ValueInt64())
		})
		if err != nil {
			diags.Append(r.apiError("check", "PSA customer mapping", fmt.Sprintf("%s company %d", psa.DisplayName(), plan.CompanyID.ValueInt64()), err, ""))
			return
		}
		change.Company = c
		if c != nil && c.Psa == psa {
			plan.CompanyName = types.StringValue(c.Name)
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

// claimInPlan claims, for who, the customer's mapping and its company and contract, so two
// resources of one configuration that map the same customer, or the same company and
// contract, fail the plan instead of half-applying or owning one mapping twice.
func (r *psaCustomerMappingResource) claimInPlan(who claimant, plan *psaCustomerMappingModel, diags *diag.Diagnostics) bool {
	psa, customer := plan.psa(), plan.CustomerID.ValueString()
	if c := r.ledger.claimCustomer(psa, customer, who); c != nil {
		summary := "Customer mapped twice in this configuration"
		if c.destroys {
			summary = customerMappingDestroyedSummary
		}
		diags.AddAttributeError(path.Root("customer_id"), summary, claimConflictDetail(customerClaimText(psa, customer), *c))
		return false
	}
	if plan.ContractID.IsNull() {
		return true
	}
	if c := r.ledger.claimContract(psa, plan.CompanyID.ValueInt64(), plan.ContractID.ValueInt64(), who); c != nil {
		diags.AddAttributeError(path.Root("contract_id"), "Contract mapped twice in this configuration",
			claimConflictDetail(fmt.Sprintf("company %d and contract %d of %s", plan.CompanyID.ValueInt64(), plan.ContractID.ValueInt64(), psa.DisplayName()), *c)+
				fmt.Sprintf(" Sophos maps a company and contract to one customer only: map one of them to another contract "+
					"(see the sophos_psa_contracts data source with company_id = %d).", plan.CompanyID.ValueInt64()))
		return false
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
	if !ok || (creating && !r.checkExisting(m, true, diags)) {
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
		diags.Append(r.mappingError(ctx, verb, plan, err))
		return nil, "", false
	}
	return m, etag, true
}

// checkExisting judges, on create, a customer that is already mapped: this configuration
// did not make that mapping (or its apply was interrupted before state recorded it), so it
// is not taken over. At plan it is an error with the import block; at apply, where the plan
// found it unmapped, it names who mapped it since. It returns false on an error.
func (r *psaCustomerMappingResource) checkExisting(current *api.CustomerMapping, planning bool, diags *diag.Diagnostics) bool {
	if !current.Mapped {
		return true
	}
	at := path.Root("customer_id")
	if planning {
		diags.Append(r.notInStateError(at, "PSA customer mapping", customerMappingText(current).owned()))
	} else {
		diags.AddAttributeError(at, mappedSincePlanSummary, r.mappedSincePlanDetail(customerMappingText(current)))
	}
	return false
}

// readContract reads the contract the plan newly points at, who else holds it and which
// contracts share its name, into change; heldByThisRun says the holder's mapping was written
// by this same apply (another resource of the configuration).
func (r *psaCustomerMappingResource) readContract(ctx context.Context, req resource.ModifyPlanRequest, plan *psaCustomerMappingModel, change *rules.CustomerMappingChange, heldByThisRun *bool, diags *diag.Diagnostics) bool {
	psa := plan.psa()
	contract, err := inEitherPSA(psa, func(p api.Psa) (*api.PsaContract, error) {
		return r.snapshot.contract(ctx, p, plan.ContractID.ValueInt64())
	})
	switch {
	case err != nil:
		diags.Append(r.apiError("check", "PSA customer mapping", fmt.Sprintf("%s contract %d", psa.DisplayName(), plan.ContractID.ValueInt64()), err, ""))
		return false
	case contract == nil:
		return true
	}
	change.Contract = rules.ContractFromAPI(contract)
	if contract.Psa != psa {
		return true // the rules say whose it is
	}
	plan.ContractName = types.StringValue(contract.Name)
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
