package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// What the ConnectWise product's writes guard against, in either mode: a product changed in
// the PSA since Terraform read it (a 412 through the integration; through ConnectWise, whose
// records have no ETag, an _info.lastUpdated that moved, changedSinceReadError), named by
// the attributes that changed; and a destroy the PSA refuses because agreement additions or
// invoices use the product, which retires it instead (inactive), so a destroy never fails
// because the product is in use.

// changedAttributes names the attributes whose value differs between the state and the
// product as it is now.
func changedAttributes(state connectWiseProductModel, now *api.PsaProduct) []string {
	got := connectWiseProductFromAPI(now)
	var out []string
	for _, f := range []struct {
		name      string
		was, then attr.Value
	}{
		{"identifier", state.Identifier, got.Identifier}, {"description", state.Description, got.Description},
		{"customer_description", state.CustomerDescription, got.CustomerDescription}, {"category", state.Category, got.Category},
		{"subcategory", state.Subcategory, got.Subcategory}, {"type", state.Type, got.Type},
		{"product_class", state.ProductClass, got.ProductClass}, {"unit_of_measure", state.UnitOfMeasure, got.UnitOfMeasure},
		{"price", state.Price, got.Price}, {"cost", state.Cost, got.Cost}, {"taxable", state.Taxable, got.Taxable},
		{"inactive", state.Inactive, got.Inactive}, {"manufacturer_part_number", state.ManufacturerPartNumber, got.ManufacturerPartNumber},
		{"vendor_sku", state.VendorSKU, got.VendorSKU}, {"integration_xref", state.IntegrationXRef, got.IntegrationXRef},
		{"notes", state.Notes, got.Notes},
	} {
		if !f.was.Equal(f.then) {
			out = append(out, f.name)
		}
	}
	return out
}

// changedAdvice is what to do about a product changed since it was read, naming what
// changed when the PSA said how it is now.
func changedAdvice(err error, state connectWiseProductModel) string {
	changed, ok := asChangedSinceRead(err)
	if !ok {
		return ""
	}
	what := changedAttributes(state, changed.Current)
	if len(what) == 0 {
		return "Its attributes are as Terraform last read them, but it was written since. Run `terraform plan` again, then apply."
	}
	return fmt.Sprintf("Changed since then: %s. Run `terraform plan` again to see the change, then apply.", strings.Join(what, ", "))
}

// retire makes a product that the PSA will not delete inactive, so the destroy completes; it
// warns that the product stays in the PSA. ok is false when the retirement failed (diags
// has the error).
func (r *connectWiseProductResource) retire(ctx context.Context, id int64, state connectWiseProductModel, version, object string, cause error, diags *diag.Diagnostics) bool {
	in := state.toInput()
	in.InactiveFlag = ptr(true)
	p, _, err := r.catalog().updateProduct(ctx, id, in, version)
	if err != nil {
		diags.Append(r.apiError("retire", "ConnectWise product", object, err,
			fmt.Sprintf("ConnectWise did not delete it because it is in use (%s), and making it inactive failed too.", strings.TrimSuffix(cause.Error(), "."))))
		return false
	}
	r.snapshot.productsOf(api.PsaConnectwise).drop(id)
	tflog.Debug(ctx, "Retired ConnectWise product in use instead of deleting it", map[string]any{"id": id})
	diags.AddWarning("ConnectWise product retired, not deleted",
		fmt.Sprintf("%s is used by agreement additions or invoices, so ConnectWise keeps it. Terraform made it inactive "+
			"(inactiveFlag) instead, so it can no longer be added to agreements or mapped, and no longer manages it. "+
			"Delete %s in ConnectWise once nothing uses it, or import it again to manage it.", capitalize(object), p.Identifier))
	return true
}

// mappedTo lists the Sophos products mapped to product id, from the run's listing of the
// product mappings.
func (r *connectWiseProductResource) mappedTo(ctx context.Context, id int64) ([]string, error) {
	var mapped []string
	err := r.snapshot.productMappingsOf(api.PsaConnectwise).each(ctx, func(m api.ProductMapping, _ bool) bool {
		if m.Mapped && m.PsaProductId != nil && *m.PsaProductId == id {
			mapped = append(mapped, m.SophosProduct)
		}
		return true
	})
	return mapped, err
}
