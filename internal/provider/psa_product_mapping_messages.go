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
)

// mappingError words an API error about the mapping plan describes. When a write is
// refused for its PSA product, it says what is wrong with it (inactive, of the other PSA,
// missing).
func (r *psaProductMappingResource) mappingError(ctx context.Context, verb string, plan psaProductMappingModel, err error) diag.Diagnostic {
	advice := ""
	if client.IsPreconditionFailed(err) {
		// Who wrote it since Terraform read it: the API says.
		if current, _, gerr := r.client.GetProductMapping(ctx, plan.psa(), plan.SophosProduct.ValueString()); gerr == nil {
			if verb == "create" && current.Mapped {
				advice = r.mappedSincePlanDetail(productMappingText(current))
			} else {
				advice = r.changedSinceReadDetail(productMappingObject(plan.psa(), plan.SophosProduct.ValueString()), current.UpdatedBy, current.UpdatedAt)
			}
		}
	}
	if (verb == "create" || verb == "update") && (client.IsValidation(err) || client.IsNotFound(err) || client.IsConflict(err)) {
		if vs, _, perr := r.psaProductViolations(ctx, plan, nil); perr == nil && vs.First() != nil {
			advice = vs.First().Message
		}
	}
	return r.apiError(verb, "PSA product mapping", productMappingObject(plan.psa(), plan.SophosProduct.ValueString()), err, advice)
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

// notMappedImportDetail explains an import of a Sophos product that is not mapped in psa;
// spelling is said after "the configuration".
func (r *psaProductMappingResource) notMappedImportDetail(ctx context.Context, psa api.Psa, sophosProduct, spelling string) string {
	var other *mappingText
	if m, _, err := r.client.GetProductMapping(ctx, psa.Other(), sophosProduct); err == nil && m.Mapped {
		t := productMappingText(m)
		other = &t
	}
	return notMappedImportDetail(productMappingSubject(sophosProduct), psa, other, spelling)
}

// productMappingText words mapping m for the texts both mapping resources share
// (provider_mapping_messages.go).
func productMappingText(m *api.ProductMapping) mappingText {
	return mappingText{
		subject: productMappingSubject(m.SophosProduct), psa: m.Psa, target: productMappingTargetOf(m),
		typeName: productMappingTypeName, importID: productMappingID(string(m.Psa), m.SophosProduct), by: m.UpdatedBy, at: m.UpdatedAt,
	}
}

func productMappingSubject(sophosProduct string) string {
	return fmt.Sprintf("Sophos product %q", sophosProduct)
}

// productMappingTypeName is the resource's type name.
const productMappingTypeName = "sophos_psa_product_mapping"

// productMappingDestroyedSummary is the summary of the plan error of a product mapping
// destroyed while another resource of the configuration keeps it, on either resource.
const productMappingDestroyedSummary = "Product mapping destroyed while another resource keeps it"

// productClaimText names what a claim of Sophos product sophosProduct's mapping in psa takes.
func productClaimText(psa api.Psa, sophosProduct string) string {
	return fmt.Sprintf("the mapping of Sophos product %q in %s", sophosProduct, psa.DisplayName())
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

// newInactiveProductDetail explains a mapping to a product this apply creates, when every
// one it creates (identifiers) is inactive.
func newInactiveProductDetail(identifiers []string) string {
	return fmt.Sprintf("psa_product_id is not known at plan: it is the id of a product this apply creates, and every "+
		"ConnectWise product it creates is inactive (%s). Sophos Central maps no Sophos product to an inactive product, so "+
		"the apply would create the product and then fail on this mapping. Set inactive = false on the product (it can "+
		"be made inactive later, once no mapping needs it), or map this Sophos product to an active one.", api.QuotedList(identifiers))
}
