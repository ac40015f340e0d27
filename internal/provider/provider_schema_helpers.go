package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// psaValidators validates a `psa` attribute at plan time.
func psaValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf(api.Strings(api.PSAs())...)}
}

// psaDescription describes a `psa` attribute: what it selects, then the valid values.
func psaDescription(what string) string {
	return what + " One of " + markdownList(api.Strings(api.PSAs())) + "."
}

// markdownList renders values as "`a`, `b` or `c`".
func markdownList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	if len(quoted) == 1 {
		return quoted[0]
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}

// uuidValidator checks a UUID at plan time.
func uuidValidator() validator.String { return uuidStringValidator{} }

// customerIDValidator checks a Sophos customer id at plan time: a UUID in lower case, as
// Sophos Central writes them. Terraform compares ids exactly, so an id pasted in upper case
// would be stored by the API in lower case and then differ from the configuration.
func customerIDValidator() validator.String { return uuidStringValidator{lowerCase: true} }

type uuidStringValidator struct{ lowerCase bool }

func (v uuidStringValidator) Description(context.Context) string {
	if v.lowerCase {
		return `must be a UUID in lower case such as "6f1c2f0e-8d7a-4b7e-9a53-1d2f0c3b4a5e"`
	}
	return `must be a UUID such as "6f1c2f0e-8d7a-4b7e-9a53-1d2f0c3b4a5e"`
}

func (v uuidStringValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v uuidStringValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	switch {
	case !rules.IsUUID(s):
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid UUID",
			fmt.Sprintf("Attribute %s %s, got: %s", req.Path, v.Description(ctx), s))
	case v.lowerCase && s != strings.ToLower(s):
		resp.Diagnostics.AddAttributeError(req.Path, "Customer id not in lower case",
			fmt.Sprintf("%s %q has upper-case letters. Sophos Central writes customer ids in lower case and Terraform "+
				"compares them exactly, so write %q (or wrap the value in lower()).", req.Path, s, strings.ToLower(s)))
	}
}

// omitWhenEmpty refuses "" for an optional text: the API stores no value as empty, so ""
// would read back as null and show as a change in every plan. The message says to omit the
// argument instead.
func omitWhenEmpty() validator.String { return omitWhenEmptyValidator{} }

type omitWhenEmptyValidator struct{}

func (omitWhenEmptyValidator) Description(context.Context) string {
	return "must not be empty; omit the argument for no value"
}

func (v omitWhenEmptyValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (omitWhenEmptyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() != "" {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Empty "+req.Path.String(),
		fmt.Sprintf("%s = \"\" is not a value ConnectWise keeps: it stores no %s as empty, so the next plan would "+
			"show a change. Omit %s (or set it to null) for no %s.", req.Path, req.Path, req.Path, req.Path))
}

// terraformFields words the rules of internal/rules in Terraform's terms: attribute names
// and the data sources that list what can be mapped.
func terraformFields() rules.Fields {
	return rules.Fields{
		CompanyID: "company_id", ContractID: "contract_id", UsageSync: "usage_sync_enabled", PSAProductID: "psa_product_id",
		Identifier: "identifier", Description: "description", CustomerDescription: "customer_description",
		ProductClass: "product_class", Category: "category", Subcategory: "subcategory", Type: "type", UnitOfMeasure: "unit_of_measure",
		ManufacturerPartNumber: "manufacturer_part_number", VendorSKU: "vendor_sku", IntegrationXRef: "integration_xref",
		Price: "price", Cost: "cost",
		False:   "false",
		SetName: func(field, name string) string { return fmt.Sprintf("%s = %q", field, name) },
		Companies: func(psa string) string {
			return fmt.Sprintf("see the sophos_psa_companies data source with psa = %q", psa)
		},
		Contracts: func(_ string, companyID int64) string {
			return fmt.Sprintf("see the sophos_psa_contracts data source with company_id = %d", companyID)
		},
		Products: func(psa string) string { return fmt.Sprintf("the sophos_psa_products data source with psa = %q", psa) },
	}
}
