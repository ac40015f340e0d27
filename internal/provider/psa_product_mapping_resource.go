package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// sophos_psa_product_mapping: the type and its CRUD. Its schema is in
// psa_product_mapping_schema.go, the model and API mapping in psa_product_mapping_model.go
// (fields shared with the data source included), plan-time checks in
// psa_product_mapping_plan.go and message texts in psa_product_mapping_messages.go.

var (
	_ resource.Resource                = (*psaProductMappingResource)(nil)
	_ resource.ResourceWithConfigure   = (*psaProductMappingResource)(nil)
	_ resource.ResourceWithImportState = (*psaProductMappingResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*psaProductMappingResource)(nil)
)

// psaProductMappingResource maps one Sophos product to a PSA product.
type psaProductMappingResource struct {
	resourceBase
}

// NewPSAProductMappingResource is the constructor of sophos_psa_product_mapping.
func NewPSAProductMappingResource() resource.Resource {
	return &psaProductMappingResource{}
}

func (r *psaProductMappingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_psa_product_mapping"
}

func (r *psaProductMappingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan psaProductMappingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Check again at apply time: someone may have mapped it in the console since the plan.
	// The ETag of the unmapped state makes the write fail if that happens in between.
	out, etag, ok := r.currentMapping(ctx, plan.psa(), plan.SophosProduct.ValueString(), &resp.Diagnostics)
	if !ok || !r.checkExisting(plan, out, false, &resp.Diagnostics) {
		return
	}
	if out.Mapped {
		// Exactly what the plan asks for: an earlier apply that did not finish, or the same
		// mapping made in the console. Adopt it without a write.
		tflog.Debug(ctx, "Adopted the existing PSA product mapping", map[string]any{"psa": plan.PSA.ValueString(), "sophos_product": plan.SophosProduct.ValueString()})
	} else {
		var err error
		out, etag, err = r.client.PutProductMapping(ctx, plan.psa(), plan.SophosProduct.ValueString(), plan.toInput(), etag)
		if err != nil {
			resp.Diagnostics.Append(r.mappingError(ctx, "create", plan, err))
			return
		}
		tflog.Debug(ctx, "Created PSA product mapping", map[string]any{"psa": plan.PSA.ValueString(), "sophos_product": plan.SophosProduct.ValueString(), "psa_product_id": plan.PSAProductID.ValueInt64()})
	}
	r.saveAfterWrite(ctx, plan, out, etag, &resp.State, resp.Identity, resp.Private, &resp.Diagnostics)
}

func (r *psaProductMappingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state psaProductMappingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	// Identity first, from the prior state: a Read that removes the resource must still
	// return one (see provider_identity.go).
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, productMappingIdentity(state))...)
	if resp.Diagnostics.HasError() {
		return
	}
	psa, sophosProduct := state.psa(), state.SophosProduct.ValueString()
	m, etag, err := r.snapshot.productMapping(ctx, psa, sophosProduct, true)
	if client.IsNotFound(err) || (err == nil && !m.Mapped) {
		tflog.Warn(ctx, "PSA product mapping no longer exists; removing it from state", map[string]any{"psa": psa, "sophos_product": sophosProduct})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(r.mappingError(ctx, "read", state, err))
		return
	}
	state = psaProductMappingFromAPI(m)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, productMappingIdentity(state))...)
	resp.Diagnostics.Append(setETag(ctx, resp.Private, etag)...)
	resp.Diagnostics.Append(r.notePlannedProductName(ctx, resp.Private, psa, state.PSAProductID)...)
}

func (r *psaProductMappingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan psaProductMappingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ifMatch, diags := getETag(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var prior psaProductMappingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.PSAProductID.Equal(prior.PSAProductID) && plan.SyncEnabled.Equal(prior.SyncEnabled) && !plan.PSAProductName.IsUnknown() {
		// Only psa_product_name changes, because this apply renames the PSA product
		// (ModifyPlan): nothing of the mapping to write, and its ETag stays.
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, productMappingIdentity(plan))...)
		return
	}
	end := func(bool) {}
	if !plan.PSAProductID.Equal(prior.PSAProductID) {
		end = r.releases.start(plan.psa(), plan.SophosProduct.ValueString()) // off its product: product_releases.go
	}
	out, etag, err := r.client.PutProductMapping(ctx, plan.psa(), plan.SophosProduct.ValueString(), plan.toInput(), ifMatch)
	end(err == nil)
	if err != nil {
		resp.Diagnostics.Append(r.mappingError(ctx, "update", plan, err))
		return
	}
	tflog.Debug(ctx, "Updated PSA product mapping", map[string]any{"psa": plan.PSA.ValueString(), "sophos_product": plan.SophosProduct.ValueString(), "psa_product_id": plan.PSAProductID.ValueInt64()})
	r.saveAfterWrite(ctx, plan, out, etag, &resp.State, resp.Identity, resp.Private, &resp.Diagnostics)
}

func (r *psaProductMappingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state psaProductMappingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ifMatch, diags := getETag(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	end := r.releases.start(state.psa(), state.SophosProduct.ValueString()) // a product's delete may wait for it: product_releases.go
	err := r.client.DeleteProductMapping(ctx, state.psa(), state.SophosProduct.ValueString(), ifMatch)
	end(err == nil || client.IsNotFound(err))
	if err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.Append(r.mappingError(ctx, "delete", state, err))
		return
	}
	r.snapshot.productMappingsOf(state.psa()).drop(productKey(state.SophosProduct.ValueString()))
	tflog.Debug(ctx, "Deleted PSA product mapping", map[string]any{"psa": state.PSA.ValueString(), "sophos_product": state.SophosProduct.ValueString()})
}

// ImportState imports the mapping of a Sophos product that is mapped in the PSA the import
// names. Anything else fails here with what to do instead: the exact spelling of a product
// written in another case, the other PSA's import id when only that one maps it.
func (r *psaProductMappingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	psa, sophosProduct, ok := productMappingIdentitySpec.importKey(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	m, _, err := r.client.GetProductMapping(ctx, psa, sophosProduct)
	switch {
	case client.IsNotFound(err):
		resp.Diagnostics.AddError(productMappingImportSummary, r.unknownProductImportDetail(ctx, psa, sophosProduct))
		return
	case err != nil:
		resp.Diagnostics.Append(r.apiError("import", "PSA product mapping", productMappingObject(psa, sophosProduct), err, ""))
		return
	case !m.Mapped:
		resp.Diagnostics.AddError(productMappingImportSummary, r.notMappedImportDetail(ctx, psa, m.SophosProduct, ""))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), productMappingID(string(psa), sophosProduct))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("psa"), string(psa))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("sophos_product"), sophosProduct)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, psaProductMappingIdentityModel{PSA: types.StringValue(string(psa)), SophosProduct: types.StringValue(sophosProduct)})...)
}

// saveAfterWrite stores the mapping the API answered a write with (or, adopting, the one
// it holds), in state and in the snapshot, so later checks of the same run see it. A name
// the plan already knew is kept as planned (see keepPlanned).
func (r *psaProductMappingResource) saveAfterWrite(ctx context.Context, plan psaProductMappingModel, out *api.ProductMapping, etag string,
	st *tfsdk.State, identity *tfsdk.ResourceIdentity, private privateSetter, diags *diag.Diagnostics) {
	r.snapshot.productMappingsOf(out.Psa).put(*out)
	state := psaProductMappingFromAPI(out)
	state.PSAProductName = keepPlanned(plan.PSAProductName, state.PSAProductName)
	diags.Append(st.Set(ctx, &state)...)
	diags.Append(setIdentity(ctx, identity, productMappingIdentity(state))...)
	diags.Append(setETag(ctx, private, etag)...)
}
