package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// conflictAdvice explains a 409 on create or update: the identifier was taken after the
// plan checked it, or (on create) a product with the identifier exists that no earlier
// request of this content created. It names the product that has it, with the import block.
func (r *connectWiseProductResource) conflictAdvice(ctx context.Context, err error, identifier, ownID string) string {
	if !isConflict(err) {
		return ""
	}
	hint := r.adoptProductHint
	if ownID == "" {
		hint = func(id int64) string {
			return "Sophos Central did not answer this create as the repeat of an earlier one (it does so for 24 " +
				"hours), so Terraform cannot tell it made that product and does not take it over. " + r.adoptProductHint(id)
		}
	}
	if taken, _, err := r.identifierTaken(ctx, identifier, ownID, hint); err == nil && taken.First() != nil {
		return taken.First().Message
	}
	return fmt.Sprintf("Another ConnectWise product already uses identifier %q. Choose another identifier, or import "+
		"that product (find its id with the sophos_psa_products data source).", identifier)
}

// stillMappedAdvice explains a 409 on delete: Sophos products are still mapped to it.
func (r *connectWiseProductResource) stillMappedAdvice(ctx context.Context, id int64, object string) string {
	var mapped []string
	_ = r.snapshot.productMappingsOf(api.PsaConnectwise).each(ctx, func(m api.ProductMapping, _ bool) bool {
		if m.Mapped && m.PsaProductId != nil && *m.PsaProductId == id {
			mapped = append(mapped, m.SophosProduct)
		}
		return true
	})
	if len(mapped) == 0 {
		return fmt.Sprintf("Sophos products are still mapped to %s. Remove those mappings (sophos_psa_product_mapping), "+
			"or map them to another product, then destroy it again.", object)
	}
	return fmt.Sprintf("%s is still mapped from %s. A product cannot be deleted while Sophos usage bills to it. "+
		"Remove those sophos_psa_product_mapping resources or point them at another product first; when they are in the "+
		"same configuration, set their psa_product_id from this resource's id so Terraform removes them first.",
		capitalize(object), api.QuotedList(mapped))
}

// adoptProductHint says how to manage an existing product with Terraform instead of
// creating one with its identifier.
func (r *connectWiseProductResource) adoptProductHint(id int64) string {
	return importBlockText(r.typeName, strconv.FormatInt(id, 10)) + " Otherwise choose another identifier."
}

// connectWiseProductAdoptDetail explains the plan warning of a create that finds a product
// with the planned identifier and content.
func connectWiseProductAdoptDetail(p *api.PsaProduct) string {
	return fmt.Sprintf("ConnectWise product %d already has identifier %q and exactly the content this configuration "+
		"asks for. If %s created it, apply takes it into state without creating another: Sophos Central recognises the repeated "+
		"create for 24 hours. If it was made otherwise (in the console, the PSA, or more than 24 hours ago), apply "+
		"fails with the import block to use.", p.Id, p.Identifier, interruptedApplyText)
}

// changedSinceCreatedDetail explains a product an interrupted apply of this configuration
// created that no longer matches the configuration.
func (r *connectWiseProductResource) changedSinceCreatedDetail(p *api.PsaProduct) string {
	return fmt.Sprintf("ConnectWise product %d (%q) was created by %s, but it was changed since and no longer "+
		"matches the configuration. Terraform does not take over a product that differs from the configuration. %s",
		p.Id, p.Identifier, interruptedApplyText,
		importBlockText(r.typeName, strconv.FormatInt(p.Id, 10)))
}
