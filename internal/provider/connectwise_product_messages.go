package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// conflictAdvice explains a 409 on create or update: the identifier was taken after the
// plan checked it. It names the product that has it and who made it, with the import block.
func (r *connectWiseProductResource) conflictAdvice(ctx context.Context, err error, identifier, ownID string) string {
	if !isConflict(err) {
		return ""
	}
	hint := r.adoptProductHint
	if ownID == "" {
		hint = func(id int64) string {
			return "The plan found the identifier free, so the product was made since, and Terraform does not take " +
				"over a product it did not make. " + r.adoptProductHint(id)
		}
	}
	if taken, holder, err := r.identifierTaken(ctx, identifier, ownID, hint); err == nil && taken.First() != nil {
		if holder != nil && ownID == "" {
			return taken.First().Message + " It was last written by " + r.writerText(holder.UpdatedBy, r.ownedProduct(holder).at) + ". " + r.writerCause(holder.UpdatedBy)
		}
		return taken.First().Message
	}
	return fmt.Sprintf("Another ConnectWise product already uses identifier %q. Choose another identifier, or import "+
		"that product (find its id with the sophos_psa_products data source).", identifier)
}

// stillMappedAdvice explains a 409 on delete: Sophos products are still mapped to it.
func (r *connectWiseProductResource) stillMappedAdvice(ctx context.Context, id int64, object string) string {
	mapped, _ := r.mappedTo(ctx, id)
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

// changedSinceReadAdvice explains a 412 on product id: who wrote it since Terraform read it,
// as the API says ("" when it cannot be read).
func (r *connectWiseProductResource) changedSinceReadAdvice(ctx context.Context, id int64, object string) string {
	p, _, err := r.client.GetPSAProduct(ctx, api.PsaConnectwise, id)
	if err != nil {
		return ""
	}
	return r.changedSinceReadDetail(object, p.UpdatedBy, r.ownedProduct(p).at)
}

// ownedProduct is product p as the ownership texts word it.
func (r *connectWiseProductResource) ownedProduct(p *api.PsaProduct) ownedObject {
	o := ownedObject{state: fmt.Sprintf("ConnectWise product %d already has identifier %q", p.Id, p.Identifier),
		typeName: r.typeName, importID: strconv.FormatInt(p.Id, 10), by: p.UpdatedBy}
	if p.UnderscoreInfo != nil {
		o.at = p.UnderscoreInfo.LastUpdated
	}
	return o
}

// replaceMappedProductDetail explains why product id, to which Sophos products mapped are
// mapped, cannot be replaced, and how to replace it with its mappings.
func replaceMappedProductDetail(id int64, mapped []string) string {
	return fmt.Sprintf("Replacing ConnectWise product %d deletes it first, and Sophos Central does not delete a product "+
		"that Sophos products are mapped to (%s): the apply would stop half-way. Besides, a new product cannot have its "+
		"identifier while it exists. To replace a mapped product, add the new product as a resource of its own (another "+
		"identifier), set the mappings' psa_product_id to it and apply; then remove the old product's block and apply "+
		"again. To change the product itself, change its arguments instead: every one of them is updated in place.",
		id, api.QuotedList(mapped))
}
