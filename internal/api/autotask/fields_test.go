package autotask

import (
	"slices"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api/fieldcheck"
)

// vendorFields are Autotask's JSON names of each object, written from
// /work/shared/reference/psa-apis.md section 2 (Autotask's entity pages, its Swagger
// document through the generated ATREST client, and the clients it names). A declaration
// may leave a vendor field out; it may not add one. Every entity has an id ({Entity}/{id}).
var vendorFields = map[string][]string{
	// 2.4 Companies.
	"Company": {"id", "companyName", "companyNumber", "companyType", "isActive", "classification", "ownerResourceID",
		"parentCompanyID", "phone", "fax", "webAddress", "address1", "address2", "city", "state", "postalCode",
		"countryID", "createDate", "lastActivityDate", "lastTrackedModifiedDateTime", "userDefinedFields"},
	// 2.4 Contracts.
	"Contract": {"id", "companyID", "contractName", "contractNumber", "contractType", "contractCategory",
		"contractPeriodType", "status", "startDate", "endDate", "isDefaultContract", "isCompliant",
		"billingPreference", "billToCompanyID", "billToCompanyContactID", "contactID", "contactName",
		"description", "estimatedCost", "estimatedHours", "estimatedRevenue", "exclusionContractID",
		"contractExclusionSetID", "overageBillingRate", "setupFee", "setupFeeBillingCodeID",
		"serviceLevelAgreementID", "purchaseOrderNumber", "opportunityID", "renewedContractID",
		"organizationalLevelAssociationID", "internalCurrencyOverageBillingRate", "internalCurrencySetupFee",
		"timeReportingRequiresStartAndStopTimes", "userDefinedFields"},
	// 2.4 ContractServices.
	"ContractService": {"id", "contractID", "serviceID", "unitPrice", "unitCost", "adjustedPrice",
		"internalCurrencyAdjustedPrice", "internalCurrencyUnitPrice", "internalDescription", "invoiceDescription",
		"quoteItemID", "userDefinedFields"},
	// 2.4 ContractServiceUnits.
	"ContractServiceUnit": {"id", "contractID", "contractServiceID", "serviceID", "units", "startDate", "endDate",
		"price", "cost", "internalCurrencyPrice", "approveAndPostDate", "vendorCompanyID",
		"organizationalLevelAssociationID"},
	// 2.4 Services.
	"Service": {"id", "name", "description", "invoiceDescription", "isActive", "periodType", "unitPrice", "unitCost",
		"markupRate", "billingCodeID", "serviceLevelAgreementID", "vendorCompanyID", "createDate",
		"creatorResourceID", "lastModifiedDate", "updateResourceID", "sku", "catalogNumberPartNumber",
		"externalID", "internalID", "manufacturerServiceProvider", "manufacturerServiceProviderProductNumber",
		"url", "userDefinedFields"},
	// 2.4 ServiceBundles.
	"ServiceBundle": {"id", "name", "description", "invoiceDescription", "isActive", "periodType", "unitPrice",
		"unitCost", "unitDiscount", "percentageDiscount", "billingCodeID", "serviceLevelAgreementID", "createDate",
		"creatorResourceID", "lastModifiedDate", "updateResourceID", "sku", "catalogNumberPartNumber",
		"externalID", "internalID", "manufacturerServiceProvider", "manufacturerServiceProviderProductNumber", "url"},
	// 2.7 userDefinedFields elements.
	"UserDefinedField": {"name", "value"},
	// 2.5 the query body and its filter items.
	"Query":  {"filter", "IncludeFields", "MaxRecords"},
	"Filter": {"op", "field", "value", "udf", "items"},
	// 2.5 the list envelope; 2.3 {item}, {queryCount}, {itemId}.
	"ListResponse":   {"items", "pageDetails"},
	"PageDetails":    {"count", "requestCount", "prevPageUrl", "nextPageUrl"},
	"ItemResponse":   {"item"},
	"CountResponse":  {"queryCount"},
	"CreateResponse": {"itemId"},
	// 2.7 entityInformation/fields.
	"EntityFields":  {"fields"},
	"FieldInfo":     {"name", "label", "dataType", "isRequired", "isReadOnly", "isPickList", "picklistValues"},
	"PicklistValue": {"value", "label", "isActive", "sortOrder", "parentValue", "isSystem", "isDefaultValue"},
	// 2.1 zoneInformation; 2.6 ThresholdInformation; 2.7 the error body.
	"ZoneInformation":      {"zoneName", "url", "webUrl", "ci"},
	"ThresholdInformation": {"externalRequestThreshold", "requestThresholdTimeframe", "currentTimeframeRequestCount"},
	"ErrorResponse":        {"errors"},
}

// TestJSONNamesAreAutotasks holds every JSON tag of the package to vendorFields, and every
// Field constant to a JSON tag, each field named once.
func TestJSONNamesAreAutotasks(t *testing.T) {
	t.Parallel()
	fieldcheck.Check(t, ".", vendorFields)
}

// TestOperatorsAndLimitsAreAutotasks holds the operators and limits to the reference.
func TestOperatorsAndLimitsAreAutotasks(t *testing.T) {
	t.Parallel()
	var ops []string
	for _, op := range slices.Concat(ConditionOperators(), GroupOperators()) {
		ops = append(ops, string(op))
	}
	if want := strings.Fields("eq noteq gt gte lt lte beginsWith endsWith contains exist notExist in notIn and or"); !slices.Equal(ops, want) {
		t.Errorf("operators %v, the reference says %v", ops, want)
	}
	limits := map[string][2]int{
		"MaxRecords": {MaxRecords, 500}, "MinRecords": {MinRecords, 1}, "OR conditions": {MaxOrConditions, 500},
		"threads per endpoint": {ThreadLimit, 3}, "requests per hour": {HourlyRequestThreshold, 10000},
		"latency from %": {LatencyFromPercent, 50}, "Recurring Service contractType": {ContractTypeRecurringService, 7},
		"threshold timeframe (min)": {int(ThresholdTimeframe.Minutes()), 60},
	}
	for name, l := range limits {
		if l[0] != l[1] {
			t.Errorf("%s is %d, the reference says %d", name, l[0], l[1])
		}
	}
}
