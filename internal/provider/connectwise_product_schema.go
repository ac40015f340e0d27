package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

func (r *connectWiseProductResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = connectWiseProductSchema(r.typeName, r.otherTypeName())
}

func connectWiseProductSchema(typeName, otherTypeName string) schema.Schema {
	d := psaProductDescriptions()
	intro := "Manages a product of the partner's ConnectWise PSA catalog, as \"Add product to PSA\" does in " +
		"Sophos Central Partner. Map Sophos products to it with `sophos_psa_product_mapping`. " +
		"`" + connectWiseProductTypeName + "` and `" + sophosConnectWiseProductTypeName + "` are the same resource; " +
		"a `moved` block switches between the names without touching the product."
	if typeName == connectWiseProductTypeName {
		intro += " Terraform guesses a provider from a resource type's prefix, so blocks of this type need " +
			"`provider = sophos` (or use `" + otherTypeName + "`)."
	}
	return schema.Schema{
		MarkdownDescription: intro,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Numeric id of the product in ConnectWise PSA, as a string. Use it as a mapping's `psa_product_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"identifier": schema.StringAttribute{
				MarkdownDescription: d.Identifier + fmt.Sprintf(" At most %d characters. ", api.MaxIdentifierLength) +
					"An identifier another product already has (ignoring case) fails the plan with the `import` block " +
					"to use, unless that product has exactly the configured content: then the plan warns, and apply " +
					"takes it into state if an earlier apply of this configuration created it, and fails with the " +
					"`import` block otherwise.",
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: d.Description + fmt.Sprintf(" At most %d characters.", api.MaxDescriptionLength),
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"customer_description": schema.StringAttribute{
				MarkdownDescription: d.CustomerDescription + fmt.Sprintf(" At most %d characters. ", api.MaxCustomerDescriptionLength) +
					"When not set, it is the same as `description`.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{omitWhenEmpty()},
			},
			"category": schema.StringAttribute{
				MarkdownDescription: d.Category + " Set it only when the `subcategory` name exists in more than one " +
					"category (the plan says so, naming them): it chooses the subcategory of that category. When set, the " +
					"subcategory must be one of its own.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{useStateUnlessChanged(path.Root("subcategory"))},
			},
			"subcategory": schema.StringAttribute{
				MarkdownDescription: d.Subcategory + " Checked against the reference data at plan time.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: d.Type + " Checked against the reference data at plan time.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"product_class": schema.StringAttribute{
				MarkdownDescription: d.ProductClass + " Defaults to `" + string(api.DefaultProductClass) + "`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(string(api.DefaultProductClass)),
				Validators:          []validator.String{stringvalidator.OneOf(api.Strings(api.ProductClasses())...)},
			},
			"unit_of_measure": schema.StringAttribute{
				MarkdownDescription: d.UnitOfMeasure + " Defaults to `" + api.DefaultUnitOfMeasure + "`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(api.DefaultUnitOfMeasure),
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"price": schema.Float64Attribute{
				MarkdownDescription: d.Price + " Not negative; defaults to `0`.",
				Optional:            true,
				Computed:            true,
				Default:             float64default.StaticFloat64(0),
				Validators:          []validator.Float64{float64validator.AtLeast(0)},
			},
			"cost": schema.Float64Attribute{
				MarkdownDescription: d.Cost + " Not negative; defaults to `0`.",
				Optional:            true,
				Computed:            true,
				Default:             float64default.StaticFloat64(0),
				Validators:          []validator.Float64{float64validator.AtLeast(0)},
			},
			"taxable": schema.BoolAttribute{
				MarkdownDescription: d.Taxable + " Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"inactive": schema.BoolAttribute{
				MarkdownDescription: d.Inactive + " Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"manufacturer_part_number": schema.StringAttribute{
				MarkdownDescription: d.ManufacturerPartNumber + fmt.Sprintf(" At most %d characters.", api.MaxReferenceFieldLength),
				Optional:            true,
				Validators:          []validator.String{omitWhenEmpty()},
			},
			"vendor_sku": schema.StringAttribute{
				MarkdownDescription: d.VendorSKU + fmt.Sprintf(" At most %d characters.", api.MaxReferenceFieldLength),
				Optional:            true,
				Validators:          []validator.String{omitWhenEmpty()},
			},
			"integration_xref": schema.StringAttribute{
				MarkdownDescription: d.IntegrationXRef + fmt.Sprintf(" At most %d characters.", api.MaxReferenceFieldLength),
				Optional:            true,
				Validators:          []validator.String{omitWhenEmpty()},
			},
			"notes": schema.StringAttribute{
				MarkdownDescription: d.Notes,
				Optional:            true,
				Validators:          []validator.String{omitWhenEmpty()},
			},
		},
	}
}
