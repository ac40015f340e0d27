package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// sophos_psa_customer_mapping: the type and its CRUD. Its schema is in
// psa_customer_mapping_schema.go, the model and API mapping in psa_customer_mapping_model.go,
// plan-time checks in psa_customer_mapping_plan.go and message texts in
// psa_customer_mapping_messages.go.

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

func (r *psaCustomerMappingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_psa_customer_mapping"
}

func (r *psaCustomerMappingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan psaCustomerMappingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Check again at apply time: someone may have mapped the customer in the console since
	// the plan. The If-Match of the unmapped object makes the check and the write one step:
	// a mapping made in the console in between fails with 412 instead of being overwritten.
	out, etag, ok := r.currentMapping(ctx, "create", plan, &resp.Diagnostics)
	if !ok || !r.checkExisting(out, false, &resp.Diagnostics) {
		return
	}
	labelled := plan
	labelled.CustomerName = types.StringValue(out.CustomerName)
	out, etag, err := r.client.PutCustomerMapping(ctx, plan.psa(), plan.CustomerID.ValueString(), plan.toInput(), etag)
	if err != nil {
		resp.Diagnostics.Append(r.mappingError(ctx, "create", labelled, err))
		return
	}
	tflog.Debug(ctx, "Created PSA customer mapping", map[string]any{"psa": plan.PSA.ValueString(), "customer_id": plan.CustomerID.ValueString()})
	r.saveAfterWrite(ctx, plan, out, etag, &resp.State, resp.Identity, resp.Private, &resp.Diagnostics)
}

func (r *psaCustomerMappingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state psaCustomerMappingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	// Identity first, from the prior state: a Read that removes the resource must still
	// return one (see provider_identity.go).
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, customerMappingIdentity(state))...)
	if resp.Diagnostics.HasError() {
		return
	}
	m, etag, err := r.snapshot.customerMapping(ctx, state.psa(), state.CustomerID.ValueString(), true)
	if client.IsNotFound(err) || (err == nil && !m.Mapped) {
		tflog.Warn(ctx, "PSA customer mapping no longer exists; removing it from state", map[string]any{"psa": state.PSA.ValueString(), "customer_id": state.CustomerID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(r.mappingError(ctx, "read", state, err))
		return
	}
	state = psaCustomerMappingFromAPI(m)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, customerMappingIdentity(state))...)
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
	out, etag, err := r.client.PutCustomerMapping(ctx, plan.psa(), plan.CustomerID.ValueString(), plan.toInput(), etag)
	if err != nil {
		resp.Diagnostics.Append(r.mappingError(ctx, "update", plan, err))
		return
	}
	tflog.Debug(ctx, "Updated PSA customer mapping", map[string]any{"psa": plan.PSA.ValueString(), "customer_id": plan.CustomerID.ValueString()})
	r.saveAfterWrite(ctx, plan, out, etag, &resp.State, resp.Identity, resp.Private, &resp.Diagnostics)
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
	err := r.client.DeleteCustomerMapping(ctx, state.psa(), state.CustomerID.ValueString(), etag)
	if err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.Append(r.mappingError(ctx, "delete", state, err))
		return
	}
	r.snapshot.customerMappingsOf(state.psa()).drop(customerKey(state.CustomerID.ValueString()))
	tflog.Debug(ctx, "Deleted PSA customer mapping", map[string]any{"psa": state.PSA.ValueString(), "customer_id": state.CustomerID.ValueString()})
}

// ImportState imports the mapping of a customer that is mapped in the PSA the import names;
// importing an unknown customer, or one that is not mapped there, fails here with what to do
// instead (the other PSA's import id when only that one maps the customer).
func (r *psaCustomerMappingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	psa, customerID, ok := customerMappingIdentitySpec.importKey(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	m, _, err := r.client.GetCustomerMapping(ctx, psa, customerID)
	switch {
	case client.IsNotFound(err):
		resp.Diagnostics.AddError(customerMappingImportSummary,
			fmt.Sprintf("The partner has no customer %s, so there is nothing to import. Use the id of one of its customers "+
				"(see the sophos_customers data source).", customerID))
		return
	case err != nil:
		resp.Diagnostics.Append(r.apiError("import", "PSA customer mapping",
			fmt.Sprintf("the %s mapping of customer %s", psa.DisplayName(), customerID), err, ""))
		return
	case !m.Mapped:
		resp.Diagnostics.AddError(customerMappingImportSummary, r.notMappedImportDetail(ctx, psa, m))
		return
	}
	// Sophos writes customer ids in lower case; an id pasted in upper case imports the same customer.
	imported := psaCustomerMappingModel{PSA: types.StringValue(string(psa)), customerMappingFields: customerMappingFields{CustomerID: types.StringValue(m.CustomerId)}}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), customerMappingID(string(psa), m.CustomerId))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("psa"), imported.PSA)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("customer_id"), imported.CustomerID)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, customerMappingIdentity(imported))...)
}

// saveAfterWrite stores the mapping the API answered a write with, in state and in the snapshot, so later checks of the same run see it. Names
// the plan already knew are kept as planned (see keepPlanned).
func (r *psaCustomerMappingResource) saveAfterWrite(ctx context.Context, plan psaCustomerMappingModel, out *api.CustomerMapping, etag string,
	st *tfsdk.State, identity *tfsdk.ResourceIdentity, private privateSetter, diags *diag.Diagnostics) {
	r.snapshot.customerMappingsOf(out.Psa).put(*out)
	state := psaCustomerMappingFromAPI(out)
	state.CustomerName = keepPlanned(plan.CustomerName, state.CustomerName)
	state.CompanyName = keepPlanned(plan.CompanyName, state.CompanyName)
	state.ContractName = keepPlanned(plan.ContractName, state.ContractName)
	diags.Append(st.Set(ctx, &state)...)
	diags.Append(setIdentity(ctx, identity, customerMappingIdentity(state))...)
	diags.Append(setETag(ctx, private, etag)...)
	diags.Append(saveCustomerMappingHealth(ctx, private, out)...)
}
