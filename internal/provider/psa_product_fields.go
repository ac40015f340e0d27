package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// psaProductDescriptions returns the descriptions of the product attributes shared by
// connectwise_product and sophos_psa_products, so both say the same thing.
func psaProductDescriptions() psaProductDocs {
	return psaProductDocs{
		Identifier: "Product ID shown in the PSA catalog (the ConnectWise catalog item identifier), unique in the catalog.",
		Description: "Short description shown as the product's name in the PSA and in Sophos Central Partner " +
			"(the mapping's `psa_product_name`).",
		CustomerDescription:    "Description printed on invoices.",
		Category:               "Category of the product, implied by its subcategory.",
		Subcategory:            "Name of the product's subcategory, from the ConnectWise catalog reference data.",
		Type:                   "Name of the product type, from the ConnectWise catalog reference data.",
		ProductClass:           "Product class: " + markdownList(api.Strings(api.ProductClasses())) + ".",
		UnitOfMeasure:          "Name of the unit of measure, from the ConnectWise catalog reference data.",
		Price:                  "Unit price charged to the customer.",
		Cost:                   "Unit cost to the partner.",
		Taxable:                "Whether the product is taxable.",
		Inactive:               "Whether the product is inactive. Inactive products cannot be newly mapped.",
		ManufacturerPartNumber: "Manufacturer part number.",
		VendorSKU:              "Vendor SKU.",
		IntegrationXRef:        "Integration cross-reference, a natural place for the Sophos product identifier.",
		Notes:                  "Internal notes.",
	}
}

// psaProductDocs holds the descriptions of shared attributes; a field per attribute, so a typo
// does not compile instead of giving an empty text.
type psaProductDocs struct {
	Identifier             string
	Description            string
	CustomerDescription    string
	Category               string
	Subcategory            string
	Type                   string
	ProductClass           string
	UnitOfMeasure          string
	Price                  string
	Cost                   string
	Taxable                string
	Inactive               string
	ManufacturerPartNumber string
	VendorSKU              string
	IntegrationXRef        string
	Notes                  string
}

// psaProductFields are the attributes a PSA product has both in connectwise_product and in
// each element of sophos_psa_products.
type psaProductFields struct {
	Identifier             types.String  `tfsdk:"identifier"`
	Description            types.String  `tfsdk:"description"`
	CustomerDescription    types.String  `tfsdk:"customer_description"`
	Category               types.String  `tfsdk:"category"`
	Subcategory            types.String  `tfsdk:"subcategory"`
	Type                   types.String  `tfsdk:"type"`
	ProductClass           types.String  `tfsdk:"product_class"`
	UnitOfMeasure          types.String  `tfsdk:"unit_of_measure"`
	Price                  types.Float64 `tfsdk:"price"`
	Cost                   types.Float64 `tfsdk:"cost"`
	Taxable                types.Bool    `tfsdk:"taxable"`
	Inactive               types.Bool    `tfsdk:"inactive"`
	ManufacturerPartNumber types.String  `tfsdk:"manufacturer_part_number"`
	VendorSKU              types.String  `tfsdk:"vendor_sku"`
	IntegrationXRef        types.String  `tfsdk:"integration_xref"`
	Notes                  types.String  `tfsdk:"notes"`
}

// psaProductFieldsFromAPI maps a PSA product of the API to the shared attributes. Optional
// texts the API leaves out (or empty) are null.
func psaProductFieldsFromAPI(p *api.PsaProduct) psaProductFields {
	return psaProductFields{
		Identifier:             types.StringValue(p.Identifier),
		Description:            types.StringValue(p.Description),
		CustomerDescription:    types.StringValue(p.CustomerDescription),
		Category:               referenceName(p.Category),
		Subcategory:            referenceName(p.Subcategory),
		Type:                   referenceName(p.Type),
		ProductClass:           types.StringValue(string(p.ProductClass)),
		UnitOfMeasure:          referenceName(p.UnitOfMeasure),
		Price:                  types.Float64Value(p.Price),
		Cost:                   types.Float64Value(p.Cost),
		Taxable:                types.BoolValue(p.TaxableFlag),
		Inactive:               types.BoolValue(p.InactiveFlag),
		ManufacturerPartNumber: optionalString(p.ManufacturerPartNumber),
		VendorSKU:              optionalString(p.VendorSku),
		IntegrationXRef:        optionalString(p.IntegrationXRef),
		Notes:                  optionalString(p.Notes),
	}
}

// toInput builds the API's write body from the shared attributes. Unknown values are left
// out so the API applies its defaults; optional texts that are not set are sent empty, so an
// update (a full replace) clears them.
func (f psaProductFields) toInput() api.PsaProductInput {
	in := api.PsaProductInput{
		Identifier:             f.Identifier.ValueString(),
		Description:            f.Description.ValueString(),
		Subcategory:            api.Reference{Name: f.Subcategory.ValueStringPointer()},
		Type:                   api.Reference{Name: f.Type.ValueStringPointer()},
		CustomerDescription:    knownString(f.CustomerDescription),
		ManufacturerPartNumber: textOrEmpty(f.ManufacturerPartNumber),
		VendorSku:              textOrEmpty(f.VendorSKU),
		IntegrationXRef:        textOrEmpty(f.IntegrationXRef),
		Notes:                  textOrEmpty(f.Notes),
	}
	if s := knownString(f.Category); s != nil {
		in.Category = &api.Reference{Name: s}
	}
	if s := knownString(f.ProductClass); s != nil {
		pc := api.ProductClass(*s)
		in.ProductClass = &pc
	}
	if s := knownString(f.UnitOfMeasure); s != nil {
		in.UnitOfMeasure = &api.Reference{Name: s}
	}
	if !f.Price.IsNull() && !f.Price.IsUnknown() {
		in.Price = f.Price.ValueFloat64Pointer()
	}
	if !f.Cost.IsNull() && !f.Cost.IsUnknown() {
		in.Cost = f.Cost.ValueFloat64Pointer()
	}
	if !f.Taxable.IsNull() && !f.Taxable.IsUnknown() {
		in.TaxableFlag = f.Taxable.ValueBoolPointer()
	}
	if !f.Inactive.IsNull() && !f.Inactive.IsUnknown() {
		in.InactiveFlag = f.Inactive.ValueBoolPointer()
	}
	return in
}

func referenceName(r *api.Reference) types.String {
	if r == nil || r.Name == nil {
		return types.StringNull()
	}
	return types.StringValue(*r.Name)
}

func optionalString(s *string) types.String {
	if s == nil || *s == "" {
		return types.StringNull()
	}
	return types.StringValue(*s)
}

// textOrEmpty returns a pointer to the value, or to "" when it is null or unknown.
func textOrEmpty(v types.String) *string {
	s := v.ValueString()
	return &s
}

// knownString returns a pointer to a known, non-null value, or nil.
func knownString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	s := v.ValueString()
	return &s
}
