package connectwise

import "encoding/json"

// CatalogItem is a product of the procurement catalog (/procurement/catalog). Required on
// POST: identifier, description, subcategory, type, customerDescription.
type CatalogItem struct {
	ID int `json:"id,omitempty"`
	// Identifier is the UI's "Product ID" (MaxIdentifierLength).
	Identifier string `json:"identifier,omitempty"`
	// Description is at most MaxDescriptionLength characters.
	Description string `json:"description,omitempty"`
	// CustomerDescription is at most MaxCustomerDescriptionLength characters.
	CustomerDescription string `json:"customerDescription,omitempty"`

	Category      *CategoryReference      `json:"category,omitempty"`
	Subcategory   *SubcategoryReference   `json:"subcategory,omitempty"`
	Type          *ProductTypeReference   `json:"type,omitempty"`
	UnitOfMeasure *UnitOfMeasureReference `json:"unitOfMeasure,omitempty"`
	Manufacturer  *ManufacturerReference  `json:"manufacturer,omitempty"`
	Vendor        *CompanyReference       `json:"vendor,omitempty"`

	ProductClass   *ProductClass   `json:"productClass,omitempty"`
	PriceAttribute *PriceAttribute `json:"priceAttribute,omitempty"`
	BillableOption *BillableOption `json:"billableOption,omitempty"`
	Price          *float64        `json:"price,omitempty"`
	Cost           *float64        `json:"cost,omitempty"`

	TaxableFlag        *bool `json:"taxableFlag,omitempty"`
	InactiveFlag       *bool `json:"inactiveFlag,omitempty"`
	DropShipFlag       *bool `json:"dropShipFlag,omitempty"`
	SpecialOrderFlag   *bool `json:"specialOrderFlag,omitempty"`
	SerializedFlag     *bool `json:"serializedFlag,omitempty"`
	SerializedCostFlag *bool `json:"serializedCostFlag,omitempty"`
	PhaseProductFlag   *bool `json:"phaseProductFlag,omitempty"`

	// ManufacturerPartNumber, VendorSku and IntegrationXRef are at most
	// MaxReferenceFieldLength characters. IntegrationXRef has a capital R on catalog items.
	ManufacturerPartNumber *string `json:"manufacturerPartNumber,omitempty"`
	VendorSku              *string `json:"vendorSku,omitempty"`
	IntegrationXRef        *string `json:"integrationXRef,omitempty"`
	Notes                  *string `json:"notes,omitempty"`
	MinStockLevel          *int    `json:"minStockLevel,omitempty"`

	RecurringFlag        *bool               `json:"recurringFlag,omitempty"`
	RecurringOneTimeFlag *bool               `json:"recurringOneTimeFlag,omitempty"`
	RecurringRevenue     *float64            `json:"recurringRevenue,omitempty"`
	RecurringCost        *float64            `json:"recurringCost,omitempty"`
	RecurringBillCycle   *Reference          `json:"recurringBillCycle,omitempty"`
	RecurringCycleType   *RecurringCycleType `json:"recurringCycleType,omitempty"`

	CalculatedPriceFlag *bool    `json:"calculatedPriceFlag,omitempty"`
	CalculatedCostFlag  *bool    `json:"calculatedCostFlag,omitempty"`
	CalculatedPrice     *float64 `json:"calculatedPrice,omitempty"`
	CalculatedCost      *float64 `json:"calculatedCost,omitempty"`

	SLA           *Reference `json:"sla,omitempty"`
	EntityType    *Reference `json:"entityType,omitempty"`
	AgreementType *Reference `json:"agreementType,omitempty"`
	ConnectWiseID *string    `json:"connectWiseID,omitempty"`

	MarkupPercentage        *float64 `json:"markupPercentage,omitempty"`
	MarkupFlag              *bool    `json:"markupFlag,omitempty"`
	AutoUpdateUnitCostFlag  *bool    `json:"autoUpdateUnitCostFlag,omitempty"`
	AutoUpdateUnitPriceFlag *bool    `json:"autoUpdateUnitPriceFlag,omitempty"`

	Info Info `json:"_info,omitempty"`
	// CustomFields are kept whole and opaque: a PATCH must pass the entire array.
	CustomFields []json.RawMessage `json:"customFields,omitempty"`
}

// Reference is a reference to another record as ConnectWise writes it: {id, name, _info}.
// On input only id counts. Used where the vendor's reference type adds nothing.
type Reference struct {
	ID   int    `json:"id"`
	Name string `json:"name,omitempty"`
	Info Info   `json:"_info,omitempty"`
}

// CategoryReference is ProductCategoryReference.
type CategoryReference = Reference

// SubcategoryReference is ProductSubCategoryReference.
type SubcategoryReference = Reference

// ProductTypeReference is ProductTypeReference.
type ProductTypeReference = Reference

// UnitOfMeasureReference is UnitOfMeasureReference.
type UnitOfMeasureReference = Reference

// ManufacturerReference is ManufacturerReference.
type ManufacturerReference = Reference

// CompanyReference is a company as other records name it: {id, identifier, name}.
type CompanyReference struct {
	ID         int    `json:"id"`
	Identifier string `json:"identifier,omitempty"`
	Name       string `json:"name,omitempty"`
}

// PatchOperation is one element of a PATCH body: a JSON Patch array whose path is the
// field name, case sensitive, without a leading slash. Objects are replaced whole: a path
// never reaches into one ("company/identifier" may answer a false 200).
type PatchOperation struct {
	Op    PatchOp `json:"op"`
	Path  string  `json:"path"`
	Value any     `json:"value,omitempty"`
}

// PatchOp is the op of a PatchOperation.
type PatchOp string

// The ops ConnectWise accepts.
const (
	PatchAdd     PatchOp = "add"
	PatchReplace PatchOp = "replace"
	PatchRemove  PatchOp = "remove"
)

// PatchOps lists the ops ConnectWise accepts.
func PatchOps() []PatchOp { return []PatchOp{PatchAdd, PatchReplace, PatchRemove} }
