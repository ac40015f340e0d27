package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// The resource identity of sophos_psa_customer_mapping: the PSA and the customer, the two
// parts of its import ID (provider_mapping_identity.go).

var _ resource.ResourceWithIdentity = (*psaCustomerMappingResource)(nil)

var customerMappingIdentitySpec = mappingIdentity{
	typeName:       "sophos_psa_customer_mapping",
	key:            "customer_id",
	mapped:         "customer",
	keyDescription: "Id (UUID) of the Sophos Central Partner customer (tenant).",
	keyForm:        "the Sophos customer's id (a UUID)",
	valid:          rules.IsUUID,
	examplePSA:     api.PsaAutotask,
	exampleKey:     "29946c86-596b-4918-b186-dbe32c6a986b",
}

// psaCustomerMappingIdentityModel is the identity of a customer mapping.
type psaCustomerMappingIdentityModel struct {
	PSA        types.String `tfsdk:"psa"`
	CustomerID types.String `tfsdk:"customer_id"`
}

func (r *psaCustomerMappingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = customerMappingIdentitySpec.schema()
}

// customerMappingIdentity is the identity of the mapping in m (state or plan).
func customerMappingIdentity(m psaCustomerMappingModel) psaCustomerMappingIdentityModel {
	return psaCustomerMappingIdentityModel{PSA: m.PSA, CustomerID: m.CustomerID}
}
