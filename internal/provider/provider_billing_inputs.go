package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The inputs of the usage roll-up and the reconciliation as Terraform values: billing lines,
// Sophos products and the two mapping tables, each an object with only the attributes the
// rules read. The data sources' rows have these attributes and more (Terraform drops the
// others when it converts a value to the input's type), so their lists are passed as they
// are; a configuration that keeps its mappings itself writes objects with these attributes
// alone. Each shape is declared once here, with the model it decodes into and the one
// converter from the model to the rules' input type (internal/rules).

// inputAttr is an attribute of an input shape.
type inputAttr struct {
	name string
	typ  attr.Type
	text string
}

// inputShape is an input's object type, and the bullet list that describes its attributes.
type inputShape []inputAttr

func (s inputShape) objectType() types.ObjectType {
	attrs := make(map[string]attr.Type, len(s))
	for _, a := range s {
		attrs[a.name] = a.typ
	}
	return types.ObjectType{AttrTypes: attrs}
}

func (s inputShape) describe() string {
	var b strings.Builder
	for _, a := range s {
		fmt.Fprintf(&b, "\n   - `%s`: %s", a.name, a.text)
	}
	return b.String()
}

// billingLineShape is a line of sophos_billing_usage.
func billingLineShape() inputShape {
	return inputShape{
		{"account_id", types.StringType, "the Sophos customer (tenant id); null for usage of no customer."},
		{"product_code", types.StringType, "the billing product code."},
		{"billable_quantity", types.Float64Type, "the quantity Sophos bills."},
		{"unit_price", types.Float64Type, "Sophos's price per unit; may be null."},
	}
}

type billingLineInput struct {
	AccountID        types.String  `tfsdk:"account_id"`
	ProductCode      types.String  `tfsdk:"product_code"`
	BillableQuantity types.Float64 `tfsdk:"billable_quantity"`
	UnitPrice        types.Float64 `tfsdk:"unit_price"`
}

func (m billingLineInput) toAPI() (api.BillingUsageItem, string) {
	if m.ProductCode.IsNull() || m.BillableQuantity.IsNull() {
		return api.BillingUsageItem{}, "product_code and billable_quantity must not be null: every billing line has them."
	}
	return api.BillingUsageItem{AccountId: m.AccountID.ValueStringPointer(), ProductCode: m.ProductCode.ValueString(),
		BillableQuantity: m.BillableQuantity.ValueFloat64(), UnitPrice: m.UnitPrice.ValueFloat64Pointer()}, ""
}

// sophosProductShape is a product of sophos_products.
func sophosProductShape() inputShape {
	return inputShape{
		{"identifier", types.StringType, "the Sophos product, e.g. `Sophos_Intercept_X_Advanced`."},
		{"billing_product_codes", types.ListType{ElemType: types.StringType}, "the billing product codes that roll up to it."},
		{"syncs_with_invoice_only", types.BoolType, "true for products that sync with the Sophos monthly invoice only (firewalls); null is false."},
	}
}

type sophosProductInput struct {
	Identifier           types.String   `tfsdk:"identifier"`
	BillingProductCodes  []types.String `tfsdk:"billing_product_codes"`
	SyncsWithInvoiceOnly types.Bool     `tfsdk:"syncs_with_invoice_only"`
}

func (m sophosProductInput) toAPI() (api.SophosProduct, string) {
	if m.Identifier.IsNull() {
		return api.SophosProduct{}, "identifier must not be null."
	}
	p := api.SophosProduct{Identifier: m.Identifier.ValueString(), SyncsWithInvoiceOnly: m.SyncsWithInvoiceOnly.ValueBool(),
		BillingProductCodes: make([]string, 0, len(m.BillingProductCodes))}
	for _, c := range m.BillingProductCodes {
		if c.IsNull() {
			return api.SophosProduct{}, fmt.Sprintf("billing_product_codes of %s has a null code.", p.Identifier)
		}
		p.BillingProductCodes = append(p.BillingProductCodes, c.ValueString())
	}
	return p, ""
}

// customerMappingShape is a row of sophos_psa_customer_mappings.
func customerMappingShape() inputShape {
	return inputShape{
		{"customer_id", types.StringType, "the Sophos customer (tenant id)."},
		{"company_id", types.Int64Type, "the PSA company it is mapped to; null when not mapped."},
		{"contract_id", types.Int64Type, "the PSA contract (agreement); null when none."},
		{"contract_status", types.StringType, "the contract's live status, " + markdownList(api.Strings(api.CustomerMappingContractStatuses())) +
			"; usage syncs to `active` and `expired` contracts only; null when not known."},
		{"usage_sync_enabled", types.BoolType, "whether the customer's usage syncs; null is false."},
	}
}

type customerMappingInput struct {
	CustomerID       types.String `tfsdk:"customer_id"`
	CompanyID        types.Int64  `tfsdk:"company_id"`
	ContractID       types.Int64  `tfsdk:"contract_id"`
	ContractStatus   types.String `tfsdk:"contract_status"`
	UsageSyncEnabled types.Bool   `tfsdk:"usage_sync_enabled"`
}

// toAPI is the mapping of the customer in psa; a company makes it mapped.
func (m customerMappingInput) toAPI(psa api.Psa) (api.CustomerMapping, string) {
	if m.CustomerID.IsNull() {
		return api.CustomerMapping{}, "customer_id must not be null."
	}
	c := api.CustomerMapping{Psa: psa, CustomerId: m.CustomerID.ValueString(), Mapped: !m.CompanyID.IsNull(),
		CompanyId: m.CompanyID.ValueInt64Pointer(), ContractId: m.ContractID.ValueInt64Pointer(), UsageSyncEnabled: m.UsageSyncEnabled.ValueBool()}
	if !m.ContractStatus.IsNull() {
		s := api.CustomerMappingContractStatus(m.ContractStatus.ValueString())
		if !s.Valid() {
			return api.CustomerMapping{}, fmt.Sprintf("contract_status %q of customer %s is not a contract status; use one of %s, or null.",
				s, c.CustomerId, api.QuotedList(api.Strings(api.CustomerMappingContractStatuses())))
		}
		c.ContractStatus = &s
	}
	return c, ""
}

// productMappingShape is a row of sophos_psa_product_mappings.
func productMappingShape() inputShape {
	return inputShape{
		{"sophos_product", types.StringType, "the Sophos product."},
		{"psa_product_id", types.Int64Type, "the PSA product it is mapped to; null when not mapped."},
		{"sync_enabled", types.BoolType, "whether its usage syncs; null is false."},
	}
}

type productMappingInput struct {
	SophosProduct types.String `tfsdk:"sophos_product"`
	PSAProductID  types.Int64  `tfsdk:"psa_product_id"`
	SyncEnabled   types.Bool   `tfsdk:"sync_enabled"`
}

// toAPI is the mapping of the product in psa; a PSA product makes it mapped.
func (m productMappingInput) toAPI(psa api.Psa) (api.ProductMapping, string) {
	if m.SophosProduct.IsNull() {
		return api.ProductMapping{}, "sophos_product must not be null."
	}
	return api.ProductMapping{Psa: psa, SophosProduct: m.SophosProduct.ValueString(), Mapped: !m.PSAProductID.IsNull(),
		PsaProductId: m.PSAProductID.ValueInt64Pointer(), SyncEnabled: m.SyncEnabled.ValueBool()}, ""
}

// decodeInputs converts the elements of a list of one input shape (M, its model) to the
// rules' type; the problem, if any, names the element (0-based, as Terraform counts). A null
// list is empty.
func decodeInputs[M, T any](ctx context.Context, list types.List, convert func(M) (T, string)) ([]T, string) {
	out := make([]T, 0, len(list.Elements()))
	for i, e := range list.Elements() {
		obj, ok := e.(types.Object)
		if !ok || obj.IsNull() {
			return nil, fmt.Sprintf("element %d is null; leave it out instead.", i)
		}
		var m M
		if d := obj.As(ctx, &m, basetypes.ObjectAsOptions{}); d.HasError() {
			return nil, fmt.Sprintf("element %d: %s", i, d.Errors()[0].Detail())
		}
		t, problem := convert(m)
		if problem != "" {
			return nil, fmt.Sprintf("element %d: %s", i, problem)
		}
		out = append(out, t)
	}
	return out, ""
}
