package provider

import (
	"context"
	"fmt"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// conflictAdvice explains a 409 on create or update: the identifier was taken after the
// plan checked it. It names the product that has it, so the user can import it instead.
func (r *connectWiseProductResource) conflictAdvice(ctx context.Context, err error, identifier, ownID string) string {
	if !client.IsConflict(err) {
		return ""
	}
	if taken, err := r.identifierTaken(ctx, identifier, ownID); err == nil && taken.First() != nil {
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
	return fmt.Sprintf("To manage that product with Terraform, import it:\n\n"+
		"  terraform import %s.<name> %d\n\n"+
		"or add an import block { to = %s.<name>, id = \"%d\" }. Otherwise choose another identifier.",
		r.typeName, id, r.typeName, id)
}
