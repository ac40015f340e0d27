package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

var (
	_ resource.Resource                   = (*psaCustomerMappingResource)(nil)
	_ resource.ResourceWithConfigure      = (*psaCustomerMappingResource)(nil)
	_ resource.ResourceWithImportState    = (*psaCustomerMappingResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*psaCustomerMappingResource)(nil)
	_ resource.ResourceWithValidateConfig = (*psaCustomerMappingResource)(nil)
)

// NewPSACustomerMappingResource returns the sophos_psa_customer_mapping resource.
func NewPSACustomerMappingResource() resource.Resource {
	return &psaCustomerMappingResource{}
}

// psaCustomerMappingResource maps one Sophos Central Partner customer to a PSA company and
// contract (Autotask contract, ConnectWise agreement) with its usage and ticket sync switches.
type psaCustomerMappingResource struct {
	resourceBase
}

type psaCustomerMappingModel struct {
	ID                types.String `tfsdk:"id"`
	PSA               types.String `tfsdk:"psa"`
	CustomerID        types.String `tfsdk:"customer_id"`
	CustomerName      types.String `tfsdk:"customer_name"`
	CompanyID         types.Int64  `tfsdk:"company_id"`
	CompanyName       types.String `tfsdk:"company_name"`
	ContractID        types.Int64  `tfsdk:"contract_id"`
	ContractName      types.String `tfsdk:"contract_name"`
	UsageSyncEnabled  types.Bool   `tfsdk:"usage_sync_enabled"`
	TicketSyncEnabled types.Bool   `tfsdk:"ticket_sync_enabled"`
}

// customerMappingHealthKey is the private-state key under which Read records what the API
// says about the health of the mapped contract and company, so that ModifyPlan can fail a
// plan on a contract cancelled out of band without one more API call per resource.
const customerMappingHealthKey = "customer_mapping_health"

type customerMappingHealth struct {
	ContractStatus string `json:"contractStatus,omitempty"`
	CompanyExists  *bool  `json:"companyExists,omitempty"`
}

func (r *psaCustomerMappingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_psa_customer_mapping"
}

func (r *psaCustomerMappingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Maps a Sophos Central Partner customer (tenant) to a company and a contract in the PSA " +
			"(an Autotask contract or a ConnectWise agreement) and sets its usage-sync and ticket-sync switches, " +
			"as the customer list of the PSA integration page in Sophos Central Partner does.\n\n" +
			"Every rule the API enforces is checked during `terraform plan`: the contract must exist, must not be " +
			"cancelled, must belong to `company_id` and must not be mapped to another customer; usage sync needs a " +
			"contract and a usage-billed (monthly, MSP Flex) customer; a customer already mapped outside Terraform is " +
			"not taken over (import it instead). Only two new mappings of one contract in the same configuration are " +
			"refused at apply, when the second is written. " +
			"A contract whose name is not unique among the partner's contracts gives a warning, because usage sync " +
			"to Autotask fails on duplicate contract names.\n\n" +
			"**A contract cancelled in the PSA after apply.** Sophos keeps the mapping pointing at the cancelled " +
			"contract, and so does this resource: `contract_id` stays as configured. The next `terraform plan` then " +
			"fails with an error on `contract_id` that names the contract, says it was cancelled in the PSA so usage " +
			"can no longer sync to it, and lists the company's contracts that can be used instead. Set `contract_id` " +
			"to an active or expired contract, or remove `contract_id` and `usage_sync_enabled` to keep only the " +
			"company mapping (Sophos refuses to save a mapping that keeps a cancelled contract). A mapping whose usage " +
			"sync is already off only gets a warning, as long as nothing else about it changes. The same applies to a " +
			"contract deleted from the PSA, and a company deleted from the PSA fails the plan on `company_id`. " +
			"`terraform destroy` keeps working.\n\n" +
			"The result of the last usage sync changes every day and is not part of this resource; read it with " +
			"the `sophos_psa_customer_mappings` data source.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Identifier of the mapping: `<psa>/<customer_id>`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"psa": schema.StringAttribute{
				MarkdownDescription: psaDescription("PSA the customer is mapped in; changing it replaces the mapping."),
				Required:            true,
				Validators:          psaValidators(),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"customer_id": schema.StringAttribute{
				MarkdownDescription: "Id (UUID) of the Sophos Central Partner customer (tenant), e.g. from the " +
					"`sophos_customers` data source. Changing it replaces the mapping.",
				Required:      true,
				Validators:    []validator.String{uuidValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"customer_name": schema.StringAttribute{
				MarkdownDescription: "Name of the customer in Sophos Central Partner. Unknown in the plan that creates the mapping; a rename shows at the next refresh.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"company_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the PSA company (a ConnectWise company or an Autotask company), e.g. " +
					"from the `sophos_psa_companies` data source.",
				Required:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"company_name": schema.StringAttribute{
				MarkdownDescription: "Name of the PSA company. Unknown in a plan only when `company_id` changes.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{useStateUnlessChanged(path.Root("company_id"))},
			},
			"contract_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the Autotask contract or ConnectWise agreement usage is synced to, e.g. " +
					"from the `sophos_psa_contracts` data source. It must belong to `company_id` and must not be " +
					"cancelled; expired contracts are accepted. Required when `usage_sync_enabled` is `true`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"contract_name": schema.StringAttribute{
				MarkdownDescription: "Name of the contract or agreement; null without `contract_id`. Unknown in a plan only when `contract_id` changes.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{useStateUnlessChanged(path.Root("contract_id"))},
			},
			"usage_sync_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the customer's monthly usage is synced to the contract. Needs " +
					"`contract_id` and a usage-billed (monthly, MSP Flex) customer. Defaults to `false`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"ticket_sync_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the customer's Sophos alerts become PSA tickets. Works for every " +
					"customer, with or without usage sync. Defaults to `false`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
		},
	}
}

// ValidateConfig fails the plan when usage sync is switched on without a contract.
func (r *psaCustomerMappingResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg psaCustomerMappingModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.UsageSyncEnabled.ValueBool() && cfg.ContractID.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("usage_sync_enabled"), "Usage sync needs a contract",
			"usage_sync_enabled = true needs contract_id: Sophos syncs a customer's usage to one Autotask contract "+
				"or ConnectWise agreement. Set contract_id (see the sophos_psa_contracts data source) or set "+
				"usage_sync_enabled = false.")
	}
}

// ModifyPlan checks at plan time what the API would refuse at apply (unknown or cancelled
// contract, contract of another company, usage sync for a customer that is not usage-billed,
// a customer already mapped outside Terraform). It fills in the id, but never a name it
// looked up: customers, companies and contracts can be renamed between plan and apply, and
// Terraform rejects a final plan that differs from the one shown. Names of unchanged ids
// come from state (see useStateUnlessChanged); the others stay unknown until apply.
func (r *psaCustomerMappingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy: nothing to check
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
	// A new psa or customer_id replaces the mapping: Terraform plans the replacement again as a
	// create, and that plan is the one checked.
	replacing := !creating && (!plan.PSA.Equal(state.PSA) || !plan.CustomerID.Equal(state.CustomerID))
	if replacing && r.customerMappings != nil {
		// Terraform removes the old mapping before it creates the new one, so the old
		// customer's company and contract are free for the replacement planned next. (With
		// create_before_destroy they are not yet, and the API refuses the create with 409.)
		r.customerMappings.forget(api.Psa(state.PSA.ValueString()), state.CustomerID.ValueString())
	}
	if r.client != nil && !replacing && !plan.PSA.IsUnknown() && !plan.CustomerID.IsUnknown() && !plan.CompanyID.IsUnknown() &&
		!plan.ContractID.IsUnknown() && !plan.UsageSyncEnabled.IsUnknown() {
		r.checkPlan(ctx, req, creating, &plan, &state, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *psaCustomerMappingResource) checkPlan(ctx context.Context, req resource.ModifyPlanRequest, creating bool, plan, state *psaCustomerMappingModel, diags *diag.Diagnostics) {
	psa := api.Psa(plan.PSA.ValueString())
	customerID := plan.CustomerID.ValueString()
	contractChanged := creating || !plan.ContractID.Equal(state.ContractID)
	companyChanged := creating || !plan.CompanyID.Equal(state.CompanyID)
	usageSwitchedOn := plan.UsageSyncEnabled.ValueBool() && (creating || !state.UsageSyncEnabled.ValueBool())
	label := customerMappingLabel(*plan)

	if !creating {
		health := readCustomerMappingHealth(ctx, req.Private, diags)
		if !contractChanged && !plan.ContractID.IsNull() {
			r.checkContractStillUsable(ctx, psa, plan, state, health, diags)
		}
		if !companyChanged && health.CompanyExists != nil && !*health.CompanyExists {
			diags.AddAttributeError(path.Root("company_id"), "PSA company removed",
				fmt.Sprintf("Customer %s is mapped to %s company %d (%q), which was removed from the PSA. Set company_id "+
					"to an existing company (see the sophos_psa_companies data source) and contract_id to one of its contracts.",
					customerMappingLabel(*plan), psa.DisplayName(), plan.CompanyID.ValueInt64(), state.CompanyName.ValueString()))
		}
	}

	if creating || usageSwitchedOn {
		m, _, err := r.client.GetCustomerMapping(ctx, psa, customerID)
		switch {
		case client.IsNotFound(err):
			diags.AddAttributeError(path.Root("customer_id"), "Sophos customer not found",
				fmt.Sprintf("The partner has no customer %s. Use the id of one of its customers (see the sophos_customers data source).", customerID))
			return
		case err != nil:
			diags.Append(customerMappingAPIError("check", *plan, err))
			return
		}
		label = fmt.Sprintf("%q (%s)", m.CustomerName, customerID)
		if creating {
			if m.Mapped {
				diags.AddAttributeError(path.Root("customer_id"), alreadyMappedSummary, customerMappingAlreadyMappedDetail(m))
			}
		}
		if plan.UsageSyncEnabled.ValueBool() && !m.UsageSyncAvailable {
			diags.AddAttributeError(path.Root("usage_sync_enabled"), "Usage sync not available for this customer",
				fmt.Sprintf("Customer %s (%s) is billed %q; usage sync exists only for usage-billed (monthly, MSP Flex) "+
					"customers. Set usage_sync_enabled = false; ticket sync works without it.", m.CustomerName, customerID, m.BillingType))
		}
	}

	switch {
	case !plan.ContractID.IsNull() && (contractChanged || companyChanged):
		r.checkContract(ctx, psa, plan, label, diags)
	case companyChanged:
		_, err := r.client.GetPSACompany(ctx, psa, plan.CompanyID.ValueInt64())
		switch {
		case client.IsNotFound(err):
			diags.AddAttributeError(path.Root("company_id"), "PSA company not found",
				fmt.Sprintf("%s has no company %d. Use the id of an existing company (see the sophos_psa_companies data source).",
					psa.DisplayName(), plan.CompanyID.ValueInt64()))
		case err != nil:
			diags.Append(apiErrorDiagnostic("check", "PSA customer mapping", fmt.Sprintf("%s company %d", psa.DisplayName(), plan.CompanyID.ValueInt64()), err, ""))
		}
	}
}

// checkContract checks a contract the plan newly points at: it must exist and not be
// cancelled, must belong to the planned company, must not be another customer's, and
// should have a unique name. label names the customer in messages.
func (r *psaCustomerMappingResource) checkContract(ctx context.Context, psa api.Psa, plan *psaCustomerMappingModel, label string, diags *diag.Diagnostics) {
	contractID := plan.ContractID.ValueInt64()
	contract, err := r.client.GetPSAContract(ctx, psa, contractID)
	switch {
	case client.IsNotFound(err):
		diags.AddAttributeError(path.Root("contract_id"), "Contract not found or cancelled",
			fmt.Sprintf("contract_id %d cannot be mapped: %s has no such contract, or it was cancelled (Sophos never "+
				"syncs cancelled contracts). The API says: %s.%s Pick another one from data.sophos_psa_contracts "+
				"(with company_id = %d).",
				contractID, psa.DisplayName(), customerMappingAPIMessage(err),
				r.usableContractsSentence(ctx, psa, plan.CompanyID.ValueInt64(), contractID), plan.CompanyID.ValueInt64()))
		return
	case err != nil:
		diags.Append(apiErrorDiagnostic("check", "PSA customer mapping", fmt.Sprintf("%s contract %d", psa.DisplayName(), contractID), err, ""))
		return
	}
	if contract.CompanyId != plan.CompanyID.ValueInt64() {
		diags.AddAttributeError(path.Root("contract_id"), "Contract belongs to another company",
			fmt.Sprintf("Contract %d (%q) belongs to company %d (%q), not to company_id %d. Set contract_id to a contract "+
				"of company %d (see data.sophos_psa_contracts with company_id = %d) or set company_id = %d.",
				contract.Id, contract.Name, contract.CompanyId, contract.CompanyName, plan.CompanyID.ValueInt64(),
				plan.CompanyID.ValueInt64(), plan.CompanyID.ValueInt64(), contract.CompanyId))
		return
	}
	if r.customerMappings != nil {
		other, err := r.customerMappings.mappedTo(ctx, psa, contract.CompanyId, contract.Id, plan.CustomerID.ValueString())
		switch {
		case err != nil:
			diags.Append(apiErrorDiagnostic("check", "PSA customer mapping", "which customers are mapped in "+psa.DisplayName(), err, ""))
			return
		case other != nil:
			diags.AddAttributeError(path.Root("contract_id"), "Contract already mapped to another customer",
				fmt.Sprintf("Company %d (%q) and contract %d (%q) are already mapped to customer %q (%s) in %s, and Sophos "+
					"maps a company and contract to one customer only. Unmap customer %q first (remove its mapping in "+
					"Sophos Central Partner or its sophos_psa_customer_mapping, and apply), or map customer %s to another "+
					"contract (see data.sophos_psa_contracts with company_id = %d).",
					contract.CompanyId, contract.CompanyName, contract.Id, contract.Name, other.name, other.id, psa.DisplayName(),
					other.name, label, contract.CompanyId))
			return
		}
	}
	if !contract.NameUnique {
		diags.AddAttributeWarning(path.Root("contract_id"), "Contract name is not unique",
			r.duplicateContractNameDetail(ctx, psa, contract))
	}
}

// checkContractStillUsable fails the plan when the mapped contract was cancelled (or
// deleted) in the PSA since the last apply: usage can no longer sync to it, and the API
// refuses every write that keeps it. With usage sync off and nothing to write, it only warns.
func (r *psaCustomerMappingResource) checkContractStillUsable(ctx context.Context, psa api.Psa, plan, state *psaCustomerMappingModel, health customerMappingHealth, diags *diag.Diagnostics) {
	var title, what string
	switch api.CustomerMappingContractStatus(health.ContractStatus) {
	case api.CustomerMappingContractStatusCancelled:
		title, what = "Mapped contract cancelled", "was cancelled in the PSA"
	case api.CustomerMappingContractStatusMissing:
		title, what = "Mapped contract deleted", "no longer exists in the PSA"
	default:
		return
	}
	contractID := plan.ContractID.ValueInt64()
	name := ""
	if n := state.ContractName.ValueString(); n != "" {
		name = fmt.Sprintf(" (%q)", n)
	}
	fix := fmt.Sprintf("Set contract_id to an active or expired contract of company %d (see data.sophos_psa_contracts), "+
		"or remove contract_id and usage_sync_enabled to keep only the company mapping (ticket sync works without a contract).",
		plan.CompanyID.ValueInt64())
	usable := r.usableContractsSentence(ctx, psa, plan.CompanyID.ValueInt64(), contractID)
	writes := !plan.CompanyID.Equal(state.CompanyID) || !plan.UsageSyncEnabled.Equal(state.UsageSyncEnabled) ||
		!plan.TicketSyncEnabled.Equal(state.TicketSyncEnabled)
	if !plan.UsageSyncEnabled.ValueBool() && !writes {
		diags.AddAttributeWarning(path.Root("contract_id"), title,
			fmt.Sprintf("Contract %d%s of customer %s %s. Usage sync is off, so no usage is lost, but Sophos Central "+
				"refuses any change of this mapping until it points at another contract.%s %s",
				contractID, name, customerMappingLabel(*plan), what, usable, fix))
		return
	}
	consequence := "so the customer's usage can no longer sync to it"
	if !plan.UsageSyncEnabled.ValueBool() {
		consequence = "and Sophos Central refuses to save a mapping that keeps it"
	}
	diags.AddAttributeError(path.Root("contract_id"), title,
		fmt.Sprintf("Contract %d%s of customer %s %s, %s.%s %s",
			contractID, name, customerMappingLabel(*plan), what, consequence, usable, fix))
}

// usableContractsSentence lists the company's contracts that can be mapped, as a sentence
// for an error detail; it is empty when there are none or the list cannot be read.
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

func (r *psaCustomerMappingResource) duplicateContractNameDetail(ctx context.Context, psa api.Psa, contract *api.PsaContract) string {
	var others []string
	same, err := r.client.ListPSAContracts(ctx, psa, client.ContractQuery{Name: contract.Name})
	if err == nil {
		for _, c := range same {
			if c.Id != contract.Id {
				others = append(others, fmt.Sprintf("%d of company %d (%q)", c.Id, c.CompanyId, c.CompanyName))
			}
		}
	}
	also := "another contract"
	if len(others) > 0 {
		also = "contract " + strings.Join(others, ", contract ")
	}
	return fmt.Sprintf("Contract %d (%q) has the same name as %s. Sophos assumes contract names are unique across "+
		"all of a partner's customers, and usage sync to Autotask fails on duplicate names. Rename one of the "+
		"contracts in the PSA.", contract.Id, contract.Name, also)
}

func customerMappingAlreadyMappedDetail(m *api.CustomerMapping) string {
	to := fmt.Sprintf("company %d", types.Int64PointerValue(m.CompanyId).ValueInt64())
	if m.CompanyName != nil {
		to += fmt.Sprintf(" (%q)", *m.CompanyName)
	}
	if m.ContractId != nil {
		to += fmt.Sprintf(", contract %d", *m.ContractId)
		if m.ContractName != nil {
			to += fmt.Sprintf(" (%q)", *m.ContractName)
		}
	}
	id := customerMappingID(string(m.Psa), m.CustomerId)
	return fmt.Sprintf("Customer %s (%s) is already mapped in %s to %s, outside Terraform. Terraform does not take "+
		"over an existing mapping silently: import it (an import block with id = %q, or terraform import "+
		"<address> %s) and then change it.", m.CustomerName, m.CustomerId, m.Psa.DisplayName(), to, id, id)
}

func (r *psaCustomerMappingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan psaCustomerMappingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	psa := api.Psa(plan.PSA.ValueString())
	customerID := plan.CustomerID.ValueString()

	current, etag, err := r.client.GetCustomerMapping(ctx, psa, customerID)
	if err != nil {
		resp.Diagnostics.Append(customerMappingAPIError("create", plan, err))
		return
	}
	// The plan does not know the customer's name (it may change until apply); messages do now.
	labelled := plan
	labelled.CustomerName = types.StringValue(current.CustomerName)
	if current.Mapped {
		resp.Diagnostics.AddAttributeError(path.Root("customer_id"), alreadyMappedSummary, customerMappingAlreadyMappedDetail(current))
		return
	}
	// The If-Match of the unmapped object makes the check above and the write one step:
	// a mapping made in the console in between fails with 412 instead of being overwritten.
	out, etag, err := r.client.PutCustomerMapping(ctx, psa, customerID, plan.toInput(), etag)
	if err != nil {
		resp.Diagnostics.Append(customerMappingAPIError("create", labelled, err))
		return
	}
	r.forgetCached(psa, customerID)
	tflog.Debug(ctx, "Created PSA customer mapping", map[string]any{"psa": psa, "customer_id": customerID})
	r.saveAfterWrite(ctx, plan, out, etag, &resp.State, resp.Private, &resp.Diagnostics)
}

func (r *psaCustomerMappingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state psaCustomerMappingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m, etag, err := r.client.GetCustomerMapping(ctx, api.Psa(state.PSA.ValueString()), state.CustomerID.ValueString())
	if client.IsNotFound(err) || (err == nil && !m.Mapped) {
		tflog.Warn(ctx, "PSA customer mapping no longer exists; removing it from state", map[string]any{"psa": state.PSA.ValueString(), "customer_id": state.CustomerID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(customerMappingAPIError("read", state, err))
		return
	}
	state = psaCustomerMappingFromAPI(m)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setETag(ctx, resp.Private, etag)...)
	resp.Diagnostics.Append(saveCustomerMappingHealth(ctx, resp.Private, m)...)
}

func (r *psaCustomerMappingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan psaCustomerMappingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	etag, diags := getETag(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	out, etag, err := r.client.PutCustomerMapping(ctx, api.Psa(plan.PSA.ValueString()), plan.CustomerID.ValueString(), plan.toInput(), etag)
	if err != nil {
		resp.Diagnostics.Append(customerMappingAPIError("update", plan, err))
		return
	}
	r.forgetCached(api.Psa(plan.PSA.ValueString()), plan.CustomerID.ValueString())
	tflog.Debug(ctx, "Updated PSA customer mapping", map[string]any{"psa": plan.PSA.ValueString(), "customer_id": plan.CustomerID.ValueString()})
	r.saveAfterWrite(ctx, plan, out, etag, &resp.State, resp.Private, &resp.Diagnostics)
}

func (r *psaCustomerMappingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state psaCustomerMappingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	etag, diags := getETag(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.client.DeleteCustomerMapping(ctx, api.Psa(state.PSA.ValueString()), state.CustomerID.ValueString(), etag)
	if err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.Append(customerMappingAPIError("delete", state, err))
		return
	}
	r.forgetCached(api.Psa(state.PSA.ValueString()), state.CustomerID.ValueString())
	tflog.Debug(ctx, "Deleted PSA customer mapping", map[string]any{"psa": state.PSA.ValueString(), "customer_id": state.CustomerID.ValueString()})
}

// forgetCached tells the shared listing of customer mappings that this customer's mapping
// was just written or removed, so it no longer blocks another customer's plan.
func (r *psaCustomerMappingResource) forgetCached(psa api.Psa, customerID string) {
	if r.customerMappings != nil {
		r.customerMappings.forget(psa, customerID)
	}
}

// ImportState imports the mapping of a customer that is mapped; importing an unmapped
// customer or an unknown one fails here, with what to do instead.
func (r *psaCustomerMappingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	psaText, customerID, ok := strings.Cut(req.ID, "/")
	if !ok || !api.Psa(psaText).Valid() || !isUUID(customerID) {
		resp.Diagnostics.Append(invalidImportIDDiagnostic("sophos_psa_customer_mapping", req.ID,
			"<psa>/<customer_id>, where <psa> is "+strings.Join(api.Strings(api.PSAs()), " or ")+" and <customer_id> is the Sophos customer's id (a UUID)",
			"autotask/29946c86-596b-4918-b186-dbe32c6a986b"))
		return
	}
	psa := api.Psa(psaText)
	m, _, err := r.client.GetCustomerMapping(ctx, psa, customerID)
	switch {
	case client.IsNotFound(err):
		resp.Diagnostics.AddError("Unable to import PSA customer mapping",
			fmt.Sprintf("The partner has no customer %s, so there is nothing to import. Use the id of one of its customers "+
				"(see the sophos_customers data source).", customerID))
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiagnostic("import", "PSA customer mapping",
			fmt.Sprintf("the %s mapping of customer %s", psa.DisplayName(), customerID), err, ""))
		return
	case !m.Mapped:
		resp.Diagnostics.AddError("Unable to import PSA customer mapping",
			fmt.Sprintf("Customer %q (%s) is not mapped in %s, so there is nothing to import. Remove the import and apply "+
				"the configuration to create the mapping.", m.CustomerName, customerID, psa.DisplayName()))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("psa"), psaText)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("customer_id"), customerID)...)
}

// saveAfterWrite stores the mapping the API answered a write with. Names the plan already
// knew are kept as planned (see keepPlanned).
func (r *psaCustomerMappingResource) saveAfterWrite(ctx context.Context, plan psaCustomerMappingModel, out *api.CustomerMapping, etag string, st *tfsdk.State, private privateSetter, diags *diag.Diagnostics) {
	state := psaCustomerMappingFromAPI(out)
	state.CustomerName = keepPlanned(plan.CustomerName, state.CustomerName)
	state.CompanyName = keepPlanned(plan.CompanyName, state.CompanyName)
	state.ContractName = keepPlanned(plan.ContractName, state.ContractName)
	diags.Append(st.Set(ctx, &state)...)
	diags.Append(setETag(ctx, private, etag)...)
	diags.Append(saveCustomerMappingHealth(ctx, private, out)...)
}

// psaCustomerMappingFromAPI maps a customer mapping of the API to the resource's model.
func psaCustomerMappingFromAPI(in *api.CustomerMapping) psaCustomerMappingModel {
	m := psaCustomerMappingModel{
		ID:                types.StringValue(customerMappingID(string(in.Psa), in.CustomerId)),
		PSA:               types.StringValue(string(in.Psa)),
		CustomerID:        types.StringValue(in.CustomerId),
		CustomerName:      types.StringValue(in.CustomerName),
		CompanyID:         types.Int64PointerValue(in.CompanyId),
		CompanyName:       types.StringPointerValue(in.CompanyName),
		ContractID:        types.Int64PointerValue(in.ContractId),
		ContractName:      types.StringPointerValue(in.ContractName),
		UsageSyncEnabled:  types.BoolValue(in.UsageSyncEnabled),
		TicketSyncEnabled: types.BoolValue(in.TicketSyncEnabled),
	}
	if in.ContractId == nil {
		m.ContractName = types.StringNull()
	}
	return m
}

// toInput builds the API's write body; it is the one place a request body is built.
func (m psaCustomerMappingModel) toInput() api.CustomerMappingInput {
	usage, ticket := m.UsageSyncEnabled.ValueBool(), m.TicketSyncEnabled.ValueBool()
	return api.CustomerMappingInput{
		CompanyId:         m.CompanyID.ValueInt64(),
		ContractId:        m.ContractID.ValueInt64Pointer(),
		UsageSyncEnabled:  &usage,
		TicketSyncEnabled: &ticket,
	}
}

// customerMappingAPIMessage is the API's own explanation of err, without the request line.
func customerMappingAPIMessage(err error) string {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) && apiErr.Message != "" {
		return strings.TrimSuffix(apiErr.Message, ".")
	}
	return err.Error()
}

// customerMappingAPIError words an API error about the mapping of m's customer.
func customerMappingAPIError(verb string, m psaCustomerMappingModel, err error) diag.Diagnostic {
	object := fmt.Sprintf("the %s mapping of customer %s", api.Psa(m.PSA.ValueString()).DisplayName(), customerMappingLabel(m))
	whatToDo := ""
	if client.IsConflict(err) {
		whatToDo = "A PSA company and contract can be mapped to one Sophos customer only. Map this customer to " +
			"another contract (see data.sophos_psa_contracts), or unmap the other customer first."
	}
	return apiErrorDiagnostic(verb, "PSA customer mapping", object, err, whatToDo)
}

func customerMappingID(psa, customerID string) string { return psa + "/" + customerID }

// customerMappingLabel names the customer in messages: its name and id when known.
func customerMappingLabel(m psaCustomerMappingModel) string {
	if n := m.CustomerName.ValueString(); n != "" {
		return fmt.Sprintf("%q (%s)", n, m.CustomerID.ValueString())
	}
	return m.CustomerID.ValueString()
}

func readCustomerMappingHealth(ctx context.Context, private privateGetter, diags *diag.Diagnostics) customerMappingHealth {
	var h customerMappingHealth
	raw, d := private.GetKey(ctx, customerMappingHealthKey)
	diags.Append(d...)
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &h); err != nil {
			tflog.Debug(ctx, "Ignoring unreadable private state", map[string]any{"error": err.Error()})
		}
	}
	return h
}

func saveCustomerMappingHealth(ctx context.Context, private privateSetter, m *api.CustomerMapping) diag.Diagnostics {
	h := customerMappingHealth{CompanyExists: m.CompanyExists}
	if m.ContractStatus != nil {
		h.ContractStatus = string(*m.ContractStatus)
	}
	raw, err := json.Marshal(h)
	if err != nil {
		var d diag.Diagnostics
		d.AddError("Unable to save PSA customer mapping", "Could not encode private state: "+err.Error())
		return d
	}
	return private.SetKey(ctx, customerMappingHealthKey, raw)
}
