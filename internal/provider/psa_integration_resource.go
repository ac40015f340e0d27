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

// sophos_psa_integration: the type and its CRUD. Its schema is in
// psa_integration_schema.go, the model in psa_integration_model.go, plan-time checks in
// psa_integration_plan.go and message texts in psa_integration_messages.go.

var (
	_ resource.Resource                   = (*psaIntegrationResource)(nil)
	_ resource.ResourceWithConfigure      = (*psaIntegrationResource)(nil)
	_ resource.ResourceWithImportState    = (*psaIntegrationResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*psaIntegrationResource)(nil)
	_ resource.ResourceWithValidateConfig = (*psaIntegrationResource)(nil)
)

// NewPSAIntegrationResource returns the sophos_psa_integration resource.
func NewPSAIntegrationResource() resource.Resource {
	return &psaIntegrationResource{}
}

// psaIntegrationResource connects one PSA and keeps its API credentials current.
type psaIntegrationResource struct {
	resourceBase
}

func (r *psaIntegrationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_psa_integration"
}

func (r *psaIntegrationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan psaIntegrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	psa := plan.psa()
	secret := configuredSecret(ctx, req.Config, plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	current, etag, err := r.client.GetIntegration(ctx, psa)
	if err != nil {
		resp.Diagnostics.Append(r.integrationAPIError("connect", psa, err))
		return
	}
	if current.Status != api.IntegrationStatusNotConfigured {
		resp.Diagnostics.AddAttributeError(path.Root("psa"), "Already connected outside Terraform", integrationAlreadyConnectedDetail(current))
		return
	}
	// If-Match on the disconnected integration: a connection made in the console in
	// between fails with 412 instead of being overwritten.
	out, etag, err := r.client.PutIntegration(ctx, psa, plan.toInput(secret), etag)
	if err != nil {
		resp.Diagnostics.Append(r.integrationAPIError("connect", psa, err))
		return
	}
	tflog.Debug(ctx, "Connected PSA integration", map[string]any{"psa": psa})
	r.saveAfterWrite(ctx, plan, out, etag, &resp.State, resp.Identity, resp.Private, &resp.Diagnostics)
}

func (r *psaIntegrationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state psaIntegrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// First, from the prior state: engines before 1.12 and older state send none.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, psaIdentity(state.PSA))...)
	in, etag, err := r.client.GetIntegration(ctx, state.psa())
	if err != nil {
		resp.Diagnostics.Append(r.integrationAPIError("read", state.psa(), err))
		return
	}
	if in.Status == api.IntegrationStatusNotConfigured {
		tflog.Warn(ctx, "PSA integration was disconnected outside Terraform; removing it from state", map[string]any{"psa": state.PSA.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	next := psaIntegrationFromAPI(in, &state)
	if !credentialsWrittenBy(ctx, req.Private, in.CredentialsUpdatedAt, &resp.Diagnostics) {
		// The credentials were written outside Terraform (or were imported): a configuration
		// with a *_wo_version plans to send its own again.
		next.forgetVersions()
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
	resp.Diagnostics.Append(setETag(ctx, resp.Private, etag)...)
}

func (r *psaIntegrationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan psaIntegrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	secret := configuredSecret(ctx, req.Config, plan, &resp.Diagnostics)
	etag, diags := getETag(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	out, etag, err := r.client.PutIntegration(ctx, plan.psa(), plan.toInput(secret), etag)
	if err != nil {
		resp.Diagnostics.Append(r.integrationAPIError("update", plan.psa(), err))
		return
	}
	tflog.Debug(ctx, "Updated PSA integration credentials", map[string]any{"psa": plan.PSA.ValueString()})
	r.saveAfterWrite(ctx, plan, out, etag, &resp.State, resp.Identity, resp.Private, &resp.Diagnostics)
}

func (r *psaIntegrationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state psaIntegrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	etag, diags := getETag(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.DeleteIntegration(ctx, state.psa(), etag); err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.Append(r.integrationAPIError("disconnect", state.psa(), err))
		return
	}
	tflog.Debug(ctx, "Disconnected PSA integration", map[string]any{"psa": state.PSA.ValueString()})
}

// ImportState imports a connected PSA by its name (`autotask`, `connectwise`) or identity.
func (r *psaIntegrationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	psa, ok := importPSA(ctx, "sophos_psa_integration", req, &resp.Diagnostics)
	if !ok {
		return
	}
	in, _, err := r.client.GetIntegration(ctx, psa)
	switch {
	case err != nil:
		resp.Diagnostics.Append(r.integrationAPIError("import", psa, err))
		return
	case in.Status == api.IntegrationStatusNotConfigured:
		resp.Diagnostics.AddError("Unable to import PSA integration",
			fmt.Sprintf("%s is not connected to this partner account, so there is nothing to import. Remove the import and "+
				"apply the configuration to connect it.", psa.DisplayName()))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), string(psa))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("psa"), string(psa))...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, psaIdentityModel{PSA: types.StringValue(string(psa))})...)
}

// saveAfterWrite stores the integration the API answered a write with, and when the
// credentials were written.
func (r *psaIntegrationResource) saveAfterWrite(ctx context.Context, plan psaIntegrationModel, out *api.Integration, etag string, st *tfsdk.State, identity *tfsdk.ResourceIdentity, private privateSetter, diags *diag.Diagnostics) {
	state := psaIntegrationFromAPI(out, &plan)
	diags.Append(st.Set(ctx, &state)...)
	diags.Append(setIdentity(ctx, identity, psaIdentity(state.PSA))...)
	diags.Append(setETag(ctx, private, etag)...)
	diags.Append(saveCredentialsWritten(ctx, private, out.CredentialsUpdatedAt)...)
}
