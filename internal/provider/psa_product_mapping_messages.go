package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

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

// unknownProductDetail explains, at plan, a Sophos product the API does not know: the exact
// spelling of one that differs only by case, or else the products that can be mapped.
func (r *psaProductMappingResource) unknownProductDetail(ctx context.Context, psa api.Psa, sophosProduct string) string {
	if spelled := r.sophosProductSpelledAs(ctx, psa, sophosProduct); spelled != nil {
		return fmt.Sprintf("There is no Sophos product %q in %s: Sophos product identifiers are case-sensitive. Did you mean %q? "+
			"Set sophos_product = %q.", sophosProduct, psa.DisplayName(), spelled.SophosProduct, spelled.SophosProduct)
	}
	return fmt.Sprintf("Sophos product %q has no usage for this partner in %s, so it cannot be mapped.", sophosProduct, psa.DisplayName()) +
		r.validProductsSentence(ctx, psa)
}

// validProductsSentence lists the Sophos products of psa that can be mapped, as a sentence
// for an error detail.
func (r *psaProductMappingResource) validProductsSentence(ctx context.Context, psa api.Psa) string {
	var names []string
	err := r.snapshot.productMappingsOf(psa).each(ctx, func(m api.ProductMapping, _ bool) bool {
		names = append(names, m.SophosProduct)
		return true
	})
	if err != nil || len(names) == 0 {
		return " The sophos_psa_product_mappings data source lists the products that can be."
	}
	return " Valid products: " + api.QuotedList(names) + "."
}

// sophosProductSpelledAs returns the Sophos product of psa whose identifier differs from
// sophosProduct only by case (Sophos compares identifiers exactly), or nil.
func (r *psaProductMappingResource) sophosProductSpelledAs(ctx context.Context, psa api.Psa, sophosProduct string) *api.ProductMapping {
	var found *api.ProductMapping
	err := r.snapshot.productMappingsOf(psa).each(ctx, func(m api.ProductMapping, _ bool) bool {
		if m.SophosProduct != sophosProduct && strings.EqualFold(m.SophosProduct, sophosProduct) {
			found = &m
			return false
		}
		return true
	})
	if err != nil {
		tflog.Debug(ctx, "Listing Sophos products for an error message failed", map[string]any{"error": err.Error()})
	}
	return found
}

// productMappingImportSummary is the summary of every import of a product mapping that
// finds nothing to import.
const productMappingImportSummary = "Unable to import PSA product mapping"

// unknownProductImportDetail explains an import of a Sophos product psa does not know: the
// exact spelling of one that differs only by case, and the import id to use for it.
func (r *psaProductMappingResource) unknownProductImportDetail(ctx context.Context, psa api.Psa, sophosProduct string) string {
	spelled := r.sophosProductSpelledAs(ctx, psa, sophosProduct)
	if spelled == nil {
		return fmt.Sprintf("Sophos product %q has no usage for this partner in %s, so there is nothing to import.", sophosProduct, psa.DisplayName()) +
			r.validProductsSentence(ctx, psa)
	}
	exact := spelled.SophosProduct
	lead := fmt.Sprintf("There is no Sophos product %q: Sophos product identifiers are case-sensitive. Did you mean %q? ", sophosProduct, exact)
	if spelled.Mapped {
		return lead + fmt.Sprintf("It is mapped in %s: import it with id %q, and set sophos_product = %q in the resource.",
			psa.DisplayName(), productMappingID(string(psa), exact), exact)
	}
	return lead + r.notMappedImportDetail(ctx, psa, exact, fmt.Sprintf(" (with sophos_product = %q)", exact))
}

// notMappedImportDetail explains an import of a Sophos product that is not mapped in psa:
// when the other PSA maps it, the import id to use there (not creating a second mapping);
// otherwise that there is nothing to import. spelling is said after "the configuration".
func (r *psaProductMappingResource) notMappedImportDetail(ctx context.Context, psa api.Psa, sophosProduct, spelling string) string {
	other := psa.Other()
	if m, _, err := r.client.GetProductMapping(ctx, other, sophosProduct); err == nil && m.Mapped {
		return fmt.Sprintf("Sophos product %q is not mapped in %s; it is mapped in %s to %s: import it with id %q, and set "+
			"psa = %q in the resource.", sophosProduct, psa.DisplayName(), other.DisplayName(), productMappingTargetOf(m),
			productMappingID(string(other), sophosProduct), other)
	}
	return fmt.Sprintf("Sophos product %q is not mapped in %s, so there is nothing to import. Remove the import and apply "+
		"the configuration%s to create the mapping.", sophosProduct, psa.DisplayName(), spelling)
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
