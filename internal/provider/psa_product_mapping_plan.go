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
		// Destroy: the integration's destroy check leaves the mapping out, and a mapping
		// another resource of the configuration keeps must not be unmapped under it.
		var state psaProductMappingModel
		if !req.State.Get(ctx, &state).HasError() {
			who := claimantOf(ctx, productMappingTypeName, state.ID.ValueString(), req.Private, nil, &resp.Diagnostics)
			if c := r.ledger.noteUnmap(productMappingKey(state.psa(), state.SophosProduct.ValueString()), who); c != nil {
				resp.Diagnostics.AddError(productMappingDestroyedSummary,
					unmapConflictDetail(productClaimText(state.psa(), state.SophosProduct.ValueString()), *c))
			} else if r.client != nil {
				r.warnNotRecreatable(ctx, state, &resp.Diagnostics)
			}
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

	// Every resource that will hold a mapping after the apply claims it, new or in state:
	// two resources of one configuration mapping the same Sophos product fail the plan.
	who := claimantOf(ctx, productMappingTypeName, state.ID.ValueString(), req.Private, resp.Private, &resp.Diagnostics)
	if !plan.SophosProduct.IsUnknown() {
		if c := r.ledger.claimSophosProduct(psa, plan.SophosProduct.ValueString(), who); c != nil {
			summary := "Sophos product mapped twice in this configuration"
			if c.destroys {
				summary = productMappingDestroyedSummary
			}
			resp.Diagnostics.AddAttributeError(path.Root("sophos_product"), summary, claimConflictDetail(productClaimText(psa, plan.SophosProduct.ValueString()), *c))
			return
		}
	}
	if creating && !plan.SophosProduct.IsUnknown() {
		current, _, ok := r.currentMapping(ctx, psa, plan.SophosProduct.ValueString(), &resp.Diagnostics)
		if !ok || !r.checkExisting(current, true, &resp.Diagnostics) {
			return
		}
		plan.SophosProductName = types.StringValue(current.SophosProductName)
		plan.ID = types.StringValue(productMappingID(string(psa), current.SophosProduct))
	}

	// A product this apply creates has no id at plan; when every product it creates is
	// inactive, this mapping points at an inactive one, which the API refuses after the
	// product was made.
	if plan.PSAProductID.IsUnknown() && psa == api.PsaConnectwise {
		if inactive := r.ledger.newProductsOnlyInactive(); len(inactive) > 0 {
			resp.Diagnostics.AddAttributeError(path.Root("psa_product_id"), "PSA product inactive", newInactiveProductDetail(inactive))
			return
		}
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
		vs, product, err := r.psaProductViolations(ctx, plan, prior)
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
		// The reviewer sees the name of the product a new or changed mapping points at: the
		// description this plan gives it, if it renames it, else the PSA's.
		if productChanged && product != nil && product.Psa == psa {
			name, renamed := r.ledger.plannedProductName(psa, product.Id)
			if !renamed {
				name = product.Description
			}
			plan.PSAProductName = types.StringValue(name)
		}
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
// rules.CheckMappableProduct to it, returning it too; state is the mapping as last applied,
// nil on create.
func (r *psaProductMappingResource) psaProductViolations(ctx context.Context, plan psaProductMappingModel, state *psaProductMappingModel) (rules.Violations, *api.PsaProduct, error) {
	psa, id := plan.psa(), plan.PSAProductID.ValueInt64()
	var current *api.ProductMapping
	if state != nil {
		current = &api.ProductMapping{Mapped: true, PsaProductId: state.PSAProductID.ValueInt64Pointer()}
	}
	product, err := inEitherPSA(psa, func(p api.Psa) (*api.PsaProduct, error) {
		found, _, err := r.snapshot.psaProduct(ctx, p, id)
		if isNotFound(err) {
			return nil, nil
		}
		return found, err
	})
	if err != nil {
		return nil, nil, err
	}
	return rules.CheckMappableProduct(terraformFields(), psa, id, product, current, plan.SyncEnabled.ValueBool()), product, nil
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

// checkExisting judges, on create, a Sophos product that is already mapped: this
// configuration did not make that mapping (or its apply was interrupted before state
// recorded it), so it is not taken over. At plan it is an error with the import block; at
// apply, where the plan found it unmapped, it names who mapped it since. It returns false
// on an error.
func (r *psaProductMappingResource) checkExisting(current *api.ProductMapping, planning bool, diags *diag.Diagnostics) bool {
	if !current.Mapped {
		return true
	}
	at := path.Root("sophos_product")
	if planning {
		diags.Append(r.notInStateError(at, "PSA product mapping", productMappingText(current).owned()))
	} else {
		diags.AddAttributeError(at, mappedSincePlanSummary, r.mappedSincePlanDetail(productMappingText(current)))
	}
	return false
}

// warnNotRecreatable warns when the mapping a plan destroys could not be made again as it
// is: its PSA product is inactive or gone, and Sophos Central maps nothing to such a
// product.
func (r *psaProductMappingResource) warnNotRecreatable(ctx context.Context, state psaProductMappingModel, diags *diag.Diagnostics) {
	product, _, err := r.snapshot.psaProduct(ctx, state.psa(), state.PSAProductID.ValueInt64())
	why := ""
	switch {
	case client.IsNotFound(err):
		why = fmt.Sprintf("its PSA product %d no longer exists", state.PSAProductID.ValueInt64())
	case err == nil && product.InactiveFlag:
		why = fmt.Sprintf("its PSA product %d (%q) is inactive, and Sophos Central maps no Sophos product to an inactive one",
			product.Id, product.Identifier)
	}
	if why != "" {
		diags.AddWarning("Mapping cannot be made again", notRecreatableDetail(productMappingObject(state.psa(), state.SophosProduct.ValueString()), why))
	}
}
