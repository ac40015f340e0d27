package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// sophosProductPattern is the shape of a Sophos product identifier. Its prefix is matched in
// any case, so an identifier written in another case gets past validation to the plan and
// import checks, which look up and name its exact spelling.
var sophosProductPattern = regexp.MustCompile(`^(?i:sophos)_[A-Za-z0-9_]+$`)

func (r *psaProductMappingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	d := productMappingDescriptions()
	resp.Schema = schema.Schema{
		MarkdownDescription: "Maps a Sophos product to a product of the PSA catalog, so its monthly usage is billed " +
			"to that product, and switches the product's usage sync. Destroying the resource removes the mapping, " +
			"which switches usage sync off.\n\n" +
			"Creating the resource takes an existing mapping into state, without a write, only when it is exactly " +
			"what the configuration asks for (the same PSA product and sync switch), as an earlier apply that did " +
			"not finish leaves it; the plan warns. Any other existing mapping fails the create with the `import` " +
			"block to use. An import of a Sophos product that only " +
			"the other PSA maps fails with that PSA's import id.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<psa>/<sophos_product>`, e.g. `connectwise/Sophos_Intercept_X_Advanced`; also the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"psa": schema.StringAttribute{
				MarkdownDescription: psaDescription("PSA the Sophos product is mapped in; changing it replaces the mapping."),
				Required:            true,
				Validators:          psaValidators(),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"sophos_product": schema.StringAttribute{
				MarkdownDescription: d.SophosProduct + " Must be a product with usage of the partner " +
					"(the `sophos_psa_product_mappings` data source lists them), spelled exactly: identifiers are " +
					"case-sensitive, and a value in another case fails at plan with the exact spelling. Changing it " +
					"replaces the mapping.",
				Required: true,
				// The pattern also refuses "", with the same one message.
				Validators: []validator.String{
					stringvalidator.RegexMatches(sophosProductPattern,
						"must be a Sophos product identifier such as \"Sophos_Intercept_X_Advanced\": \"Sophos_\" followed by letters, digits and underscores"),
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"psa_product_id": schema.Int64Attribute{
				MarkdownDescription: d.PSAProductID + " The product must belong to `psa` and be active. " +
					"Use `sophos_psa_products` to look one up, or a `connectwise_product`'s `id`: write the reference " +
					"(`psa_product_id = sophos_connectwise_product.x.id`), not the number, so that Terraform plans the mapping " +
					"after the product and a `description` the configuration changes shows as the mapping's new `psa_product_name`.",
				Required:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"sync_enabled": schema.BoolAttribute{
				MarkdownDescription: d.SyncEnabled + " Defaults to `true`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
			},
			"sophos_product_name": schema.StringAttribute{
				MarkdownDescription: d.SophosProductName,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"psa_product_name": schema.StringAttribute{
				MarkdownDescription: d.PSAProductName + " Follows renames of the PSA product; shown in the plan, also when `psa_product_id` changes (unknown only while " +
					"the id is, e.g. of a product the same apply creates). When the same " +
					"plan changes the `description` of the `sophos_connectwise_product` that `psa_product_id` refers to, the plan " +
					"shows the new name and the apply writes nothing of the mapping for it.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{useStateUnlessChanged(path.Root("psa_product_id"))},
			},
		},
	}
}
