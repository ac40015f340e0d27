package connectwise

// Limits ConnectWise publishes for the fields and queries the project uses, in characters
// (runes) for strings. Limits drift between model versions; these are 2025.1's.
const (
	// MaxIdentifierLength bounds CatalogItem.Identifier (75 in 2025.1; 60 in 2022.2).
	MaxIdentifierLength = 75
	// MaxDescriptionLength bounds CatalogItem.Description.
	MaxDescriptionLength = 60
	// MaxCustomerDescriptionLength bounds CatalogItem.CustomerDescription and
	// Addition.InvoiceDescription.
	MaxCustomerDescriptionLength = 6000
	// MaxReferenceFieldLength bounds manufacturerPartNumber, vendorSku and integrationXRef
	// of a catalog item, integrationXref of categories and subcategories, and an
	// addition's serialNumber.
	MaxReferenceFieldLength = 50
	// MaxReferenceNameLength bounds the name of a category, subcategory, product type,
	// unit of measure and manufacturer.
	MaxReferenceNameLength = 50
	// MaxPriceLevelXrefLength bounds Category.PriceLevelXref.
	MaxPriceLevelXrefLength = 10
	// MaxUomScheduleXrefLength bounds UnitOfMeasure.UomScheduleXref.
	MaxUomScheduleXrefLength = 31
	// MaxAgreementNameLength bounds Agreement.Name; MaxReasonCancelledLength its
	// reasonCancelled.
	MaxAgreementNameLength   = 100
	MaxReasonCancelledLength = 100
	// MaxCompanyIdentifierLength and MaxCompanyNameLength bound a company's identifier and name.
	MaxCompanyIdentifierLength = 30
	MaxCompanyNameLength       = 50

	// MaxPageSize is the largest pageSize (ConnectWise's "hard limit of 1,000 records");
	// DefaultPageSize is what a list answers without one.
	MaxPageSize     = 1000
	DefaultPageSize = 25
	// MaxURLLength is the URL length to stay under; longer conditions need POST .../search.
	MaxURLLength = 2000
	// ThrottlingLikelyPerMinute is the request rate above which ConnectWise says an
	// integration "will likely experience rate limiting" (429 with Retry-After).
	ThrottlingLikelyPerMinute = 1000
)

// ProductClass is CatalogItem.ProductClass; NonInventory when not given.
type ProductClass string

// The product classes.
const (
	ProductClassAgreement    ProductClass = "Agreement"
	ProductClassBundle       ProductClass = "Bundle"
	ProductClassInventory    ProductClass = "Inventory"
	ProductClassNonInventory ProductClass = "NonInventory"
	ProductClassService      ProductClass = "Service"

	DefaultProductClass = ProductClassNonInventory
)

// ProductClasses lists the product classes.
func ProductClasses() []ProductClass {
	return []ProductClass{ProductClassAgreement, ProductClassBundle, ProductClassInventory, ProductClassNonInventory, ProductClassService}
}

// PriceAttribute is CatalogItem.PriceAttribute.
type PriceAttribute string

// The price attributes.
const (
	PriceAttributeFixedFee         PriceAttribute = "FixedFee"
	PriceAttributeNotToExceed      PriceAttribute = "NotToExceed"
	PriceAttributeOverrideRate     PriceAttribute = "OverrideRate"
	PriceAttributeTimeAndMaterials PriceAttribute = "TimeAndMaterials"
)

// PriceAttributes lists the price attributes.
func PriceAttributes() []PriceAttribute {
	return []PriceAttribute{PriceAttributeFixedFee, PriceAttributeNotToExceed, PriceAttributeOverrideRate, PriceAttributeTimeAndMaterials}
}

// BillableOption is CatalogItem.BillableOption.
type BillableOption string

// The billable options.
const (
	BillableOptionBillable  BillableOption = "Billable"
	BillableOptionDoNotBill BillableOption = "DoNotBill"
	BillableOptionNoCharge  BillableOption = "NoCharge"
	BillableOptionNoDefault BillableOption = "NoDefault"
)

// BillableOptions lists the billable options.
func BillableOptions() []BillableOption {
	return []BillableOption{BillableOptionBillable, BillableOptionDoNotBill, BillableOptionNoCharge, BillableOptionNoDefault}
}

// RecurringCycleType is CatalogItem.RecurringCycleType.
type RecurringCycleType string

// The recurring cycle types.
const (
	RecurringCycleContractYear RecurringCycleType = "ContractYear"
	RecurringCycleCalendarYear RecurringCycleType = "CalendarYear"
)

// RecurringCycleTypes lists the recurring cycle types.
func RecurringCycleTypes() []RecurringCycleType {
	return []RecurringCycleType{RecurringCycleContractYear, RecurringCycleCalendarYear}
}

// AgreementStatus is the status ConnectWise computes for an agreement (and an addition).
type AgreementStatus string

// The agreement statuses.
const (
	AgreementStatusActive    AgreementStatus = "Active"
	AgreementStatusCancelled AgreementStatus = "Cancelled"
	AgreementStatusExpired   AgreementStatus = "Expired"
	AgreementStatusInactive  AgreementStatus = "Inactive"
)

// AgreementStatuses lists the agreement statuses.
func AgreementStatuses() []AgreementStatus {
	return []AgreementStatus{AgreementStatusActive, AgreementStatusCancelled, AgreementStatusExpired, AgreementStatusInactive}
}

// PeriodType is Agreement.PeriodType.
type PeriodType string

// The period types.
const (
	PeriodTypeCurrent   PeriodType = "Current"
	PeriodTypeFuture    PeriodType = "Future"
	PeriodTypeBoth      PeriodType = "Both"
	PeriodTypeUndefined PeriodType = "Undefined"
)

// PeriodTypes lists the period types.
func PeriodTypes() []PeriodType {
	return []PeriodType{PeriodTypeCurrent, PeriodTypeFuture, PeriodTypeBoth, PeriodTypeUndefined}
}

// BillCustomer is Addition.BillCustomer.
type BillCustomer string

// The bill-customer options of an addition.
const (
	BillCustomerBillable  BillCustomer = "Billable"
	BillCustomerDoNotBill BillCustomer = "DoNotBill"
	BillCustomerNoCharge  BillCustomer = "NoCharge"
)

// BillCustomers lists the bill-customer options of an addition.
func BillCustomers() []BillCustomer {
	return []BillCustomer{BillCustomerBillable, BillCustomerDoNotBill, BillCustomerNoCharge}
}
