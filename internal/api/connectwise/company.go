package connectwise

import "encoding/json"

// Company is a company (/company/companies). Required on POST: identifier and name.
// Companies in the recycle bin carry deletedFlag=true and are never offered.
type Company struct {
	ID         int    `json:"id,omitempty"`
	Identifier string `json:"identifier,omitempty"`
	Name       string `json:"name,omitempty"`

	Status *Reference  `json:"status,omitempty"`
	Types  []Reference `json:"types,omitempty"`

	DeletedFlag *bool   `json:"deletedFlag,omitempty"`
	DateDeleted *string `json:"dateDeleted,omitempty"`
	DeletedBy   *string `json:"deletedBy,omitempty"`

	ParentCompany *CompanyReference `json:"parentCompany,omitempty"`
	BillToCompany *CompanyReference `json:"billToCompany,omitempty"`
	IsVendorFlag  *bool             `json:"isVendorFlag,omitempty"`

	AddressLine1  *string    `json:"addressLine1,omitempty"`
	AddressLine2  *string    `json:"addressLine2,omitempty"`
	City          *string    `json:"city,omitempty"`
	State         *string    `json:"state,omitempty"`
	Zip           *string    `json:"zip,omitempty"`
	Country       *Reference `json:"country,omitempty"`
	PhoneNumber   *string    `json:"phoneNumber,omitempty"`
	Website       *string    `json:"website,omitempty"`
	Territory     *Reference `json:"territory,omitempty"`
	Market        *Reference `json:"market,omitempty"`
	AccountNumber *string    `json:"accountNumber,omitempty"`

	DefaultContact *Reference `json:"defaultContact,omitempty"`
	Site           *Reference `json:"site,omitempty"`
	IntegratorTags []string   `json:"integratorTags,omitempty"`

	Info         Info              `json:"_info,omitempty"`
	CustomFields []json.RawMessage `json:"customFields,omitempty"`
}
