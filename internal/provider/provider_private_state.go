package provider

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Private state: what a resource keeps beside its state, invisible to the user.

// etagKey is the private-state key holding the ETag of the object as last read or written.
const etagKey = "etag"

// privateGetter and privateSetter are the parts of the framework's private state used here.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// setETag keeps etag in private state, to be sent back as If-Match on the next write.
func setETag(ctx context.Context, private privateSetter, etag string) diag.Diagnostics {
	if etag == "" {
		return private.SetKey(ctx, etagKey, nil)
	}
	b, err := json.Marshal(etag)
	if err != nil {
		var d diag.Diagnostics
		d.AddError("Unable to keep the object's version", err.Error())
		return d
	}
	return private.SetKey(ctx, etagKey, b)
}

// getETag returns the ETag kept by setETag, or "" (write unconditionally) when none was
// ever kept. An ETag that cannot be read is an error, not "": writing without If-Match
// would silently overwrite a change made outside Terraform.
func getETag(ctx context.Context, private privateGetter) (string, diag.Diagnostics) {
	b, diags := private.GetKey(ctx, etagKey)
	if diags.HasError() || len(b) == 0 {
		return "", diags
	}
	var etag string
	if err := json.Unmarshal(b, &etag); err != nil {
		diags.AddError("Unable to read the object's version",
			fmt.Sprintf("The version (ETag) Terraform keeps in private state to detect changes made outside Terraform "+
				"cannot be read: %s. Run `terraform apply -refresh-only` to read the object again, then apply.", err))
		return "", diags
	}
	return etag, diags
}

// customerMappingHealthKey is the private-state key under which a customer mapping keeps
// what the last read or write learnt beyond its state: the health of the mapped contract
// and company and the customer's billing type. ModifyPlan judges a plan on it without one
// more API call per resource.
const customerMappingHealthKey = "customer_mapping_health"

type customerMappingHealth struct {
	ContractStatus string `json:"contractStatus,omitempty"`
	CompanyExists  *bool  `json:"companyExists,omitempty"`
	BillingType    string `json:"billingType,omitempty"`
}

func readCustomerMappingHealth(ctx context.Context, private privateGetter, diags *diag.Diagnostics) customerMappingHealth {
	var h customerMappingHealth
	readPrivateJSON(ctx, private, customerMappingHealthKey, &h, diags)
	return h
}

func saveCustomerMappingHealth(ctx context.Context, private privateSetter, m *api.CustomerMapping) diag.Diagnostics {
	return savePrivateJSON(ctx, private, customerMappingHealthKey, customerMappingHealthOf(m))
}

// customerMappingHealthOf is the health of mapping m as the API answers it.
func customerMappingHealthOf(m *api.CustomerMapping) customerMappingHealth {
	h := customerMappingHealth{CompanyExists: m.CompanyExists, BillingType: string(m.BillingType)}
	if m.ContractStatus != nil {
		h.ContractStatus = string(*m.ContractStatus)
	}
	return h
}

// replacedCustomerKey is the private-state key under which the first plan of a replaced
// customer mapping tells the second (the create Terraform plans next, with this private
// state) whose mapping it replaces.
const replacedCustomerKey = "replaced_customer"

type replacedCustomer struct {
	PSA        string `json:"psa"`
	CustomerID string `json:"customerId"`
}

func saveReplacedCustomer(ctx context.Context, private privateSetter, r replacedCustomer) diag.Diagnostics {
	return savePrivateJSON(ctx, private, replacedCustomerKey, r)
}

func readReplacedCustomer(ctx context.Context, private privateGetter) (replacedCustomer, diag.Diagnostics) {
	var r replacedCustomer
	var diags diag.Diagnostics
	if private != nil {
		readPrivateJSON(ctx, private, replacedCustomerKey, &r, &diags)
	}
	return r, diags
}

// readPrivateJSON decodes a private-state key into v; a missing key leaves v as it is, and
// an unreadable one is logged and ignored (it only ever holds hints).
func readPrivateJSON(ctx context.Context, private privateGetter, key string, v any, diags *diag.Diagnostics) {
	raw, d := private.GetKey(ctx, key)
	diags.Append(d...)
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, v); err != nil {
			tflog.Debug(ctx, "Ignoring unreadable private state", map[string]any{"key": key, "error": err.Error()})
		}
	}
}

func savePrivateJSON(ctx context.Context, private privateSetter, key string, v any) diag.Diagnostics {
	raw, err := json.Marshal(v)
	if err != nil {
		var d diag.Diagnostics
		d.AddError("Unable to save private state", "Could not encode "+key+": "+err.Error())
		return d
	}
	return private.SetKey(ctx, key, raw)
}
