package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

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

// connectWiseProductModel is the resource's state.
type connectWiseProductModel struct {
	ID types.String `tfsdk:"id"`
	psaProductFields
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

func (r *connectWiseProductResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = connectWiseProductSchema(r.typeName, r.otherTypeName())
}

func connectWiseProductSchema(typeName, otherTypeName string) schema.Schema {
	d := psaProductDescriptions()
	intro := "Manages a product of the partner's ConnectWise PSA catalog, as \"Add product to PSA\" does in " +
		"Sophos Central Partner. Map Sophos products to it with `sophos_psa_product_mapping`. " +
		"`" + connectWiseProductTypeName + "` and `" + sophosConnectWiseProductTypeName + "` are the same resource; " +
		"a `moved` block switches between the names without touching the product."
	if typeName == connectWiseProductTypeName {
		intro += " Terraform guesses a provider from a resource type's prefix, so blocks of this type need " +
			"`provider = sophos` (or use `" + otherTypeName + "`)."
	}
	return schema.Schema{
		MarkdownDescription: intro,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Numeric id of the product in ConnectWise PSA, as a string. Use it as a mapping's `psa_product_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"identifier": schema.StringAttribute{
				MarkdownDescription: d["identifier"] + fmt.Sprintf(" At most %d characters. ", api.MaxIdentifierLength) +
					"An identifier another product already has (ignoring case) fails the plan; import that product instead.",
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, api.MaxIdentifierLength)},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: d["description"] + fmt.Sprintf(" At most %d characters.", api.MaxDescriptionLength),
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, api.MaxDescriptionLength)},
			},
			"customer_description": schema.StringAttribute{
				MarkdownDescription: d["customer_description"] + fmt.Sprintf(" At most %d characters. ", api.MaxCustomerDescriptionLength) +
					"When not set, it is the same as `description`.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, api.MaxCustomerDescriptionLength)},
			},
			"category": schema.StringAttribute{
				MarkdownDescription: d["category"],
				Computed:            true,
				PlanModifiers:       []planmodifier.String{useStateUnlessChanged(path.Root("subcategory"))},
			},
			"subcategory": schema.StringAttribute{
				MarkdownDescription: d["subcategory"] + " Checked against the reference data at plan time.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: d["type"] + " Checked against the reference data at plan time.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"product_class": schema.StringAttribute{
				MarkdownDescription: d["product_class"] + " Defaults to `" + string(api.DefaultProductClass) + "`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(string(api.DefaultProductClass)),
				Validators:          []validator.String{stringvalidator.OneOf(api.Strings(api.ProductClasses())...)},
			},
			"unit_of_measure": schema.StringAttribute{
				MarkdownDescription: d["unit_of_measure"] + " Defaults to `" + api.DefaultUnitOfMeasure + "`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(api.DefaultUnitOfMeasure),
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"price": schema.Float64Attribute{
				MarkdownDescription: d["price"] + " Not negative; defaults to `0`.",
				Optional:            true,
				Computed:            true,
				Default:             float64default.StaticFloat64(0),
				Validators:          []validator.Float64{float64validator.AtLeast(0)},
			},
			"cost": schema.Float64Attribute{
				MarkdownDescription: d["cost"] + " Not negative; defaults to `0`.",
				Optional:            true,
				Computed:            true,
				Default:             float64default.StaticFloat64(0),
				Validators:          []validator.Float64{float64validator.AtLeast(0)},
			},
			"taxable": schema.BoolAttribute{
				MarkdownDescription: d["taxable"] + " Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"inactive": schema.BoolAttribute{
				MarkdownDescription: d["inactive"] + " Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"manufacturer_part_number": schema.StringAttribute{
				MarkdownDescription: d["manufacturer_part_number"] + fmt.Sprintf(" At most %d characters.", api.MaxReferenceFieldLength),
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, api.MaxReferenceFieldLength)},
			},
			"vendor_sku": schema.StringAttribute{
				MarkdownDescription: d["vendor_sku"] + fmt.Sprintf(" At most %d characters.", api.MaxReferenceFieldLength),
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, api.MaxReferenceFieldLength)},
			},
			"integration_xref": schema.StringAttribute{
				MarkdownDescription: d["integration_xref"] + fmt.Sprintf(" At most %d characters.", api.MaxReferenceFieldLength),
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, api.MaxReferenceFieldLength)},
			},
			"notes": schema.StringAttribute{
				MarkdownDescription: d["notes"],
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

// ValidateConfig refuses names with leading or trailing whitespace, which ConnectWise would
// trim, so the stored value would differ from the configuration on every plan.
func (r *connectWiseProductResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg connectWiseProductModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for attr, v := range map[string]types.String{
		"identifier":  cfg.Identifier,
		"description": cfg.Description,
		"subcategory": cfg.Subcategory,
		"type":        cfg.Type,
	} {
		if v.IsNull() || v.IsUnknown() {
			continue
		}
		if s := v.ValueString(); s != "" && strings.TrimSpace(s) != s {
			resp.Diagnostics.AddAttributeError(path.Root(attr), "Invalid ConnectWise product "+attr,
				fmt.Sprintf("%s %q starts or ends with whitespace, which ConnectWise PSA removes. Remove it from the configuration.", attr, s))
		}
	}
}

// ModifyPlan makes the plan say what will happen: customer_description follows description
// when it is not set, category is known as soon as subcategory is, subcategory, type and
// unit_of_measure are checked against the ConnectWise reference data, and a new identifier
// must not be another product's.
func (r *connectWiseProductResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan, cfg connectWiseProductModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	creating := req.State.Raw.IsNull()
	var state connectWiseProductModel
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}

	if cfg.CustomerDescription.IsNull() {
		plan.CustomerDescription = plan.Description
	}

	// category keeps its state value unless subcategory changes (see its plan modifier);
	// when it changes, the reference data tells the new category already at plan time.
	subcategoryChanged := creating || !plan.Subcategory.Equal(state.Subcategory)
	needsCheck := subcategoryChanged || !plan.Type.Equal(state.Type) || !plan.UnitOfMeasure.Equal(state.UnitOfMeasure)
	if needsCheck && r.reference != nil {
		ref, err := r.reference.get(ctx)
		if err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostic("read", "ConnectWise catalog reference data",
				"the ConnectWise categories, product types and units of measure", err,
				"They are needed to check subcategory, type and unit_of_measure. Check that ConnectWise PSA is connected "+
					"in Sophos Central Partner (Settings & policies > API & Integrations > PSA Integration)."))
			return
		}
		r.checkReferences(plan, ref, resp)
		if subcategoryChanged && !plan.Subcategory.IsUnknown() {
			if cat, ok := ref.category(plan.Subcategory.ValueString()); ok {
				plan.Category = types.StringValue(cat)
			}
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if r.client != nil && !plan.Identifier.IsUnknown() && (creating || !plan.Identifier.Equal(state.Identifier)) {
		r.checkIdentifierFree(ctx, plan.Identifier.ValueString(), state.ID.ValueString(), &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// checkIdentifierFree reports, on identifier, another product that already has it; ownID
// is the product's own id ("" before it is created).
func (r *connectWiseProductResource) checkIdentifierFree(ctx context.Context, identifier, ownID string, diags *diag.Diagnostics) {
	existing, err := r.productWithIdentifier(ctx, identifier, ownID)
	if err != nil {
		diags.Append(apiErrorDiagnostic("check", "ConnectWise product", describeProduct(identifier, ownID), err, ""))
		return
	}
	if existing != nil {
		diags.AddAttributeError(path.Root("identifier"), "ConnectWise product identifier in use", r.identifierInUseDetail(existing))
	}
}

// productWithIdentifier returns the product other than ownID (inactive ones included) whose
// identifier equals identifier ignoring case, as ConnectWise compares them, or nil.
func (r *connectWiseProductResource) productWithIdentifier(ctx context.Context, identifier, ownID string) (*api.PsaProduct, error) {
	products, err := r.client.ListPSAProducts(ctx, api.PsaConnectwise, client.ProductQuery{Identifier: identifier, IncludeInactive: true})
	if err != nil {
		return nil, err
	}
	for i := range products {
		p := &products[i]
		if strings.EqualFold(p.Identifier, identifier) && strconv.FormatInt(p.Id, 10) != ownID {
			return p, nil
		}
	}
	return nil, nil
}

// identifierInUseDetail says which product has the identifier and how to manage it instead.
func (r *connectWiseProductResource) identifierInUseDetail(existing *api.PsaProduct) string {
	return fmt.Sprintf("ConnectWise product %d already uses identifier %q (identifiers are unique in the catalog, ignoring case). "+
		"To manage that product with Terraform, import it:\n\n"+
		"  terraform import %s.<name> %d\n\n"+
		"or add an import block { to = %s.<name>, id = \"%d\" }. Otherwise choose another identifier.",
		existing.Id, existing.Identifier, r.typeName, existing.Id, r.typeName, existing.Id)
}

// checkReferences reports names that are not in the reference data as attribute errors.
func (r *connectWiseProductResource) checkReferences(plan connectWiseProductModel, ref *catalogReference, resp *resource.ModifyPlanResponse) {
	checks := []struct {
		attr  string
		what  string
		value types.String
		known map[string]bool
	}{
		{"subcategory", "product subcategory", plan.Subcategory, ref.subcategoryNames()},
		{"type", "product type", plan.Type, ref.types},
		{"unit_of_measure", "unit of measure", plan.UnitOfMeasure, ref.units},
	}
	for _, c := range checks {
		if c.value.IsNull() || c.value.IsUnknown() {
			continue
		}
		if detail := checkName(c.attr, c.what, c.value.ValueString(), c.known); detail != "" {
			resp.Diagnostics.AddAttributeError(path.Root(c.attr), "Invalid ConnectWise product "+c.attr, detail)
		}
	}
}

func (r *connectWiseProductResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan connectWiseProductModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	object := describeProduct(plan.Identifier.ValueString(), "")

	p, etag, err := r.client.CreatePSAProduct(ctx, api.PsaConnectwise, plan.toInput())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("create", "ConnectWise product", object, err, r.conflictAdvice(ctx, err, plan.Identifier.ValueString(), "")))
		return
	}
	tflog.Debug(ctx, "Created ConnectWise product", map[string]any{"id": p.Id, "identifier": p.Identifier})

	state := connectWiseProductFromAPI(p)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setETag(ctx, resp.Private, etag)...)
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

	p, etag, err := r.client.GetPSAProduct(ctx, api.PsaConnectwise, id)
	if client.IsNotFound(err) {
		tflog.Warn(ctx, "ConnectWise product no longer exists; removing it from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("read", "ConnectWise product", describeProduct(state.Identifier.ValueString(), state.ID.ValueString()), err, ""))
		return
	}

	state = connectWiseProductFromAPI(p)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
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

	p, etag, err := r.client.UpdatePSAProduct(ctx, api.PsaConnectwise, id, plan.toInput(), ifMatch)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("update", "ConnectWise product",
			describeProduct(state.Identifier.ValueString(), state.ID.ValueString()), err,
			r.conflictAdvice(ctx, err, plan.Identifier.ValueString(), state.ID.ValueString())))
		return
	}
	tflog.Debug(ctx, "Updated ConnectWise product", map[string]any{"id": p.Id, "identifier": p.Identifier})

	state = connectWiseProductFromAPI(p)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
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

	err := r.client.DeletePSAProduct(ctx, api.PsaConnectwise, id, ifMatch)
	if err == nil || client.IsNotFound(err) {
		tflog.Debug(ctx, "Deleted ConnectWise product", map[string]any{"id": id})
		return
	}
	object := describeProduct(state.Identifier.ValueString(), state.ID.ValueString())
	advice := ""
	if client.IsConflict(err) {
		advice = r.stillMappedAdvice(ctx, id, object)
	}
	resp.Diagnostics.Append(apiErrorDiagnostic("delete", "ConnectWise product", object, err, advice))
}

// ImportState imports a product by its numeric id; an id ConnectWise does not have fails
// here, with where to find the right one.
func (r *connectWiseProductResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, err := strconv.ParseInt(req.ID, 10, 64)
	if err != nil || id < 1 {
		resp.Diagnostics.Append(invalidImportIDDiagnostic(r.typeName, req.ID,
			"the product's numeric ConnectWise id (see the sophos_psa_products data source)", "1234"))
		return
	}
	_, _, err = r.client.GetPSAProduct(ctx, api.PsaConnectwise, id)
	switch {
	case client.IsNotFound(err):
		resp.Diagnostics.AddError("Unable to import ConnectWise product",
			fmt.Sprintf("ConnectWise PSA has no product %d, so there is nothing to import. Find product ids with the "+
				"sophos_psa_products data source (include_inactive = true lists inactive ones too).", id))
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiagnostic("import", "ConnectWise product", describeProduct("", req.ID), err, ""))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
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

// conflictAdvice explains a 409 on create or update: the identifier was taken after the
// plan checked it. It names the product that has it, so the user can import it instead.
func (r *connectWiseProductResource) conflictAdvice(ctx context.Context, err error, identifier, ownID string) string {
	if !client.IsConflict(err) {
		return ""
	}
	existing, lerr := r.productWithIdentifier(ctx, identifier, ownID)
	if lerr != nil || existing == nil {
		return fmt.Sprintf("Another ConnectWise product already uses identifier %q. Choose another identifier, or import "+
			"that product (find its id with the sophos_psa_products data source).", identifier)
	}
	return r.identifierInUseDetail(existing)
}

// stillMappedAdvice explains a 409 on delete: Sophos products are still mapped to it.
func (r *connectWiseProductResource) stillMappedAdvice(ctx context.Context, id int64, object string) string {
	mappings, err := r.client.ListProductMappings(ctx, api.PsaConnectwise)
	var mapped []string
	if err == nil {
		for _, m := range mappings {
			if m.Mapped && m.PsaProductId != nil && *m.PsaProductId == id {
				mapped = append(mapped, m.SophosProduct)
			}
		}
	}
	if len(mapped) == 0 {
		return fmt.Sprintf("Sophos products are still mapped to %s. Remove those mappings (sophos_psa_product_mapping), "+
			"or map them to another product, then destroy it again.", object)
	}
	return fmt.Sprintf("%s is still mapped from %s. A product cannot be deleted while Sophos usage bills to it. "+
		"Remove those sophos_psa_product_mapping resources or point them at another product first; when they are in the "+
		"same configuration, set their psa_product_id from this resource's id so Terraform removes them first.",
		capitalize(object), api.QuotedList(mapped))
}

// connectWiseProductFromAPI maps a product of the API to the resource's model.
func connectWiseProductFromAPI(p *api.PsaProduct) connectWiseProductModel {
	return connectWiseProductModel{
		ID:               types.StringValue(strconv.FormatInt(p.Id, 10)),
		psaProductFields: psaProductFieldsFromAPI(p),
	}
}

// describeProduct names a ConnectWise product in messages.
func describeProduct(identifier, id string) string {
	switch {
	case identifier != "" && id != "":
		return fmt.Sprintf("ConnectWise product %q (id %s)", identifier, id)
	case id != "":
		return "ConnectWise product " + id
	default:
		return fmt.Sprintf("ConnectWise product %q", identifier)
	}
}
