package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// providerData is what the provider hands to its resources and data sources: one API
// client and the caches shared by every resource of the provider instance. Resources and
// data sources embed it (through resourceBase and dataSourceBase); it is zero until the
// provider is configured.
type providerData struct {
	client    *client.Client
	reference *catalogReferenceCache
	snapshot  *apiSnapshot
	// unmaps records the mappings this plan destroys (planned_unmaps.go).
	unmaps *plannedUnmaps
	// releases records the product mappings this apply takes off their product (product_releases.go).
	releases *productReleases
}

func (c *providerData) configure(data any, diags *diag.Diagnostics) {
	pd, d := providerDataFrom(data)
	diags.Append(d...)
	if pd != nil {
		*c = *pd
	}
}

// dataSourceBase gives a data source its Configure method; embed it.
type dataSourceBase struct{ providerData }

// Configure takes the provider's client; before the provider is configured there is none.
func (b *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.configure(req.ProviderData, &resp.Diagnostics)
}

// resourceBase gives a resource its Configure method; embed it.
type resourceBase struct{ providerData }

// Configure takes the provider's client; before the provider is configured there is none.
func (b *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.configure(req.ProviderData, &resp.Diagnostics)
}

// providerDataFrom checks the value the provider handed to a resource or data source. It
// returns nil with no diagnostics when the provider is not configured yet.
func providerDataFrom(data any) (*providerData, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil {
		return nil, diags
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *provider.providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil, diags
	}
	return pd, diags
}
