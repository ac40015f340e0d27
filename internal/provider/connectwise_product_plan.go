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
	if r.client != nil && !plan.Identifier.IsUnknown() && (creating || !plan.Identifier.Equal(state.Identifier)) {
		// Two products of one configuration whose identifiers differ only in case fail the plan.
		if other := r.ledger.claimIdentifier(plan.Identifier.ValueString(), plan.Identifier.ValueString()); other != "" {
			resp.Diagnostics.AddAttributeError(path.Root("identifier"), "ConnectWise identifier used twice in this configuration",
				fmt.Sprintf("Two ConnectWise products of this configuration have identifiers %q and %q; ConnectWise compares "+
					"identifiers ignoring case, so they are the same identifier. Give one of them another identifier.",
					other, plan.Identifier.ValueString()))
			return
		}
		if !r.checkIdentifierFree(ctx, creating, plan, state.ID.ValueString(), &resp.Diagnostics) {
			return
		}
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
// create, a product with exactly the planned content only warns: apply takes it into state
// if an earlier apply of this configuration created it, and fails with the import block
// otherwise (see provider_adopt.go). It returns false on an error.
func (r *connectWiseProductResource) checkIdentifierFree(ctx context.Context, creating bool, plan connectWiseProductModel, ownID string, diags *diag.Diagnostics) bool {
	identifier := plan.Identifier.ValueString()
	taken, holder, err := r.identifierTaken(ctx, identifier, ownID, r.adoptProductHint)
	if err != nil {
		diags.Append(r.apiError("check", "ConnectWise product", describeProduct(identifier, ownID), err, ""))
		return false
	}
	// A create may take only what it made: the integration answers a repeated create with
	// the product the first one made, ConnectWise itself has nothing of the kind, so there
	// the product is not this configuration's and only the import block remains.
	if creating && holder != nil && plan.sameAs(holder) && r.catalog().replaysCreates() {
		diags.AddAttributeWarning(path.Root("identifier"), adoptSummary, connectWiseProductAdoptDetail(holder))
		return true
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
