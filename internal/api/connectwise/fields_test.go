package connectwise

import (
	"slices"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api/fieldcheck"
)

// vendorFields are ConnectWise's JSON names of each object, written from
// /work/shared/reference/psa-apis.md section 1 (ConnectWise's OpenAPI document 2025.1 as
// the generated clients CW-RB and CW-PY show it, and the Developer Guide). A declaration may
// leave a vendor field out; it may not add one. Every record has an id (GET /{id}).
var vendorFields = map[string][]string{
	// 1.4 Catalog items: the CatalogItem table (dateEntered is 2022.2 only).
	"CatalogItem": {"id", "identifier", "description", "customerDescription", "category", "subcategory", "type",
		"productClass", "unitOfMeasure", "price", "cost", "priceAttribute", "taxableFlag", "inactiveFlag",
		"dropShipFlag", "specialOrderFlag", "serializedFlag", "serializedCostFlag", "phaseProductFlag",
		"manufacturer", "manufacturerPartNumber", "vendorSku", "vendor", "notes", "integrationXRef",
		"minStockLevel", "recurringFlag", "recurringOneTimeFlag", "recurringRevenue", "recurringCost",
		"recurringBillCycle", "recurringCycleType", "calculatedPriceFlag", "calculatedCostFlag",
		"calculatedPrice", "calculatedCost", "billableOption", "sla", "entityType", "agreementType",
		"connectWiseID", "markupPercentage", "markupFlag", "autoUpdateUnitCostFlag", "autoUpdateUnitPriceFlag",
		"_info", "customFields"},
	// Reference {id,name,_info}; CompanyReference {id,identifier,name}; IvItemReference.
	"Reference":        {"id", "name", "_info"},
	"CompanyReference": {"id", "identifier", "name"},
	"ProductReference": {"id", "identifier", "serializedFlag"},
	// 1.4 Reference lists.
	"Category": {"name", "id", "inactiveFlag", "priceLevelXref", "integrationXref", "locationIds", "defaultFlag",
		"addAllLocations", "removeAllLocations", "_info"},
	"Subcategory":   {"name", "category", "id", "inactiveFlag", "integrationXref", "defaultFlag", "_info"},
	"ProductType":   {"name", "id", "inactiveFlag", "typeXref", "defaultFlag", "_info"},
	"UnitOfMeasure": {"name", "id", "inactiveFlag", "defaultFlag", "uomScheduleXref", "_info"},
	"Manufacturer":  {"name", "id", "inactiveFlag", "_info"},
	// 1.4 Agreements.
	"Agreement": {"id", "name", "type", "company", "contact", "agreementStatus", "cancelledFlag", "dateCancelled",
		"reasonCancelled", "startDate", "endDate", "noEndingDateFlag", "parentAgreement", "billToCompany",
		"customerPO", "periodType", "_info", "customFields"},
	// 1.4 Agreement additions.
	"Addition": {"id", "product", "billCustomer", "quantity", "lessIncluded", "unitPrice", "unitCost", "effectiveDate",
		"cancelledDate", "taxableFlag", "serialNumber", "invoiceDescription", "purchaseItemFlag", "specialOrderFlag",
		"agreementId", "description", "billedQuantity", "uom", "extPrice", "extCost", "sequenceNumber", "margin",
		"prorateCost", "proratePrice", "extendedProrateCost", "extendedProratePrice", "prorateCurrentPeriodFlag",
		"opportunity", "agreementStatus", "invoiceGrouping", "_info", "customFields"},
	// 1.4 Companies.
	"Company": {"identifier", "name", "id", "status", "types", "deletedFlag", "dateDeleted", "deletedBy", "parentCompany",
		"billToCompany", "isVendorFlag", "addressLine1", "addressLine2", "city", "state", "zip", "country",
		"phoneNumber", "website", "territory", "market", "accountNumber", "defaultContact", "site",
		"userDefinedField1", "userDefinedField2", "userDefinedField3", "userDefinedField4", "userDefinedField5",
		"userDefinedField6", "userDefinedField7", "userDefinedField8", "userDefinedField9", "userDefinedField10",
		"integratorTags", "_info", "customFields"},
	// 1.2 login/companyinfo (SiteUrl observed in answers).
	"CompanyInfo": {"CompanyName", "Codebase", "VersionCode", "VersionNumber", "CompanyID", "IsCloud", "SiteUrl"},
	// 1.4 GET .../count.
	"Count": {"count"},
	// 1.6 PatchOperation.
	"PatchOperation": {"op", "path", "value"},
	// 1.8 ErrorResponseMessage, ValidationError and the 429 body.
	"ErrorResponse":   {"code", "message", "errors"},
	"ValidationError": {"code", "message", "resource", "field", "details"},
	"TooManyRequests": {"error", "message"},
}

// TestJSONNamesAreConnectWises holds every JSON tag of the package to vendorFields, and every
// Field constant to a JSON tag, each field named once.
func TestJSONNamesAreConnectWises(t *testing.T) {
	t.Parallel()
	fieldcheck.Check(t, ".", vendorFields)
}

// TestEnumsAreConnectWises holds the enum lists and the limits to the reference.
func TestEnumsAreConnectWises(t *testing.T) {
	t.Parallel()
	check := func(name string, got []string, want string) {
		t.Helper()
		if !slices.Equal(got, strings.Fields(want)) {
			t.Errorf("%s = %v, the reference says %s", name, got, want)
		}
	}
	check("productClass", asStrings(ProductClasses()), "Agreement Bundle Inventory NonInventory Service")
	check("priceAttribute", asStrings(PriceAttributes()), "FixedFee NotToExceed OverrideRate TimeAndMaterials")
	check("billableOption", asStrings(BillableOptions()), "Billable DoNotBill NoCharge NoDefault")
	check("recurringCycleType", asStrings(RecurringCycleTypes()), "ContractYear CalendarYear")
	check("agreementStatus", asStrings(AgreementStatuses()), "Active Cancelled Expired Inactive")
	check("periodType", asStrings(PeriodTypes()), "Current Future Both Undefined")
	check("billCustomer", asStrings(BillCustomers()), "Billable DoNotBill NoCharge")
	check("PatchOperation.op", asStrings(PatchOps()), "add replace remove")
	if DefaultProductClass != ProductClassNonInventory {
		t.Errorf("productClass defaults to NonInventory, not %s", DefaultProductClass)
	}
	limits := map[string][2]int{
		"identifier (2025.1)": {MaxIdentifierLength, 75}, "description": {MaxDescriptionLength, 60},
		"customerDescription": {MaxCustomerDescriptionLength, 6000}, "vendorSku": {MaxReferenceFieldLength, 50},
		"reference list name": {MaxReferenceNameLength, 50}, "priceLevelXref": {MaxPriceLevelXrefLength, 10},
		"uomScheduleXref": {MaxUomScheduleXrefLength, 31}, "agreement name": {MaxAgreementNameLength, 100},
		"reasonCancelled": {MaxReasonCancelledLength, 100}, "company identifier": {MaxCompanyIdentifierLength, 30},
		"company name": {MaxCompanyNameLength, 50}, "pageSize max": {MaxPageSize, 1000}, "pageSize default": {DefaultPageSize, 25},
	}
	for name, l := range limits {
		if l[0] != l[1] {
			t.Errorf("%s limit is %d, the reference says %d", name, l[0], l[1])
		}
	}
	if AcceptHeader != "application/vnd.connectwise.com+json; version=2025.1" {
		t.Errorf("Accept header %q does not pin 2025.1", AcceptHeader)
	}
}

func asStrings[S ~string](in []S) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = string(s)
	}
	return out
}
