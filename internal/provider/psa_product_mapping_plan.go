package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// Plan-time checks of sophos_psa_product_mapping; the PSA product rules come from
// internal/rules, the functions the API enforces.

// ModifyPlan checks at plan time what only the API knows: that the Sophos product exists and
// is not mapped yet (on create), and that the PSA product belongs to the PSA and is active
// (whenever psa_product_id changes). On create it fills in sophos_product_name, which never
// changes.
func (r *psaProductMappingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		// Destroy: nothing to check; the integration's destroy check leaves the mapping out.
		var state psaProductMappingModel
		if !req.State.Get(ctx, &state).HasError() {
			r.ledger.noteUnmap(productMappingKey(state.psa(), state.SophosProduct.ValueString()))
		}
		return
	}
	if r.client == nil {
		return // the provider is not configured
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
	psa := plan.psa()

	if creating && !plan.SophosProduct.IsUnknown() {
		// Two resources of one configuration mapping the same Sophos product fail the plan.
		if other := r.ledger.claimSophosProduct(psa, plan.SophosProduct.ValueString(), "another sophos_psa_product_mapping"); other != "" {
			resp.Diagnostics.AddAttributeError(path.Root("sophos_product"), "Sophos product mapped twice in this configuration",
				fmt.Sprintf("Two sophos_psa_product_mapping resources of this configuration map Sophos product %q in %s; a "+
					"Sophos product has one mapping per PSA. Keep one of them.", plan.SophosProduct.ValueString(), psa.DisplayName()))
			return
		}
		current, _, ok := r.currentMapping(ctx, psa, plan.SophosProduct.ValueString(), &resp.Diagnostics)
		if !ok || !r.checkExisting(plan, current, true, &resp.Diagnostics) {
			return
		}
		plan.SophosProductName = types.StringValue(current.SophosProductName)
		plan.ID = types.StringValue(productMappingID(string(psa), current.SophosProduct))
	}

	// The PSA product is judged whenever the mapping is written (a product retired since the
	// last apply refuses sync on, but never stops billing from being switched off), and warned
	// about when nothing changes but its product was retired.
	productChanged := creating || !plan.PSAProductID.Equal(state.PSAProductID)
	writes := productChanged || !plan.SyncEnabled.Equal(state.SyncEnabled)
	if !plan.PSAProductID.IsUnknown() && !plan.SyncEnabled.IsUnknown() {
		var prior *psaProductMappingModel
		if !creating {
			prior = &state
		}
		vs, err := r.psaProductViolations(ctx, plan, prior)
		if err != nil {
			resp.Diagnostics.Append(r.apiError("read", "PSA product", fmt.Sprintf("%s product %d", psa.DisplayName(), plan.PSAProductID.ValueInt64()), err, ""))
			return
		}
		if !writes && vs.First() != nil {
			resp.Diagnostics.AddAttributeWarning(path.Root("psa_product_id"), vs.First().Summary,
				vs.First().Message+" Sophos Central no longer syncs this product's usage; nothing is billed through this mapping.")
		} else {
			addViolations(&resp.Diagnostics, vs, nil)
		}
		if resp.Diagnostics.HasError() {
			return
		}
		// psa_product_name stays unknown when the product changes: Terraform plans again during
		// apply, and a name read now could differ by then if someone renamed the product.
	}
	// A product this configuration renames: its new description is the mapping's name after
	// the apply. It comes from the refresh (private state), which Terraform keeps for the
	// plan it makes again during the apply, so both plans say the same.
	// A new mapping has no refresh, so nothing kept.
	if !creating {
		if planned := readPlannedProductName(ctx, req.Private, &resp.Diagnostics); planned != nil &&
			plan.PSAProductID.Equal(state.PSAProductID) && plan.PSAProductID.ValueInt64() == planned.ProductID {
			plan.PSAProductName = types.StringValue(planned.Name)
		}
		resp.Diagnostics.Append(savePlannedProductName(ctx, resp.Private, nil)...)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// notePlannedProductName keeps, for ModifyPlan, the description this plan gives the
// mapping's PSA product, or clears what an earlier refresh kept.
func (r *psaProductMappingResource) notePlannedProductName(ctx context.Context, private privateSetter, psa api.Psa, productID types.Int64) diag.Diagnostics {
	if !productID.IsNull() && !productID.IsUnknown() {
		if name, ok := r.ledger.plannedProductName(psa, productID.ValueInt64()); ok {
			return savePlannedProductName(ctx, private, &plannedProductName{ProductID: productID.ValueInt64(), Name: name})
		}
	}
	return savePlannedProductName(ctx, private, nil)
}

// psaProductViolations reads the PSA product the plan maps to (in either PSA) and applies
// rules.CheckMappableProduct to it; state is the mapping as last applied, nil on create.
func (r *psaProductMappingResource) psaProductViolations(ctx context.Context, plan psaProductMappingModel, state *psaProductMappingModel) (rules.Violations, error) {
	psa, id := plan.psa(), plan.PSAProductID.ValueInt64()
	var current *api.ProductMapping
	if state != nil {
		current = &api.ProductMapping{Mapped: true, PsaProductId: state.PSAProductID.ValueInt64Pointer()}
	}
	var product *api.PsaProduct
	for _, p := range []api.Psa{psa, psa.Other()} {
		found, _, err := r.snapshot.psaProduct(ctx, p, id)
		if err == nil {
			product = found
			break
		}
		if !isNotFound(err) {
			return nil, err
		}
	}
	return rules.CheckMappableProduct(terraformFields(), psa, id, product, current, plan.SyncEnabled.ValueBool()), nil
}

// currentMapping reads the current mapping of a Sophos product before it is created and
// reports, on sophos_product, an unknown product.
func (r *psaProductMappingResource) currentMapping(ctx context.Context, psa api.Psa, sophosProduct string, diags *diag.Diagnostics) (*api.ProductMapping, string, bool) {
	current, etag, err := r.snapshot.productMapping(ctx, psa, sophosProduct, false)
	if client.IsNotFound(err) {
		diags.AddAttributeError(path.Root("sophos_product"), "Unknown Sophos product", r.unknownProductDetail(ctx, psa, sophosProduct))
		return nil, "", false
	}
	if err != nil {
		diags.Append(r.apiError("read", "PSA product mapping", productMappingObject(psa, sophosProduct), err, ""))
		return nil, "", false
	}
	return current, etag, true
}

// checkExisting judges, on create, a Sophos product that is already mapped: mapped exactly
// as planned, apply takes the mapping into state (the plan warns, see provider_adopt.go); mapped
// otherwise, it is an error with the import block. A psa_product_id or sync_enabled not
// known at plan is judged at apply. It returns false on an error.
func (r *psaProductMappingResource) checkExisting(plan psaProductMappingModel, current *api.ProductMapping, planning bool, diags *diag.Diagnostics) bool {
	if !current.Mapped {
		return true
	}
	at := path.Root("sophos_product")
	switch {
	case planning && (plan.PSAProductID.IsUnknown() || plan.SyncEnabled.IsUnknown()):
		diags.AddAttributeWarning(at, adoptSummary, adoptDetail(productMappingText(current), "psa_product_id and sync_enabled"))
	case !plan.sameAs(current):
		diags.AddAttributeError(at, alreadyMappedSummary, alreadyMappedDetail(productMappingText(current), productMappingWant(plan)))
		return false
	case planning:
		diags.AddAttributeWarning(at, adoptSummary, adoptDetail(productMappingText(current), ""))
	}
	return true
}
