package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

var (
	_ resource.Resource                = (*psaProductMappingResource)(nil)
	_ resource.ResourceWithConfigure   = (*psaProductMappingResource)(nil)
	_ resource.ResourceWithImportState = (*psaProductMappingResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*psaProductMappingResource)(nil)
)

// sophosProductPattern is the shape of a Sophos product identifier.
var sophosProductPattern = regexp.MustCompile(`^Sophos_[A-Za-z0-9_]+$`)

// psaProductMappingResource maps one Sophos product to a PSA product.
type psaProductMappingResource struct {
	resourceBase
}

// psaProductMappingModel is the resource's state.
type psaProductMappingModel struct {
	ID  types.String `tfsdk:"id"`
	PSA types.String `tfsdk:"psa"`
	productMappingFields
}

// NewPSAProductMappingResource is the constructor of sophos_psa_product_mapping.
func NewPSAProductMappingResource() resource.Resource {
	return &psaProductMappingResource{}
}

func (r *psaProductMappingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_psa_product_mapping"
}

func (r *psaProductMappingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	d := productMappingDescriptions()
	resp.Schema = schema.Schema{
		MarkdownDescription: "Maps a Sophos product to a product of the PSA catalog, so its monthly usage is billed " +
			"to that product, and switches the product's usage sync. Destroying the resource removes the mapping, " +
			"which switches usage sync off.\n\n" +
			"Creating the resource never takes over a mapping someone already made in Sophos Central Partner: " +
			"it fails and tells you to import that mapping instead.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<psa>/<sophos_product>`, e.g. `connectwise/Sophos_Intercept_X_Advanced`; also the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"psa": schema.StringAttribute{
				MarkdownDescription: psaDescription("PSA the Sophos product is mapped in; changing it replaces the mapping."),
				Required:            true,
				Validators:          psaValidators(),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"sophos_product": schema.StringAttribute{
				MarkdownDescription: d["sophos_product"] + " Must be a product with usage of the partner " +
					"(the `sophos_psa_product_mappings` data source lists them); changing it replaces the mapping.",
				Required: true,
				// The pattern also refuses "", with the same one message.
				Validators: []validator.String{
					stringvalidator.RegexMatches(sophosProductPattern,
						"must be a Sophos product identifier such as \"Sophos_Intercept_X_Advanced\": \"Sophos_\" followed by letters, digits and underscores"),
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"psa_product_id": schema.Int64Attribute{
				MarkdownDescription: d["psa_product_id"] + " The product must belong to `psa` and be active. " +
					"Use `sophos_psa_products` to look one up, or a `connectwise_product`'s `id`.",
				Required:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"sync_enabled": schema.BoolAttribute{
				MarkdownDescription: d["sync_enabled"] + " Defaults to `true`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
			},
			"sophos_product_name": schema.StringAttribute{
				MarkdownDescription: d["sophos_product_name"],
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"psa_product_name": schema.StringAttribute{
				MarkdownDescription: d["psa_product_name"] + " Follows renames of the PSA product; unknown in a plan only when `psa_product_id` changes.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{useStateUnlessChanged(path.Root("psa_product_id"))},
			},
		},
	}
}

// ModifyPlan checks at plan time what only the API knows: that the Sophos product exists and
// is not mapped yet (on create), and that the PSA product belongs to the PSA and is active
// (whenever psa_product_id changes). On create it fills in sophos_product_name, which never
// changes.
func (r *psaProductMappingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return // destroy, or the provider is not configured
	}
	var plan psaProductMappingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.PSA.IsUnknown() {
		return
	}
	creating := req.State.Raw.IsNull()
	var state psaProductMappingModel
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	psa := api.Psa(plan.PSA.ValueString())

	if creating && !plan.SophosProduct.IsUnknown() {
		current, _, ok := r.currentMapping(ctx, psa, plan.SophosProduct.ValueString(), &resp.Diagnostics)
		if !ok {
			return
		}
		plan.SophosProductName = types.StringValue(current.SophosProductName)
		plan.ID = types.StringValue(productMappingID(string(psa), current.SophosProduct))
	}

	if !plan.PSAProductID.IsUnknown() && (creating || !plan.PSAProductID.Equal(state.PSAProductID)) {
		_, detail, err := r.psaProductProblem(ctx, psa, plan.PSAProductID.ValueInt64())
		if err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostic("read", "PSA product", fmt.Sprintf("%s product %d", psa.DisplayName(), plan.PSAProductID.ValueInt64()), err, ""))
			return
		}
		if detail != "" {
			resp.Diagnostics.AddAttributeError(path.Root("psa_product_id"), "Invalid PSA product for mapping", detail)
			return
		}
		// psa_product_name stays unknown here: Terraform plans again during apply, and a name
		// read now could differ by then if someone renamed the product in between.
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// currentMapping reads the current mapping of a Sophos product before it is created and
// reports, on sophos_product, an unknown product or one that is already mapped.
func (r *psaProductMappingResource) currentMapping(ctx context.Context, psa api.Psa, sophosProduct string, diags *diag.Diagnostics) (*api.ProductMapping, string, bool) {
	current, etag, err := r.client.GetProductMapping(ctx, psa, sophosProduct)
	if client.IsNotFound(err) {
		diags.AddAttributeError(path.Root("sophos_product"), "Unknown Sophos product", r.unknownProductDetail(ctx, psa, sophosProduct))
		return nil, "", false
	}
	if err != nil {
		diags.Append(apiErrorDiagnostic("read", "PSA product mapping", describeProductMapping(psa, sophosProduct), err, ""))
		return nil, "", false
	}
	if current.Mapped {
		diags.AddAttributeError(path.Root("sophos_product"), alreadyMappedSummary, alreadyMappedDetail(current))
		return nil, "", false
	}
	return current, etag, true
}

func (r *psaProductMappingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan psaProductMappingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	psa := api.Psa(plan.PSA.ValueString())
	sophosProduct := plan.SophosProduct.ValueString()

	// Check again at apply time: someone may have mapped it in the console since the plan.
	// The ETag of the unmapped state makes the write fail if that happens in between.
	_, etag, ok := r.currentMapping(ctx, psa, sophosProduct, &resp.Diagnostics)
	if !ok {
		return
	}
	out, etag, err := r.client.PutProductMapping(ctx, psa, sophosProduct, plan.toInput(), etag)
	if err != nil {
		resp.Diagnostics.Append(r.writeError(ctx, "create", plan, err))
		return
	}
	tflog.Debug(ctx, "Created PSA product mapping", map[string]any{"psa": psa, "sophos_product": sophosProduct, "psa_product_id": plan.PSAProductID.ValueInt64()})

	state := psaProductMappingFromAPI(out)
	state.PSAProductName = keepPlanned(plan.PSAProductName, state.PSAProductName)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setETag(ctx, resp.Private, etag)...)
}

func (r *psaProductMappingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state psaProductMappingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	psa := api.Psa(state.PSA.ValueString())
	sophosProduct := state.SophosProduct.ValueString()

	m, etag, err := r.client.GetProductMapping(ctx, psa, sophosProduct)
	if client.IsNotFound(err) || (err == nil && !m.Mapped) {
		tflog.Warn(ctx, "PSA product mapping no longer exists; removing it from state", map[string]any{"psa": psa, "sophos_product": sophosProduct})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("read", "PSA product mapping", describeProductMapping(psa, sophosProduct), err, ""))
		return
	}

	state = psaProductMappingFromAPI(m)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setETag(ctx, resp.Private, etag)...)
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
	psa := api.Psa(plan.PSA.ValueString())

	out, etag, err := r.client.PutProductMapping(ctx, psa, plan.SophosProduct.ValueString(), plan.toInput(), ifMatch)
	if err != nil {
		resp.Diagnostics.Append(r.writeError(ctx, "update", plan, err))
		return
	}
	tflog.Debug(ctx, "Updated PSA product mapping", map[string]any{"psa": psa, "sophos_product": plan.SophosProduct.ValueString(), "psa_product_id": plan.PSAProductID.ValueInt64()})

	state := psaProductMappingFromAPI(out)
	state.PSAProductName = keepPlanned(plan.PSAProductName, state.PSAProductName)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setETag(ctx, resp.Private, etag)...)
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
	psa := api.Psa(state.PSA.ValueString())

	err := r.client.DeleteProductMapping(ctx, psa, state.SophosProduct.ValueString(), ifMatch)
	if err == nil || client.IsNotFound(err) {
		tflog.Debug(ctx, "Deleted PSA product mapping", map[string]any{"psa": psa, "sophos_product": state.SophosProduct.ValueString()})
		return
	}
	resp.Diagnostics.Append(apiErrorDiagnostic("delete", "PSA product mapping", describeProductMapping(psa, state.SophosProduct.ValueString()), err, ""))
}

func (r *psaProductMappingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	psaText, sophosProduct, found := strings.Cut(req.ID, "/")
	if !found || !api.Psa(psaText).Valid() || !sophosProductPattern.MatchString(sophosProduct) {
		resp.Diagnostics.Append(invalidImportIDDiagnostic("sophos_psa_product_mapping", req.ID,
			"<psa>/<sophos_product>, where <psa> is "+strings.Join(api.Strings(api.PSAs()), " or ")+" and <sophos_product> a Sophos product identifier",
			"connectwise/Sophos_Intercept_X_Advanced"))
		return
	}
	psa := api.Psa(psaText)
	m, _, err := r.client.GetProductMapping(ctx, psa, sophosProduct)
	if err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.Append(apiErrorDiagnostic("import", "PSA product mapping", describeProductMapping(psa, sophosProduct), err, ""))
		return
	}
	if err != nil || !m.Mapped {
		resp.Diagnostics.AddError("Unable to import PSA product mapping",
			fmt.Sprintf("Sophos product %q is not mapped in %s, so there is nothing to import. Remove the import and apply "+
				"the configuration to create the mapping.", sophosProduct, psa.DisplayName()))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("psa"), psaText)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("sophos_product"), sophosProduct)...)
}

// writeError explains a failed PUT. When the API rejects the PSA product, it says what is
// wrong with it (inactive, of the other PSA, missing).
func (r *psaProductMappingResource) writeError(ctx context.Context, verb string, plan psaProductMappingModel, err error) diag.Diagnostic {
	psa := api.Psa(plan.PSA.ValueString())
	advice := ""
	if client.IsValidation(err) || client.IsNotFound(err) || client.IsConflict(err) {
		if _, detail, perr := r.psaProductProblem(ctx, psa, plan.PSAProductID.ValueInt64()); perr == nil {
			advice = detail
		}
	}
	return apiErrorDiagnostic(verb, "PSA product mapping", describeProductMapping(psa, plan.SophosProduct.ValueString()), err, advice)
}

// psaProductProblem reads the PSA product about to be mapped and says why it cannot be
// mapped ("" when it can).
func (r *psaProductMappingResource) psaProductProblem(ctx context.Context, psa api.Psa, id int64) (*api.PsaProduct, string, error) {
	p, _, err := r.client.GetPSAProduct(ctx, psa, id)
	if err == nil {
		if p.InactiveFlag {
			return p, fmt.Sprintf("%s product %d (%q, %q) is inactive, and usage cannot be synced to an inactive product. "+
				"Activate it in the PSA (for a connectwise_product, set inactive = false) or choose an active product; "+
				"the sophos_psa_products data source lists active products.", psa.DisplayName(), id, p.Identifier, p.Description), nil
		}
		return p, "", nil
	}
	if !client.IsNotFound(err) {
		return nil, "", err
	}
	other := psa.Other()
	if op, _, oerr := r.client.GetPSAProduct(ctx, other, id); oerr == nil {
		return nil, fmt.Sprintf("Product %d (%q) is a product of %s, not of %s. Set psa = %q to map it in %s, or choose a "+
			"%s product (the sophos_psa_products data source with psa = %q lists them).",
			id, op.Identifier, other.DisplayName(), psa.DisplayName(), string(other), other.DisplayName(), psa.DisplayName(), string(psa)), nil
	}
	return nil, fmt.Sprintf("%s has no product with id %d. Find product ids with the sophos_psa_products data source.", psa.DisplayName(), id), nil
}

// unknownProductDetail explains a Sophos product the API does not know, listing valid ones.
func (r *psaProductMappingResource) unknownProductDetail(ctx context.Context, psa api.Psa, sophosProduct string) string {
	detail := fmt.Sprintf("Sophos product %q has no usage for this partner in %s, so it cannot be mapped.", sophosProduct, psa.DisplayName())
	mappings, err := r.client.ListProductMappings(ctx, psa)
	if err != nil || len(mappings) == 0 {
		return detail + " The sophos_psa_product_mappings data source lists the products that can be."
	}
	names := make([]string, len(mappings))
	for i, m := range mappings {
		names[i] = m.SophosProduct
	}
	return detail + " Valid products: " + api.QuotedList(names) + "."
}

// alreadyMappedDetail explains why create refuses a product that is already mapped.
func alreadyMappedDetail(m *api.ProductMapping) string {
	target := "a PSA product"
	if m.PsaProductId != nil {
		target = fmt.Sprintf("PSA product %d", *m.PsaProductId)
		if m.PsaProductIdentifier != nil {
			target += fmt.Sprintf(" (%q)", *m.PsaProductIdentifier)
		}
	}
	id := productMappingID(string(m.Psa), m.SophosProduct)
	return fmt.Sprintf("Sophos product %q is already mapped to %s in %s, probably by someone in Sophos Central Partner. "+
		"Terraform does not take over an existing mapping silently. To manage it with Terraform, import it:\n\n"+
		"  terraform import sophos_psa_product_mapping.<name> %s\n\n"+
		"or add an import block { to = sophos_psa_product_mapping.<name>, id = %q }; the next plan then shows any "+
		"change to it. Otherwise remove the mapping in the console first.", m.SophosProduct, target, m.Psa.DisplayName(), id, id)
}

// toInput builds the API's write body.
func (m psaProductMappingModel) toInput() api.ProductMappingInput {
	return api.ProductMappingInput{
		PsaProductId: m.PSAProductID.ValueInt64(),
		SyncEnabled:  m.SyncEnabled.ValueBoolPointer(),
	}
}

// psaProductMappingFromAPI maps a product mapping of the API to the resource's model.
func psaProductMappingFromAPI(m *api.ProductMapping) psaProductMappingModel {
	return psaProductMappingModel{
		ID:                   types.StringValue(productMappingID(string(m.Psa), m.SophosProduct)),
		PSA:                  types.StringValue(string(m.Psa)),
		productMappingFields: productMappingFieldsFromAPI(m),
	}
}

// describeProductMapping names a product mapping in messages.
func describeProductMapping(psa api.Psa, sophosProduct string) string {
	return fmt.Sprintf("the %s mapping of Sophos product %q", psa.DisplayName(), sophosProduct)
}
