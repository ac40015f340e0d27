package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// providerData is what the provider hands to its resources, data sources, list resources
// and actions: one API client, the snapshot of what this process has read of the API, and
// the ledger of what its plans record for other resources. They embed it (through
// resourceBase, dataSourceBase and actionBase); it is zero until the provider is
// configured. newProviderData is the one way to make it, for Configure and for tests.
type providerData struct {
	client *client.Client
	// directories read each PSA (provider_directory.go); the snapshot reads through them.
	directories psaDirectories
	snapshot    *apiSnapshot
	ledger      *planLedger
	// releases records the product mappings this apply takes off their product (product_releases.go).
	releases *productReleases
}

// newProviderData wires what every resource of one provider process shares around client c
// and the PSA directories dirs (nil: every PSA through the Sophos integration).
func newProviderData(c *client.Client, dirs psaDirectories) *providerData {
	if dirs == nil {
		dirs = integrationDirectories(c)
	}
	return &providerData{client: c, directories: dirs, snapshot: newAPISnapshot(c, dirs), ledger: newPlanLedger(), releases: newProductReleases()}
}

// catalog is ConnectWise's catalog writes, through the directory the provider block chose.
func (c *providerData) catalog() catalogWriter {
	return c.directories[api.PsaConnectwise].catalog()
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
