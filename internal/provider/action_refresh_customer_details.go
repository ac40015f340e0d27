package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// sophos_psa_refresh_customer_details: the console's "Refresh customer details" button of
// a customer mapping, which reads the company and contract names from the PSA again.

var (
	_ action.Action              = (*refreshCustomerDetailsAction)(nil)
	_ action.ActionWithConfigure = (*refreshCustomerDetailsAction)(nil)
)

// NewRefreshCustomerDetailsAction returns the sophos_psa_refresh_customer_details action.
func NewRefreshCustomerDetailsAction() action.Action {
	return &refreshCustomerDetailsAction{}
}

type refreshCustomerDetailsAction struct {
	actionBase
}

// refreshCustomerDetailsModel is the action's configuration.
type refreshCustomerDetailsModel struct {
	PSA        types.String `tfsdk:"psa"`
	CustomerID types.String `tfsdk:"customer_id"`
}

func (a *refreshCustomerDetailsAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_psa_refresh_customer_details"
}

func (a *refreshCustomerDetailsAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the PSA company and contract names of a customer mapping from the PSA again, as " +
			"\"Refresh customer details\" in Sophos Central Partner does. Names in the mapping are snapshots; usage " +
			"sync refreshes them daily, this action does it now. Changes nothing else.",
		Attributes: map[string]schema.Attribute{
			"psa": schema.StringAttribute{
				MarkdownDescription: psaDescription("PSA the customer is mapped in."),
				Required:            true,
				Validators:          psaValidators(),
			},
			"customer_id": schema.StringAttribute{
				MarkdownDescription: "Id (UUID) of the Sophos Central Partner customer, e.g. `sophos_psa_customer_mapping.x.customer_id`.",
				Required:            true,
				Validators:          []validator.String{uuidValidator()},
			},
		},
	}
}

func (a *refreshCustomerDetailsAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg refreshCustomerDetailsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	psa, customerID := api.Psa(cfg.PSA.ValueString()), cfg.CustomerID.ValueString()
	object := fmt.Sprintf("the %s mapping of customer %s", psa.DisplayName(), customerID)

	resp.Diagnostics.Append(a.requireConnected(ctx, psa, "refresh", "customer details")...)
	if resp.Diagnostics.HasError() {
		return
	}
	sendProgress(resp, fmt.Sprintf("Refreshing the details of customer %s from %s...", customerID, psa.DisplayName()))
	m, _, err := a.client.RefreshCustomerMapping(ctx, psa, customerID)
	switch {
	case client.IsNotFound(err):
		resp.Diagnostics.AddError("Unable to refresh customer details",
			fmt.Sprintf("The partner has no customer %s. Use the id of one of its customers (see the sophos_customers data source).", customerID))
		return
	case err != nil:
		resp.Diagnostics.Append(a.apiError("refresh", "customer details", object, err, ""))
		return
	case !m.Mapped:
		resp.Diagnostics.AddWarning("Customer not mapped",
			fmt.Sprintf("Customer %q (%s) is not mapped in %s, so it has no company or contract details to refresh.",
				m.CustomerName, customerID, psa.DisplayName()))
		return
	}
	tflog.Debug(ctx, "Refreshed customer details", map[string]any{"psa": psa, "customer_id": customerID})
	sendProgress(resp, refreshedDetailsMessage(m))
}

// refreshedDetailsMessage says what a refreshed mapping now holds.
func refreshedDetailsMessage(m *api.CustomerMapping) string {
	msg := fmt.Sprintf("Refreshed customer %q: company %q", m.CustomerName, deref(m.CompanyName))
	if m.ContractId != nil {
		msg += fmt.Sprintf(", %s %q", m.Psa.ContractNoun(), deref(m.ContractName))
	}
	return msg + "."
}

// deref is *p, or the zero value for nil.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
