package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// psaCustomerMappingModel is the state of sophos_psa_customer_mapping.
type psaCustomerMappingModel struct {
	ID                types.String `tfsdk:"id"`
	PSA               types.String `tfsdk:"psa"`
	CustomerID        types.String `tfsdk:"customer_id"`
	CustomerName      types.String `tfsdk:"customer_name"`
	CompanyID         types.Int64  `tfsdk:"company_id"`
	CompanyName       types.String `tfsdk:"company_name"`
	ContractID        types.Int64  `tfsdk:"contract_id"`
	ContractName      types.String `tfsdk:"contract_name"`
	UsageSyncEnabled  types.Bool   `tfsdk:"usage_sync_enabled"`
	TicketSyncEnabled types.Bool   `tfsdk:"ticket_sync_enabled"`
}

// psaCustomerMappingFromAPI maps a customer mapping of the API to the resource's model; it
// is the one mapper, used by every CRUD method.
func psaCustomerMappingFromAPI(in *api.CustomerMapping) psaCustomerMappingModel {
	m := psaCustomerMappingModel{
		ID:                types.StringValue(customerMappingID(string(in.Psa), in.CustomerId)),
		PSA:               types.StringValue(string(in.Psa)),
		CustomerID:        types.StringValue(in.CustomerId),
		CustomerName:      types.StringValue(in.CustomerName),
		CompanyID:         types.Int64PointerValue(in.CompanyId),
		CompanyName:       types.StringPointerValue(in.CompanyName),
		ContractID:        types.Int64PointerValue(in.ContractId),
		ContractName:      types.StringPointerValue(in.ContractName),
		UsageSyncEnabled:  types.BoolValue(in.UsageSyncEnabled),
		TicketSyncEnabled: types.BoolValue(in.TicketSyncEnabled),
	}
	if in.ContractId == nil {
		m.ContractName = types.StringNull()
	}
	return m
}

// toInput builds the API's write body; it is the one place a request body is built.
func (m psaCustomerMappingModel) toInput() api.CustomerMappingInput {
	usage, ticket := m.UsageSyncEnabled.ValueBool(), m.TicketSyncEnabled.ValueBool()
	return api.CustomerMappingInput{
		CompanyId:         m.CompanyID.ValueInt64(),
		ContractId:        m.ContractID.ValueInt64Pointer(),
		UsageSyncEnabled:  &usage,
		TicketSyncEnabled: &ticket,
	}
}

// sameAs reports whether the API's mapping in maps the customer exactly as m does: company,
// contract and both sync switches.
func (m psaCustomerMappingModel) sameAs(in *api.CustomerMapping) bool {
	contract := m.ContractID.ValueInt64Pointer()
	return in.Mapped && in.CompanyId != nil && *in.CompanyId == m.CompanyID.ValueInt64() &&
		(in.ContractId == nil) == (contract == nil) && (contract == nil || *in.ContractId == *contract) &&
		in.UsageSyncEnabled == m.UsageSyncEnabled.ValueBool() && in.TicketSyncEnabled == m.TicketSyncEnabled.ValueBool()
}

func (m psaCustomerMappingModel) psa() api.Psa { return api.Psa(m.PSA.ValueString()) }

func customerMappingID(psa, customerID string) string { return psa + "/" + customerID }

// customerMappingLabel names the customer in messages: its name and id when known.
func customerMappingLabel(m psaCustomerMappingModel) string {
	if n := m.CustomerName.ValueString(); n != "" {
		return fmt.Sprintf("%q (%s)", n, m.CustomerID.ValueString())
	}
	return m.CustomerID.ValueString()
}

// customerMappingObject names the mapping in messages: "the Autotask PSA mapping of customer …".
func customerMappingObject(m psaCustomerMappingModel) string {
	return fmt.Sprintf("the %s mapping of customer %s", m.psa().DisplayName(), customerMappingLabel(m))
}
