package connectwise

import "encoding/json"

// Agreement is a customer agreement (/finance/agreements); only the fields the project reads
// or that a write may need are declared (the vendor model has about 80). Required on POST:
// name, type, company, contact. Never PUT an agreement: PUT resets what it omits, and some
// fields are "required on updates".
type Agreement struct {
	ID      int               `json:"id,omitempty"`
	Name    string            `json:"name,omitempty"`
	Type    *Reference        `json:"type,omitempty"`
	Company *CompanyReference `json:"company,omitempty"`
	Contact *Reference        `json:"contact,omitempty"`

	// AgreementStatus is computed by ConnectWise from the dates and the cancelled flag.
	AgreementStatus  *AgreementStatus `json:"agreementStatus,omitempty"`
	CancelledFlag    *bool            `json:"cancelledFlag,omitempty"`
	DateCancelled    *string          `json:"dateCancelled,omitempty"`
	ReasonCancelled  *string          `json:"reasonCancelled,omitempty"`
	StartDate        *string          `json:"startDate,omitempty"`
	EndDate          *string          `json:"endDate,omitempty"`
	NoEndingDateFlag *bool            `json:"noEndingDateFlag,omitempty"`
	PeriodType       *PeriodType      `json:"periodType,omitempty"`

	ParentAgreement *Reference        `json:"parentAgreement,omitempty"`
	BillToCompany   *CompanyReference `json:"billToCompany,omitempty"`
	CustomerPO      *string           `json:"customerPO,omitempty"`

	Info         Info              `json:"_info,omitempty"`
	CustomFields []json.RawMessage `json:"customFields,omitempty"`
}

// Addition is a product line of an agreement (/finance/agreements/{parentId}/additions).
// Required on POST: product and billCustomer.
type Addition struct {
	ID           int               `json:"id,omitempty"`
	Product      *ProductReference `json:"product,omitempty"`
	BillCustomer *BillCustomer     `json:"billCustomer,omitempty"`
	AgreementID  *int              `json:"agreementId,omitempty"`

	Quantity       *float64 `json:"quantity,omitempty"`
	LessIncluded   *float64 `json:"lessIncluded,omitempty"`
	BilledQuantity *float64 `json:"billedQuantity,omitempty"`
	UnitPrice      *float64 `json:"unitPrice,omitempty"`
	UnitCost       *float64 `json:"unitCost,omitempty"`
	ExtPrice       *float64 `json:"extPrice,omitempty"`
	ExtCost        *float64 `json:"extCost,omitempty"`
	Margin         *float64 `json:"margin,omitempty"`
	SequenceNumber *float64 `json:"sequenceNumber,omitempty"`

	EffectiveDate *string `json:"effectiveDate,omitempty"`
	CancelledDate *string `json:"cancelledDate,omitempty"`

	TaxableFlag      *bool `json:"taxableFlag,omitempty"`
	PurchaseItemFlag *bool `json:"purchaseItemFlag,omitempty"`
	SpecialOrderFlag *bool `json:"specialOrderFlag,omitempty"`

	SerialNumber       *string `json:"serialNumber,omitempty"`
	InvoiceDescription *string `json:"invoiceDescription,omitempty"`
	Description        *string `json:"description,omitempty"`
	Uom                *string `json:"uom,omitempty"`

	ProrateCost              *float64 `json:"prorateCost,omitempty"`
	ProratePrice             *float64 `json:"proratePrice,omitempty"`
	ExtendedProrateCost      *float64 `json:"extendedProrateCost,omitempty"`
	ExtendedProratePrice     *float64 `json:"extendedProratePrice,omitempty"`
	ProrateCurrentPeriodFlag *bool    `json:"prorateCurrentPeriodFlag,omitempty"`

	Opportunity     *Reference       `json:"opportunity,omitempty"`
	AgreementStatus *AgreementStatus `json:"agreementStatus,omitempty"`
	InvoiceGrouping *Reference       `json:"invoiceGrouping,omitempty"`

	Info         Info              `json:"_info,omitempty"`
	CustomFields []json.RawMessage `json:"customFields,omitempty"`
}

// ProductReference is IvItemReference: the catalog item an addition bills.
type ProductReference struct {
	ID             int    `json:"id"`
	Identifier     string `json:"identifier,omitempty"`
	SerializedFlag *bool  `json:"serializedFlag,omitempty"`
}
