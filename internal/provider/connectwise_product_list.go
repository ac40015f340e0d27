package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The list resource of sophos_connectwise_product and connectwise_product (`terraform
// query`): the products of the ConnectWise catalog, one implementation under both names.

var (
	_ list.ListResource              = (*connectWiseProductListResource)(nil)
	_ list.ListResourceWithConfigure = (*connectWiseProductListResource)(nil)
)

// NewSophosConnectWiseProductListResource returns the list resource of sophos_connectwise_product.
func NewSophosConnectWiseProductListResource() list.ListResource {
	return &connectWiseProductListResource{typeName: sophosConnectWiseProductTypeName}
}

// NewConnectWiseProductListResource returns the list resource of connectwise_product.
func NewConnectWiseProductListResource() list.ListResource {
	return &connectWiseProductListResource{typeName: connectWiseProductTypeName}
}

type connectWiseProductListResource struct {
	resourceBase
	typeName string
}

// connectWiseProductListModel is the configuration of a ConnectWise product list block.
type connectWiseProductListModel struct {
	Search          types.String `tfsdk:"search"`
	Identifier      types.String `tfsdk:"identifier"`
	IncludeInactive types.Bool   `tfsdk:"include_inactive"`
	Mapped          types.Bool   `tfsdk:"mapped"`
}

func (r *connectWiseProductListResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.typeName
}

func (r *connectWiseProductListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: fmt.Sprintf("Lists the products of the ConnectWise PSA catalog. With `terraform query "+
			"-generate-config-out` it writes a `%s` block and an `import` block for each product it finds.", r.typeName),
		Attributes: map[string]schema.Attribute{
			"search": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Only products whose identifier or description contains this text "+
					"(case-insensitive, at least %d characters).", api.MinProductSearchLength),
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(api.MinProductSearchLength)},
			},
			"identifier": schema.StringAttribute{
				MarkdownDescription: "Only the product with exactly this identifier.",
				Optional:            true,
			},
			"include_inactive": schema.BoolAttribute{
				MarkdownDescription: "Whether inactive products are listed too. Defaults to `false`.",
				Optional:            true,
			},
			"mapped": schema.BoolAttribute{
				MarkdownDescription: "Only products that a Sophos product is mapped to (`true`) or that none is mapped " +
					"to (`false`). Not set: every product.",
				Optional: true,
			},
		},
	}
}

func (r *connectWiseProductListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listFrom(ctx, req, stream, func(cfg connectWiseProductListModel, diags *diag.Diagnostics) []listItem {
		products, err := rowsOf(ctx, r.snapshot.productsOf(api.PsaConnectwise), productFilter{
			search: cfg.Search.ValueString(), identifier: cfg.Identifier.ValueString(), includeInactive: cfg.IncludeInactive.ValueBool(),
		}.keep)
		if err != nil {
			diags.Append(r.apiError("list", "ConnectWise products", "the products of ConnectWise PSA", err, ""))
			return nil
		}
		var mappedIDs map[int64]bool
		if !cfg.Mapped.IsNull() {
			mappedIDs = map[int64]bool{}
			err := r.snapshot.productMappingsOf(api.PsaConnectwise).each(ctx, func(m api.ProductMapping, _ bool) bool {
				if m.Mapped && m.PsaProductId != nil {
					mappedIDs[*m.PsaProductId] = true
				}
				return true
			})
			if err != nil {
				diags.Append(r.apiError("list", "ConnectWise products", "the product mappings of ConnectWise PSA", err, ""))
				return nil
			}
		}
		var items []listItem
		for _, p := range products {
			if keep(cfg.Mapped, mappedIDs[p.Id]) {
				state := connectWiseProductFromAPI(&p)
				items = append(items, listItem{displayName: fmt.Sprintf("%s: %s", p.Identifier, p.Description), identity: connectWiseProductIdentity(p.Id), resource: func() any { return state }})
			}
		}
		return items
	})
}
