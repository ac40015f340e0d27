package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// sophos_connectwise_product and connectwise_product: the type, its two names and its CRUD.
// The schema is in connectwise_product_schema.go, the model in connectwise_product_model.go
// (the fields it shares with sophos_psa_products in psa_product_fields.go), plan-time checks
// in connectwise_product_plan.go and message texts in connectwise_product_messages.go.

// The two names of the ConnectWise product resource: the short one users asked for, and
// the provider-prefixed one that needs no `provider` argument.
const (
	connectWiseProductTypeName       = "connectwise_product"
	sophosConnectWiseProductTypeName = "sophos_connectwise_product"
)

var (
	_ resource.Resource                   = (*connectWiseProductResource)(nil)
	_ resource.ResourceWithConfigure      = (*connectWiseProductResource)(nil)
	_ resource.ResourceWithImportState    = (*connectWiseProductResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*connectWiseProductResource)(nil)
	_ resource.ResourceWithMoveState      = (*connectWiseProductResource)(nil)
	_ resource.ResourceWithValidateConfig = (*connectWiseProductResource)(nil)
)

// connectWiseProductResource manages a product (catalog item) of the partner's ConnectWise
// PSA through Sophos Central Partner. One implementation serves both type names.
type connectWiseProductResource struct {
	resourceBase
	typeName string
}

// NewConnectWiseProductResource is the constructor of connectwise_product.
func NewConnectWiseProductResource() resource.Resource {
	return &connectWiseProductResource{typeName: connectWiseProductTypeName}
}

// NewSophosConnectWiseProductResource is the constructor of sophos_connectwise_product, the
// same resource under the provider's prefix.
func NewSophosConnectWiseProductResource() resource.Resource {
	return &connectWiseProductResource{typeName: sophosConnectWiseProductTypeName}
}

func (r *connectWiseProductResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.typeName
}

// otherTypeName is the resource's other name.
func (r *connectWiseProductResource) otherTypeName() string {
	if r.typeName == connectWiseProductTypeName {
		return sophosConnectWiseProductTypeName
	}
	return connectWiseProductTypeName
}

func (r *connectWiseProductResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan connectWiseProductModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	p, etag, ok := r.createOrAdopt(ctx, plan, &resp.Diagnostics)
	if !ok {
		return
	}
	r.snapshot.productsOf(api.PsaConnectwise).put(*p)

	state := connectWiseProductFromAPI(p)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, connectWiseProductIdentity(p.Id))...)
	resp.Diagnostics.Append(setETag(ctx, resp.Private, etag)...)
}

// createOrAdopt creates the planned product. When the API replays the answer to an earlier
// create of the same content (see client.ProductCreateKey), an earlier apply of this
// configuration created the product and never recorded it: it is adopted if it still exists
// and matches the plan, and created afresh if it was deleted since. ok is false when diags
// has the error.
func (r *connectWiseProductResource) createOrAdopt(ctx context.Context, plan connectWiseProductModel, diags *diag.Diagnostics) (*api.PsaProduct, string, bool) {
	identifier := plan.Identifier.ValueString()
	in := plan.toInput()
	created, err := r.catalog().createProduct(ctx, in)
	if err == nil && created.Replayed {
		id := created.Product.Id
		p, etag, getErr := r.directories[api.PsaConnectwise].getProduct(ctx, id)
		switch {
		case isNotFound(getErr):
			// Created, destroyed and asked for again within the API's 24 hours.
			tflog.Debug(ctx, "The ConnectWise product an earlier create made was deleted since; creating it afresh", map[string]any{"id": id})
			created, err = r.catalog().createProductAfresh(ctx, in)
		case getErr != nil:
			diags.Append(r.apiError("read", "ConnectWise product", describeProduct(identifier, strconv.FormatInt(id, 10)), getErr, ""))
			return nil, "", false
		case !plan.sameAs(p):
			diags.AddAttributeError(path.Root("identifier"), "ConnectWise product changed since an earlier apply created it", r.changedSinceCreatedDetail(p))
			return nil, "", false
		default:
			tflog.Debug(ctx, "Adopted the ConnectWise product an earlier apply of this configuration created", map[string]any{"id": p.Id, "identifier": p.Identifier})
			return p, etag, true
		}
	}
	if err != nil {
		diags.Append(r.apiError("create", "ConnectWise product", describeProduct(identifier, ""), err, r.conflictAdvice(ctx, err, identifier, "")))
		return nil, "", false
	}
	tflog.Debug(ctx, "Created ConnectWise product", map[string]any{"id": created.Product.Id, "identifier": created.Product.Identifier})
	return created.Product, created.ETag, true
}

func (r *connectWiseProductResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state connectWiseProductModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, ok := r.parseID(state.ID.ValueString(), path.Root("id"), &resp.Diagnostics)
	if !ok {
		return
	}
	// Identity first, from the prior state: a Read that removes the resource must still
	// return one (see provider_identity.go).
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, connectWiseProductIdentity(id))...)

	p, etag, err := r.snapshot.psaProduct(ctx, api.PsaConnectwise, id)
	if isNotFound(err) {
		tflog.Warn(ctx, "ConnectWise product no longer exists; removing it from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(r.apiError("read", "ConnectWise product", describeProduct(state.Identifier.ValueString(), state.ID.ValueString()), err, ""))
		return
	}

	state = connectWiseProductFromAPI(p)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, connectWiseProductIdentity(p.Id))...)
	resp.Diagnostics.Append(setETag(ctx, resp.Private, etag)...)
}

func (r *connectWiseProductResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state connectWiseProductModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, ok := r.parseID(state.ID.ValueString(), path.Root("id"), &resp.Diagnostics)
	if !ok {
		return
	}
	ifMatch, diags := getETag(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	p, etag, err := r.catalog().updateProduct(ctx, id, plan.toInput(), ifMatch)
	if err != nil {
		resp.Diagnostics.Append(r.apiError("update", "ConnectWise product",
			describeProduct(state.Identifier.ValueString(), state.ID.ValueString()), err,
			r.conflictAdvice(ctx, err, plan.Identifier.ValueString(), state.ID.ValueString())))
		return
	}
	r.snapshot.productsOf(api.PsaConnectwise).put(*p)
	tflog.Debug(ctx, "Updated ConnectWise product", map[string]any{"id": p.Id, "identifier": p.Identifier})

	state = connectWiseProductFromAPI(p)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, connectWiseProductIdentity(p.Id))...)
	resp.Diagnostics.Append(setETag(ctx, resp.Private, etag)...)
}

func (r *connectWiseProductResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state connectWiseProductModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, ok := r.parseID(state.ID.ValueString(), path.Root("id"), &resp.Diagnostics)
	if !ok {
		return
	}
	ifMatch, diags := getETag(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	err := r.catalog().deleteProduct(ctx, id, ifMatch)
	if isConflict(err) {
		// Mapped still: by mappings this same apply is removing, perhaps (product_releases.go).
		err = r.deleteAfterReleases(ctx, id, ifMatch, err)
	}
	if err == nil || isNotFound(err) {
		r.snapshot.productsOf(api.PsaConnectwise).drop(id)
		tflog.Debug(ctx, "Deleted ConnectWise product", map[string]any{"id": id})
		return
	}
	object := describeProduct(state.Identifier.ValueString(), state.ID.ValueString())
	advice := ""
	if isConflict(err) {
		advice = r.stillMappedAdvice(ctx, id, object)
	}
	resp.Diagnostics.Append(r.apiError("delete", "ConnectWise product", object, err, advice))
}

// ImportState imports a product by its numeric id; an id ConnectWise does not have fails
// here, with where to find the right one.
func (r *connectWiseProductResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := r.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	_, _, err := r.directories[api.PsaConnectwise].getProduct(ctx, id)
	switch {
	case isNotFound(err):
		resp.Diagnostics.AddError("Unable to import ConnectWise product",
			fmt.Sprintf("ConnectWise PSA has no product %d, so there is nothing to import. Find product ids with the "+
				"sophos_psa_products data source (include_inactive = true lists inactive ones too).", id))
		return
	case err != nil:
		resp.Diagnostics.Append(r.apiError("import", "ConnectWise product", describeProduct("", strconv.FormatInt(id, 10)), err, ""))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(id, 10))...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, connectWiseProductIdentity(id))...)
}

// MoveState accepts the state of the resource's other name (and of its own name) from this
// provider: the schemas are the same, so the state and the ETag move unchanged.
func (r *connectWiseProductResource) MoveState(_ context.Context) []resource.StateMover {
	s := connectWiseProductSchema(r.typeName, r.otherTypeName())
	return []resource.StateMover{{
		SourceSchema: &s,
		StateMover: func(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
			if req.SourceTypeName != connectWiseProductTypeName && req.SourceTypeName != sophosConnectWiseProductTypeName {
				return
			}
			if !strings.HasSuffix(req.SourceProviderAddress, "/sophos") {
				return
			}
			if req.SourceState == nil {
				resp.Diagnostics.AddError("Unable to move ConnectWise product",
					fmt.Sprintf("The state of %s (schema version %d) could not be read as a ConnectWise product. "+
						"Upgrade the provider, or remove the moved block and import the product by id.", req.SourceTypeName, req.SourceSchemaVersion))
				return
			}
			var m connectWiseProductModel
			resp.Diagnostics.Append(req.SourceState.Get(ctx, &m)...)
			if resp.Diagnostics.HasError() {
				return
			}
			resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
			resp.Diagnostics.Append(setIdentity(ctx, resp.TargetIdentity, connectWiseProductIdentityOf(m))...)
			if req.SourcePrivate != nil {
				etag, diags := getETag(ctx, req.SourcePrivate)
				resp.Diagnostics.Append(diags...)
				if resp.Diagnostics.HasError() {
					return
				}
				resp.Diagnostics.Append(setETag(ctx, resp.TargetPrivate, etag)...)
			}
		},
	}}
}

// parseID reads the numeric product id from state, reporting a malformed one on attr.
func (r *connectWiseProductResource) parseID(raw string, attr path.Path, diags *diag.Diagnostics) (int64, bool) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 1 {
		diags.AddAttributeError(attr, "Invalid ConnectWise product id in state",
			fmt.Sprintf("The state holds id %q, which is not a numeric ConnectWise product id. Remove the resource from state "+
				"(terraform state rm) and import the product by its id (see the sophos_psa_products data source).", raw))
		return 0, false
	}
	return id, true
}
