package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The list resource of sophos_psa_product_mapping (`terraform query`): the Sophos products
// of a PSA with their mapping.

var (
	_ list.ListResource              = (*psaProductMappingListResource)(nil)
	_ list.ListResourceWithConfigure = (*psaProductMappingListResource)(nil)
)

// NewPSAProductMappingListResource returns the list resource of sophos_psa_product_mapping.
func NewPSAProductMappingListResource() list.ListResource {
	return &psaProductMappingListResource{}
}

type psaProductMappingListResource struct {
	resourceBase
}

// psaProductMappingListModel is the configuration of a product-mapping list block.
type psaProductMappingListModel struct {
	PSA         types.String `tfsdk:"psa"`
	Mapped      types.Bool   `tfsdk:"mapped"`
	SyncEnabled types.Bool   `tfsdk:"sync_enabled"`
}

func (r *psaProductMappingListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_psa_product_mapping"
}

func (r *psaProductMappingListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the product mappings of a PSA: every Sophos product with usage and the PSA product it " +
			"bills to. With `terraform query -generate-config-out` it writes a `sophos_psa_product_mapping` block and " +
			"an `import` block for each mapping it finds.",
		Attributes: map[string]schema.Attribute{
			"psa": schema.StringAttribute{
				MarkdownDescription: psaDescription("PSA whose product mappings to list."),
				Required:            true,
				Validators:          psaValidators(),
			},
			"mapped": schema.BoolAttribute{
				MarkdownDescription: "`true` (the default) lists the Sophos products mapped to a PSA product: the mappings " +
					"there are to import. `false` lists the Sophos products not mapped yet; they cannot be imported.",
				Optional: true,
			},
			"sync_enabled": schema.BoolAttribute{
				MarkdownDescription: "Only mappings whose usage sync is switched on (`true`) or off (`false`).",
				Optional:            true,
			},
		},
	}
}

func (r *psaProductMappingListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listFrom(ctx, req, stream, func(cfg psaProductMappingListModel, diags *diag.Diagnostics) []listItem {
		psa := api.Psa(cfg.PSA.ValueString())
		mappings, err := r.client.ListProductMappings(ctx, psa)
		if err != nil {
			diags.Append(r.apiError("list", "PSA product mappings", "the product mappings of "+psa.DisplayName(), err, ""))
			return nil
		}
		var items []listItem
		for _, m := range mappings {
			if mappedOnly(cfg.Mapped, m.Mapped) && keep(cfg.SyncEnabled, m.SyncEnabled) {
				state := psaProductMappingFromAPI(&m)
				items = append(items, listItem{displayName: productMappingDisplayName(&m), identity: productMappingIdentity(state), resource: func() any { return state }})
			}
		}
		return items
	})
}

// productMappingDisplayName names a listed product mapping: the Sophos product and the PSA
// product it bills to.
func productMappingDisplayName(m *api.ProductMapping) string {
	if !m.Mapped {
		return m.SophosProductName + " (not mapped)"
	}
	return fmt.Sprintf("%s -> %s", m.SophosProductName, deref(m.PsaProductName))
}
