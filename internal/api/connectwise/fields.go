package connectwise

// The JSON names of the fields the project writes outside a struct tag: in a listing's
// fields and conditions, a JSON Patch path, a field error. Each is declared once, whatever
// objects share it (id, name, inactiveFlag); fields_test.go holds every one to a JSON tag of
// this package, so none can be a guess.
const (
	FieldID   = "id"
	FieldInfo = "_info"
	FieldName = "name"

	// Catalog items.
	FieldIdentifier             = "identifier"
	FieldDescription            = "description"
	FieldCustomerDescription    = "customerDescription"
	FieldCategory               = "category"
	FieldSubcategory            = "subcategory"
	FieldType                   = "type"
	FieldUnitOfMeasure          = "unitOfMeasure"
	FieldManufacturer           = "manufacturer"
	FieldProductClass           = "productClass"
	FieldPrice                  = "price"
	FieldCost                   = "cost"
	FieldTaxableFlag            = "taxableFlag"
	FieldInactiveFlag           = "inactiveFlag"
	FieldManufacturerPartNumber = "manufacturerPartNumber"
	FieldVendorSku              = "vendorSku"
	FieldIntegrationXRef        = "integrationXRef"
	FieldNotes                  = "notes"

	// Companies.
	FieldDeletedFlag = "deletedFlag"

	// Agreements.
	FieldCompany         = "company"
	FieldAgreementStatus = "agreementStatus"
	FieldCancelledFlag   = "cancelledFlag"
	FieldStartDate       = "startDate"
	FieldEndDate         = "endDate"

	// Agreement additions.
	FieldAgreementID  = "agreementId"
	FieldProduct      = "product"
	FieldBillCustomer = "billCustomer"
	FieldQuantity     = "quantity"
	FieldLessIncluded = "lessIncluded"
	FieldUnitPrice    = "unitPrice"
	FieldUnitCost     = "unitCost"
)

// ReadOnlyFields are the fields of every record that no write changes: a JSON Patch never
// has them as its path.
func ReadOnlyFields() []string { return []string{FieldID, FieldInfo} }
