package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// writeError explains a failed PUT. When the API rejects the PSA product, it says what is
// wrong with it (inactive, of the other PSA, missing).
func (r *psaProductMappingResource) writeError(ctx context.Context, verb string, plan psaProductMappingModel, err error) diag.Diagnostic {
	psa := api.Psa(plan.PSA.ValueString())
	advice := ""
	if client.IsValidation(err) || client.IsNotFound(err) || client.IsConflict(err) {
		if vs, perr := r.psaProductViolations(ctx, psa, plan, nil); perr == nil && vs.First() != nil {
			advice = vs.First().Message
		}
	}
	return r.apiError(verb, "PSA product mapping", describeProductMapping(psa, plan.SophosProduct.ValueString()), err, advice)
}

// psaProductViolations reads the PSA product the plan maps to (in either PSA) and applies
// rules.CheckMappableProduct to it; state is the mapping as last applied, nil on create.
func (r *psaProductMappingResource) psaProductViolations(ctx context.Context, psa api.Psa, plan psaProductMappingModel, state *psaProductMappingModel) (rules.Violations, error) {
	id := plan.PSAProductID.ValueInt64()
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
		if !client.IsNotFound(err) {
			return nil, err
		}
	}
	return rules.CheckMappableProduct(terraformFields(), psa, id, product, current, plan.SyncEnabled.ValueBool()), nil
}

// unknownProductDetail explains a Sophos product the API does not know, listing valid ones.
func (r *psaProductMappingResource) unknownProductDetail(ctx context.Context, psa api.Psa, sophosProduct string) string {
	detail := fmt.Sprintf("Sophos product %q has no usage for this partner in %s, so it cannot be mapped.", sophosProduct, psa.DisplayName())
	var names []string
	err := r.snapshot.productMappingsOf(psa).each(ctx, func(m api.ProductMapping, _ bool) bool {
		names = append(names, m.SophosProduct)
		return true
	})
	if err != nil || len(names) == 0 {
		return detail + " The sophos_psa_product_mappings data source lists the products that can be."
	}
	return detail + " Valid products: " + api.QuotedList(names) + "."
}

// alreadyMappedDetail explains why create refuses a product that is mapped otherwise than
// plan asks for, and gives the import block.
func alreadyMappedDetail(m *api.ProductMapping, plan psaProductMappingModel) string {
	return fmt.Sprintf("Sophos product %q is already mapped in %s to %s, not to %s as this configuration asks. "+
		"Someone made or changed it in Sophos Central Partner, or %s made it and the configuration changed since. Terraform "+
		"does not take over a mapping that differs from the configuration. %s Otherwise remove the mapping in the "+
		"console first.", m.SophosProduct, m.Psa.DisplayName(), productMappingTargetOf(m),
		productMappingTarget(plan.PSAProductID.ValueInt64(), nil, plan.SyncEnabled.ValueBool()), interruptedApplyText,
		importBlockText("sophos_psa_product_mapping", productMappingID(string(m.Psa), m.SophosProduct)))
}

// productMappingAdoptDetail explains the plan warning of a create that finds the Sophos
// product mapped: exactly as the configuration asks (same), or possibly so (psa_product_id
// or sync_enabled is known only at apply).
func productMappingAdoptDetail(m *api.ProductMapping, same bool) string {
	why := fmt.Sprintf("%s made it, or someone made the same mapping in Sophos Central Partner", interruptedApplyText)
	if same {
		return fmt.Sprintf("Sophos product %q is already mapped in %s to %s, exactly as this configuration asks. Apply "+
			"takes this mapping into state without writing it: %s.", m.SophosProduct, m.Psa.DisplayName(), productMappingTargetOf(m), why)
	}
	return fmt.Sprintf("Sophos product %q is already mapped in %s to %s. If that is what this configuration asks for "+
		"once psa_product_id and sync_enabled are known, apply takes the mapping into state without writing it: %s. "+
		"Otherwise apply fails with the import block to use.", m.SophosProduct, m.Psa.DisplayName(), productMappingTargetOf(m), why)
}

// productMappingTargetOf words what a mapping of the API maps its Sophos product to.
func productMappingTargetOf(m *api.ProductMapping) string {
	return productMappingTarget(types.Int64PointerValue(m.PsaProductId).ValueInt64(), m.PsaProductIdentifier, m.SyncEnabled)
}

// productMappingTarget words a PSA product (its identifier when known) and the sync switch.
func productMappingTarget(psaProductID int64, identifier *string, sync bool) string {
	target := fmt.Sprintf("PSA product %d", psaProductID)
	if identifier != nil {
		target += fmt.Sprintf(" (%q)", *identifier)
	}
	return target + ", sync " + onOff(sync)
}
