package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

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
