package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Private state: what a resource keeps beside its state, invisible to the user. Terraform
// hands it from a refresh to the plan, from the plan to the apply, and from the first plan
// of a replacement to its second; it is how a resource tells its own later steps what
// they cannot read from state. Every key is declared here, with the type it holds and a
// read/save pair; no other file names a key.

// privateKey is one key of private state and the type T of what it holds (JSON-encoded).
type privateKey[T any] struct{ name string }

// The keys of private state.
var (
	// etagKey: the ETag of the object as last read or written, sent as If-Match on the
	// next write (every resource).
	etagKey = privateKey[string]{"etag"}
	// customerMappingHealthKey: what a customer mapping's last read or write learnt beyond
	// its state (the mapped contract's and company's health, the customer's billing type),
	// so its plan judges a change without one more API call per resource.
	customerMappingHealthKey = privateKey[customerMappingHealth]{"customer_mapping_health"}
	// replacedCustomerKey: whose mapping a replaced customer mapping replaces, from its
	// first plan to its second (the create Terraform plans next with this private state).
	replacedCustomerKey = privateKey[replacedCustomer]{"replaced_customer"}
	// plannedProductNameKey: the description this plan gives a product mapping's PSA
	// product (the product's plan notes it in the ledger), from the mapping's refresh to
	// its plan, and to the plan Terraform makes again during the apply.
	plannedProductNameKey = privateKey[plannedProductName]{"planned_psa_product_name"}
	// credentialsWrittenKey: when Terraform last wrote a PSA integration's credentials (the
	// API's credentialsUpdatedAt); a different time at the next read means someone changed
	// them outside Terraform.
	credentialsWrittenKey = privateKey[string]{"credentials_written_at"}
	// claimantKey: the token a resource's claims carry (claimantOf), from the first plan of a
	// replacement to its second, so both claim as one resource, and kept with the resource.
	claimantKey = privateKey[string]{"claimant"}
	// replacedProductKey: the id of the ConnectWise product a plan keeps, from the first plan
	// of a replacement (-replace) to its second, the create, which so knows what it replaces.
	replacedProductKey = privateKey[int64]{"replaced_product"}
)

// privateGetter and privateSetter are the parts of the framework's private state used here.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// read decodes the key into a T; ok is false when it is missing. A value that cannot be
// decoded is logged and read as missing: these keys hold hints (the ETag, which must not be
// guessed, is read by getETag).
func (k privateKey[T]) read(ctx context.Context, private privateGetter, diags *diag.Diagnostics) (v T, ok bool) {
	if private == nil {
		return v, false
	}
	raw, d := private.GetKey(ctx, k.name)
	diags.Append(d...)
	if len(raw) == 0 {
		return v, false
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		tflog.Debug(ctx, "Ignoring unreadable private state", map[string]any{"key": k.name, "error": err.Error()})
		var zero T
		return zero, false
	}
	return v, true
}

// save keeps v under the key.
func (k privateKey[T]) save(ctx context.Context, private privateSetter, v T) diag.Diagnostics {
	raw, err := json.Marshal(v)
	if err != nil {
		var d diag.Diagnostics
		d.AddError("Unable to save private state", "Could not encode "+k.name+": "+err.Error())
		return d
	}
	return private.SetKey(ctx, k.name, raw)
}

// clear removes the key.
func (k privateKey[T]) clear(ctx context.Context, private privateSetter) diag.Diagnostics {
	return private.SetKey(ctx, k.name, nil)
}

// setETag keeps etag in private state, to be sent back as If-Match on the next write.
func setETag(ctx context.Context, private privateSetter, etag string) diag.Diagnostics {
	if etag == "" {
		return etagKey.clear(ctx, private)
	}
	return etagKey.save(ctx, private, etag)
}

// getETag returns the ETag kept by setETag, or "" (write unconditionally) when none was
// ever kept. An ETag that cannot be read is an error, not "": writing without If-Match
// would silently overwrite a change made outside Terraform.
func getETag(ctx context.Context, private privateGetter) (string, diag.Diagnostics) {
	b, diags := private.GetKey(ctx, etagKey.name)
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

// customerMappingHealth is what a customer mapping keeps under customerMappingHealthKey.
type customerMappingHealth struct {
	ContractStatus string `json:"contractStatus,omitempty"`
	CompanyExists  *bool  `json:"companyExists,omitempty"`
	BillingType    string `json:"billingType,omitempty"`
}

// customerMappingHealthOf is the health of mapping m as the API answers it.
func customerMappingHealthOf(m *api.CustomerMapping) customerMappingHealth {
	h := customerMappingHealth{CompanyExists: m.CompanyExists, BillingType: string(m.BillingType)}
	if m.ContractStatus != nil {
		h.ContractStatus = string(*m.ContractStatus)
	}
	return h
}

func saveCustomerMappingHealth(ctx context.Context, private privateSetter, m *api.CustomerMapping) diag.Diagnostics {
	return customerMappingHealthKey.save(ctx, private, customerMappingHealthOf(m))
}

// readCustomerMappingHealth returns the kept health; the zero value when none was kept.
func readCustomerMappingHealth(ctx context.Context, private privateGetter, diags *diag.Diagnostics) customerMappingHealth {
	h, _ := customerMappingHealthKey.read(ctx, private, diags)
	return h
}

// replacedCustomer is what a replaced customer mapping keeps under replacedCustomerKey.
type replacedCustomer struct {
	PSA        string `json:"psa"`
	CustomerID string `json:"customerId"`
}

func saveReplacedCustomer(ctx context.Context, private privateSetter, r replacedCustomer) diag.Diagnostics {
	return replacedCustomerKey.save(ctx, private, r)
}

// readReplacedCustomer returns whose mapping this plan replaces; ok is false when it
// replaces none.
func readReplacedCustomer(ctx context.Context, private privateGetter, diags *diag.Diagnostics) (replacedCustomer, bool) {
	return replacedCustomerKey.read(ctx, private, diags)
}

// plannedProductName is what a product mapping keeps under plannedProductNameKey.
type plannedProductName struct {
	ProductID int64  `json:"productId"`
	Name      string `json:"name"`
}

// savePlannedProductName keeps the name the plan gives the mapping's PSA product, or clears
// what an earlier refresh kept (p nil).
func savePlannedProductName(ctx context.Context, private privateSetter, p *plannedProductName) diag.Diagnostics {
	if p == nil {
		return plannedProductNameKey.clear(ctx, private)
	}
	return plannedProductNameKey.save(ctx, private, *p)
}

// readPlannedProductName returns the kept name, or nil.
func readPlannedProductName(ctx context.Context, private privateGetter, diags *diag.Diagnostics) *plannedProductName {
	p, ok := plannedProductNameKey.read(ctx, private, diags)
	if !ok || p.ProductID == 0 {
		return nil
	}
	return &p
}

// saveCredentialsWritten keeps when the API says the credentials were written; nothing
// when it does not say.
func saveCredentialsWritten(ctx context.Context, private privateSetter, at *time.Time) diag.Diagnostics {
	if at == nil {
		return nil
	}
	return credentialsWrittenKey.save(ctx, private, credentialsTime(at))
}

// credentialsWrittenBy reports whether the credentials of at (the API's
// credentialsUpdatedAt) are the ones Terraform last wrote.
func credentialsWrittenBy(ctx context.Context, private privateGetter, at *time.Time, diags *diag.Diagnostics) bool {
	written, ok := credentialsWrittenKey.read(ctx, private, diags)
	return ok && written != "" && at != nil && written == credentialsTime(at)
}

func credentialsTime(at *time.Time) string { return at.UTC().Format(time.RFC3339Nano) }
