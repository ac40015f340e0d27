package autotask

// The JSON names of the fields the project writes outside a struct tag: in a query's
// IncludeFields and filter, a picklist's field, the fields an entity requires. Each is
// declared once, whatever entities share it (id, name, isActive); fields_test.go holds every
// one to a JSON tag of this package, so none can be a guess. Autotask reads field names
// ignoring case; the project writes them as declared.
const (
	FieldID                = "id"
	FieldName              = "name"
	FieldIsActive          = "isActive"
	FieldUserDefinedFields = "userDefinedFields"
	// FieldValue is a user-defined field's value (its name is FieldName).
	FieldValue = "value"

	// Companies.
	FieldCompanyName   = "companyName"
	FieldCompanyNumber = "companyNumber"
	FieldCompanyType   = "companyType" // a picklist

	// Contracts.
	FieldCompanyID    = "companyID"
	FieldContractName = "contractName"
	// FieldContractStatus is a contract's status (a picklist).
	FieldContractStatus = "status"
	FieldContractType   = "contractType" // a picklist
	FieldStartDate      = "startDate"
	FieldEndDate        = "endDate"

	// Services and service bundles.
	FieldPeriodType                               = "periodType" // a picklist
	FieldSKU                                      = "sku"
	FieldDescription                              = "description"
	FieldInvoiceDescription                       = "invoiceDescription"
	FieldUnitPrice                                = "unitPrice"
	FieldUnitCost                                 = "unitCost"
	FieldManufacturerServiceProviderProductNumber = "manufacturerServiceProviderProductNumber"
	FieldCatalogNumberPartNumber                  = "catalogNumberPartNumber"
	FieldExternalID                               = "externalID"
	FieldLastModifiedDate                         = "lastModifiedDate"

	// Contract services and their units.
	FieldContractID        = "contractID"
	FieldServiceID         = "serviceID"
	FieldContractServiceID = "contractServiceID"
)
