package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// customerMappingDescriptions returns the descriptions of the attributes shared by
// sophos_psa_customer_mapping and sophos_psa_customer_mappings, so both say the same thing.
func customerMappingDescriptions() customerMappingDocs {
	return customerMappingDocs{
		CustomerID:   "Id (UUID) of the Sophos Central Partner customer (tenant), e.g. from the `sophos_customers` data source.",
		CustomerName: "Name of the customer in Sophos Central Partner.",
		CompanyID: "Id of the PSA company (a ConnectWise company or an Autotask company), e.g. from the " +
			"`sophos_psa_companies` data source.",
		CompanyName: "Name of the PSA company.",
		ContractID: "Id of the Autotask contract or ConnectWise agreement usage is synced to, e.g. from the " +
			"`sophos_psa_contracts` data source.",
		ContractName: "Name of the contract or agreement; null without `contract_id`.",
		UsageSyncEnabled: "Whether the customer's monthly usage is synced to the contract. Needs `contract_id` and a " +
			"usage-billed (monthly, MSP Flex) customer.",
		TicketSyncEnabled: "Whether the customer's Sophos alerts become PSA tickets. Works for every customer, with or " +
			"without usage sync.",
	}
}

// customerMappingDocs holds the descriptions of shared attributes; a field per attribute, so
// a typo does not compile instead of giving an empty text.
type customerMappingDocs struct {
	CustomerID, CustomerName, CompanyID, CompanyName, ContractID, ContractName string
	UsageSyncEnabled, TicketSyncEnabled                                        string
}

// customerMappingFields are the attributes a customer mapping has both in the resource and
// in each row of the data source.
type customerMappingFields struct {
	CustomerID        types.String `tfsdk:"customer_id"`
	CustomerName      types.String `tfsdk:"customer_name"`
	CompanyID         types.Int64  `tfsdk:"company_id"`
	CompanyName       types.String `tfsdk:"company_name"`
	ContractID        types.Int64  `tfsdk:"contract_id"`
	ContractName      types.String `tfsdk:"contract_name"`
	UsageSyncEnabled  types.Bool   `tfsdk:"usage_sync_enabled"`
	TicketSyncEnabled types.Bool   `tfsdk:"ticket_sync_enabled"`
}

// customerMappingFieldsFromAPI maps a customer mapping of the API to the shared attributes;
// without a contract, the contract's name is null.
func customerMappingFieldsFromAPI(in *api.CustomerMapping) customerMappingFields {
	f := customerMappingFields{
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
		f.ContractName = types.StringNull()
	}
	return f
}

// customerMappingQuery is the API's filter of the customer list from the filters the list
// resource and the data source share (the API filters on them itself).
func customerMappingQuery(usageSyncAvailable types.Bool, syncStatus types.String) client.CustomerMappingQuery {
	q := client.CustomerMappingQuery{UsageSyncAvailable: usageSyncAvailable.ValueBoolPointer()}
	if !syncStatus.IsNull() {
		s := api.SyncStatus(syncStatus.ValueString())
		q.SyncStatus = &s
	}
	return q
}

// psaCustomerMappingModel is the state of sophos_psa_customer_mapping.
type psaCustomerMappingModel struct {
	ID  types.String `tfsdk:"id"`
	PSA types.String `tfsdk:"psa"`
	customerMappingFields
}

// psaCustomerMappingFromAPI maps a customer mapping of the API to the resource's model; it
// is the one mapper, used by every CRUD method.
func psaCustomerMappingFromAPI(in *api.CustomerMapping) psaCustomerMappingModel {
	return psaCustomerMappingModel{
		ID:                    types.StringValue(customerMappingID(string(in.Psa), in.CustomerId)),
		PSA:                   types.StringValue(string(in.Psa)),
		customerMappingFields: customerMappingFieldsFromAPI(in),
	}
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
