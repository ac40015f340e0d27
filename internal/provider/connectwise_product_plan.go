package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// Plan-time checks of the ConnectWise product. Field rules (required texts, limits counted
// in characters, product class), reference names and identifier uniqueness come from
// internal/rules, the functions the API enforces.

// ValidateConfig applies the rules a product's configuration breaks on its own, and refuses
// names with leading or trailing whitespace, which ConnectWise would trim, so the stored
// value would differ from the configuration on every plan.
func (r *connectWiseProductResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg connectWiseProductModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	texts := map[string]types.String{
		"identifier":  cfg.Identifier,
		"description": cfg.Description,
		"category":    cfg.Category,
		"subcategory": cfg.Subcategory,
		"type":        cfg.Type,
	}
	for attr, v := range texts {
		if v.IsNull() || v.IsUnknown() {
			continue
		}
		if s := v.ValueString(); s != "" && strings.TrimSpace(s) != s {
			resp.Diagnostics.AddAttributeError(path.Root(attr), "Invalid ConnectWise product "+attr,
				fmt.Sprintf("%s %q starts or ends with whitespace, which ConnectWise PSA removes. Remove it from the configuration.", attr, s))
		}
	}
	known := cfg.knownAttributes()
	var vs rules.Violations
	for _, v := range rules.CheckProductInput(terraformFields(), cfg.toInput()) {
		if known[v.Field] {
			vs = append(vs, v)
		}
	}
	addViolations(&resp.Diagnostics, vs, nil)
}

// ModifyPlan makes the plan say what will happen: customer_description follows description
// when it is not set, category is known as soon as subcategory is, subcategory, type and
// unit_of_measure are checked against the ConnectWise reference data, and a new identifier
// must not be another product's.
func (r *connectWiseProductResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
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

	// category keeps its state value unless subcategory changes or the configuration sets it
	// (see its plan modifier); when it changes, the reference data tells the new category
	// already at plan time.
	subcategoryChanged := creating || !plan.Subcategory.Equal(state.Subcategory) || !plan.Category.Equal(state.Category)
	needsCheck := subcategoryChanged || !plan.Type.Equal(state.Type) || !plan.UnitOfMeasure.Equal(state.UnitOfMeasure)
	if needsCheck && r.snapshot != nil {
		ref, err := r.snapshot.catalogReference(ctx)
		if err != nil {
			resp.Diagnostics.Append(r.apiError("read", "ConnectWise catalog reference data",
				"the ConnectWise categories, product types and units of measure", err,
				"They are needed to check subcategory, type and unit_of_measure. Check that ConnectWise PSA is connected "+
					"in Sophos Central Partner (Settings & policies > API & Integrations > PSA Integration)."))
			return
		}
		// A category that comes from another resource is judged when it is known.
		if cfg.Category.IsUnknown() {
			plan.Category = types.StringUnknown()
		} else if sub, ok := checkSubcategory(plan.Subcategory, plan.Category, ref, &resp.Diagnostics); ok && subcategoryChanged {
			plan.Category = types.StringValue(sub.Category)
		}
		checkReference("type", rules.RefType, plan.Type, ref, &resp.Diagnostics)
		checkReference("unit_of_measure", rules.RefUnitOfMeasure, plan.UnitOfMeasure, ref, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	// A product in state tells a replacement's second plan (the create) what it replaces;
	// that product is deleted first, so its identifier is free for the new one.
	ownID := state.ID.ValueString()
	if id, err := strconv.ParseInt(ownID, 10, 64); err == nil {
		resp.Diagnostics.Append(replacedProductKey.save(ctx, resp.Private, id)...)
	} else if replaced, ok := replacedProductKey.read(ctx, req.Private, &resp.Diagnostics); ok && creating && r.client != nil {
		if !r.checkReplaceable(ctx, replaced, &resp.Diagnostics) {
			return
		}
		ownID = strconv.FormatInt(replaced, 10)
	}
	// Every product that will exist after the apply claims its identifier, new or in state:
	// two products of one configuration whose identifiers differ only in case fail the plan.
	who := claimantOf(ctx, sophosConnectWiseProductTypeName, state.ID.ValueString(), req.Private, resp.Private, &resp.Diagnostics)
	if r.client != nil && !plan.Identifier.IsUnknown() {
		if c := r.ledger.claimIdentifier(plan.Identifier.ValueString(), who); c != nil {
			resp.Diagnostics.AddAttributeError(path.Root("identifier"), "ConnectWise identifier used twice in this configuration",
				claimConflictDetail(fmt.Sprintf("ConnectWise identifier %q (ConnectWise compares identifiers ignoring case)",
					plan.Identifier.ValueString()), *c))
			return
		}
		if (creating || !plan.Identifier.Equal(state.Identifier)) && !r.checkIdentifierFree(ctx, creating, plan, ownID, &resp.Diagnostics) {
			return
		}
	}
	if creating && !plan.Identifier.IsUnknown() && !plan.Inactive.IsUnknown() {
		r.ledger.planNewProduct(plan.Identifier.ValueString(), plan.Inactive.ValueBool())
	}
	// The description is the psa_product_name of the product's mappings: mappings planned
	// after this product (they refer to its id) plan the new name instead of finding it
	// "changed outside of Terraform" after the apply.
	if id, err := strconv.ParseInt(state.ID.ValueString(), 10, 64); err == nil &&
		!plan.Description.IsUnknown() && !plan.Description.Equal(state.Description) {
		r.ledger.planProductName(api.PsaConnectwise, id, plan.Description.ValueString())
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// checkReference resolves a product type or unit of measure of the plan
// (rules.ResolveReference) and reports a name that is not in the reference data on attr.
// ConnectWise compares names ignoring case, but Terraform needs the configuration to hold
// the name as ConnectWise spells it, so a difference in case only is an error too.
func checkReference(attr, kind string, value types.String, data *api.CatalogReference, diags *diag.Diagnostics) bool {
	if value.IsNull() || value.IsUnknown() {
		return false
	}
	name := value.ValueString()
	got, v := rules.ResolveReference(attr, kind, api.Reference{Name: &name}, data)
	if v != nil {
		diags.AddAttributeError(path.Root(attr), "Invalid ConnectWise product "+attr, v.Message)
		return false
	}
	return checkSpelling(attr, name, got.Name, diags)
}

// checkSpelling reports a name of the configuration that ConnectWise spells otherwise.
func checkSpelling(attr, name, spelt string, diags *diag.Diagnostics) bool {
	if name == spelt {
		return true
	}
	diags.AddAttributeError(path.Root(attr), "Invalid ConnectWise product "+attr,
		fmt.Sprintf("%s %q is not spelled as ConnectWise spells it; names are case-sensitive here: did you mean %q?", attr, name, spelt))
	return false
}

// checkSubcategory resolves the plan's subcategory within its category, when that is known
// (set in the configuration, or kept from state while the subcategory stays), with
// rules.ResolveSubcategory, and reports what the rule refuses on its attribute; as for
// checkReference, a name spelt otherwise than ConnectWise spells it is an error too.
func checkSubcategory(value, category types.String, data *api.CatalogReference, diags *diag.Diagnostics) (rules.Resolved, bool) {
	if value.IsNull() || value.IsUnknown() {
		return rules.Resolved{}, false
	}
	name := value.ValueString()
	var in *api.Reference
	if s := knownString(category); s != nil {
		in = &api.Reference{Name: s}
	}
	got, v := rules.ResolveSubcategory(terraformFields(), api.Reference{Name: &name}, in, data)
	if v != nil {
		diags.AddAttributeError(path.Root(v.Field), "Invalid ConnectWise product "+v.Field, v.Message)
		return got, false
	}
	ok := checkSpelling("subcategory", name, got.Name, diags)
	if in != nil {
		ok = checkSpelling("category", *in.Name, got.Category, diags) && ok
	}
	return got, ok
}

// checkIdentifierFree fails the plan when another product has the plan's identifier. On
// create, that product is not taken over whatever its content: the error is the one of
// every object that exists outside this state, with the import block (provider_ownership.go).
// It returns false on an error.
func (r *connectWiseProductResource) checkIdentifierFree(ctx context.Context, creating bool, plan connectWiseProductModel, ownID string, diags *diag.Diagnostics) bool {
	identifier := plan.Identifier.ValueString()
	taken, holder, err := r.identifierTaken(ctx, identifier, ownID, r.adoptProductHint)
	if err != nil {
		diags.Append(r.apiError("check", "ConnectWise product", describeProduct(identifier, ownID), err, ""))
		return false
	}
	if creating && holder != nil {
		diags.Append(r.notInStateError(path.Root("identifier"), "ConnectWise product", r.ownedProduct(holder)))
		return false
	}
	addViolations(diags, taken, nil)
	return !diags.HasError()
}

// identifierTaken reports another product that already has identifier (ownID is the
// product's own id, "" before it is created), inactive ones included, and returns it; hint
// says how to adopt it.
func (r *connectWiseProductResource) identifierTaken(ctx context.Context, identifier, ownID string, hint func(int64) string) (rules.Violations, *api.PsaProduct, error) {
	var products []api.PsaProduct
	err := r.snapshot.productsOf(api.PsaConnectwise).each(ctx, func(p api.PsaProduct, _ bool) bool {
		products = append(products, p)
		return true
	})
	if err != nil {
		return nil, nil, err
	}
	own, _ := strconv.ParseInt(ownID, 10, 64)
	vs := rules.CheckIdentifierFree(terraformFields(), identifier, own, products, hint)
	for _, p := range products {
		if vs.First() != nil && p.Id != own && strings.EqualFold(strings.TrimSpace(p.Identifier), strings.TrimSpace(identifier)) {
			return vs, &p, nil
		}
	}
	return vs, nil, nil
}

// checkReplaceable fails the plan of a replacement (terraform apply -replace) of product id
// while Sophos products are mapped to it: Terraform would delete it first, which Sophos
// Central refuses for a mapped product (and the new one cannot have the identifier while
// the old one does), so the apply would fail half-way. It returns false on an error.
func (r *connectWiseProductResource) checkReplaceable(ctx context.Context, id int64, diags *diag.Diagnostics) bool {
	var mapped []string
	err := r.snapshot.productMappingsOf(api.PsaConnectwise).each(ctx, func(m api.ProductMapping, _ bool) bool {
		if m.Mapped && m.PsaProductId != nil && *m.PsaProductId == id && !r.ledger.unmapped(productMappingKey(api.PsaConnectwise, m.SophosProduct)) {
			mapped = append(mapped, m.SophosProduct)
		}
		return true
	})
	if err != nil {
		diags.Append(r.apiError("check", "ConnectWise product", describeProduct("", strconv.FormatInt(id, 10)), err, ""))
		return false
	}
	if len(mapped) == 0 {
		return true
	}
	diags.AddError("Mapped ConnectWise product cannot be replaced", replaceMappedProductDetail(id, mapped))
	return false
}
