package autotask

// Company is an Autotask company (Companies). CompanyType is a picklist (Customer, Lead,
// Prospect, Vendor, ...): read its labels from entityInformation/fields.
type Company struct {
	ID                          int64              `json:"id"`
	CompanyName                 string             `json:"companyName,omitempty"`
	CompanyNumber               *string            `json:"companyNumber,omitempty"`
	CompanyType                 *int               `json:"companyType,omitempty"`
	IsActive                    *bool              `json:"isActive,omitempty"`
	Classification              *int               `json:"classification,omitempty"`
	OwnerResourceID             *int64             `json:"ownerResourceID,omitempty"`
	ParentCompanyID             *int64             `json:"parentCompanyID,omitempty"`
	Phone                       *string            `json:"phone,omitempty"`
	Fax                         *string            `json:"fax,omitempty"`
	WebAddress                  *string            `json:"webAddress,omitempty"`
	Address1                    *string            `json:"address1,omitempty"`
	Address2                    *string            `json:"address2,omitempty"`
	City                        *string            `json:"city,omitempty"`
	State                       *string            `json:"state,omitempty"`
	PostalCode                  *string            `json:"postalCode,omitempty"`
	CountryID                   *int               `json:"countryID,omitempty"`
	CreateDate                  *string            `json:"createDate,omitempty"`
	LastActivityDate            *string            `json:"lastActivityDate,omitempty"`
	LastTrackedModifiedDateTime *string            `json:"lastTrackedModifiedDateTime,omitempty"`
	UserDefinedFields           []UserDefinedField `json:"userDefinedFields,omitempty"`
}

// Contract is an Autotask contract (Contracts). ContractType, ContractCategory,
// ContractPeriodType, Status and BillingPreference are picklists whose values differ per
// database: read their labels from entityInformation/fields. Contracts have no cancelled
// flag and cannot be deleted.
type Contract struct {
	ID                                     int64              `json:"id"`
	CompanyID                              int64              `json:"companyID,omitempty"`
	ContractName                           string             `json:"contractName,omitempty"`
	ContractNumber                         *string            `json:"contractNumber,omitempty"`
	ContractType                           *int               `json:"contractType,omitempty"`
	ContractCategory                       *int               `json:"contractCategory,omitempty"`
	ContractPeriodType                     *int               `json:"contractPeriodType,omitempty"`
	Status                                 *int               `json:"status,omitempty"`
	StartDate                              *string            `json:"startDate,omitempty"`
	EndDate                                *string            `json:"endDate,omitempty"`
	IsDefaultContract                      *bool              `json:"isDefaultContract,omitempty"`
	IsCompliant                            *bool              `json:"isCompliant,omitempty"`
	BillingPreference                      *int               `json:"billingPreference,omitempty"`
	BillToCompanyID                        *int64             `json:"billToCompanyID,omitempty"`
	BillToCompanyContactID                 *int64             `json:"billToCompanyContactID,omitempty"`
	ContactID                              *int64             `json:"contactID,omitempty"`
	ContactName                            *string            `json:"contactName,omitempty"`
	Description                            *string            `json:"description,omitempty"`
	EstimatedCost                          *float64           `json:"estimatedCost,omitempty"`
	EstimatedHours                         *float64           `json:"estimatedHours,omitempty"`
	EstimatedRevenue                       *float64           `json:"estimatedRevenue,omitempty"`
	ExclusionContractID                    *int64             `json:"exclusionContractID,omitempty"`
	ContractExclusionSetID                 *int64             `json:"contractExclusionSetID,omitempty"`
	OverageBillingRate                     *float64           `json:"overageBillingRate,omitempty"`
	SetupFee                               *float64           `json:"setupFee,omitempty"`
	SetupFeeBillingCodeID                  *int64             `json:"setupFeeBillingCodeID,omitempty"`
	ServiceLevelAgreementID                *int64             `json:"serviceLevelAgreementID,omitempty"`
	PurchaseOrderNumber                    *string            `json:"purchaseOrderNumber,omitempty"`
	OpportunityID                          *int64             `json:"opportunityID,omitempty"`
	RenewedContractID                      *int64             `json:"renewedContractID,omitempty"`
	OrganizationalLevelAssociationID       *int64             `json:"organizationalLevelAssociationID,omitempty"`
	InternalCurrencyOverageBillingRate     *float64           `json:"internalCurrencyOverageBillingRate,omitempty"`
	InternalCurrencySetupFee               *float64           `json:"internalCurrencySetupFee,omitempty"`
	TimeReportingRequiresStartAndStopTimes *bool              `json:"timeReportingRequiresStartAndStopTimes,omitempty"`
	UserDefinedFields                      []UserDefinedField `json:"userDefinedFields,omitempty"`
}

// Service is an Autotask service (Services): a product a contract bills per unit.
type Service struct {
	ID                                       int64              `json:"id"`
	Name                                     string             `json:"name,omitempty"`
	Description                              *string            `json:"description,omitempty"`
	InvoiceDescription                       *string            `json:"invoiceDescription,omitempty"`
	IsActive                                 *bool              `json:"isActive,omitempty"`
	PeriodType                               *int               `json:"periodType,omitempty"`
	UnitPrice                                *float64           `json:"unitPrice,omitempty"`
	UnitCost                                 *float64           `json:"unitCost,omitempty"`
	MarkupRate                               *float64           `json:"markupRate,omitempty"`
	BillingCodeID                            *int64             `json:"billingCodeID,omitempty"`
	ServiceLevelAgreementID                  *int64             `json:"serviceLevelAgreementID,omitempty"`
	VendorCompanyID                          *int64             `json:"vendorCompanyID,omitempty"`
	CreateDate                               *string            `json:"createDate,omitempty"`
	CreatorResourceID                        *int64             `json:"creatorResourceID,omitempty"`
	LastModifiedDate                         *string            `json:"lastModifiedDate,omitempty"`
	UpdateResourceID                         *int64             `json:"updateResourceID,omitempty"`
	SKU                                      *string            `json:"sku,omitempty"`
	CatalogNumberPartNumber                  *string            `json:"catalogNumberPartNumber,omitempty"`
	ExternalID                               *string            `json:"externalID,omitempty"`
	InternalID                               *string            `json:"internalID,omitempty"`
	ManufacturerServiceProvider              *string            `json:"manufacturerServiceProvider,omitempty"`
	ManufacturerServiceProviderProductNumber *string            `json:"manufacturerServiceProviderProductNumber,omitempty"`
	URL                                      *string            `json:"url,omitempty"`
	UserDefinedFields                        []UserDefinedField `json:"userDefinedFields,omitempty"`
}

// ServiceBundle is an Autotask service bundle (ServiceBundles): services sold as one.
type ServiceBundle struct {
	ID                                       int64    `json:"id"`
	Name                                     string   `json:"name,omitempty"`
	Description                              *string  `json:"description,omitempty"`
	InvoiceDescription                       *string  `json:"invoiceDescription,omitempty"`
	IsActive                                 *bool    `json:"isActive,omitempty"`
	PeriodType                               *int     `json:"periodType,omitempty"`
	UnitPrice                                *float64 `json:"unitPrice,omitempty"`
	UnitCost                                 *float64 `json:"unitCost,omitempty"`
	UnitDiscount                             *float64 `json:"unitDiscount,omitempty"`
	PercentageDiscount                       *float64 `json:"percentageDiscount,omitempty"`
	BillingCodeID                            *int64   `json:"billingCodeID,omitempty"`
	ServiceLevelAgreementID                  *int64   `json:"serviceLevelAgreementID,omitempty"`
	CreateDate                               *string  `json:"createDate,omitempty"`
	CreatorResourceID                        *int64   `json:"creatorResourceID,omitempty"`
	LastModifiedDate                         *string  `json:"lastModifiedDate,omitempty"`
	UpdateResourceID                         *int64   `json:"updateResourceID,omitempty"`
	SKU                                      *string  `json:"sku,omitempty"`
	CatalogNumberPartNumber                  *string  `json:"catalogNumberPartNumber,omitempty"`
	ExternalID                               *string  `json:"externalID,omitempty"`
	InternalID                               *string  `json:"internalID,omitempty"`
	ManufacturerServiceProvider              *string  `json:"manufacturerServiceProvider,omitempty"`
	ManufacturerServiceProviderProductNumber *string  `json:"manufacturerServiceProviderProductNumber,omitempty"`
	URL                                      *string  `json:"url,omitempty"`
}

// ContractService is a service on a contract (ContractServices, a child of Contracts). It
// carries no unit count: units live in ContractServiceUnits. On update only adjustedPrice
// and invoiceDescription are writable.
type ContractService struct {
	ID                            int64              `json:"id"`
	ContractID                    int64              `json:"contractID,omitempty"`
	ServiceID                     int64              `json:"serviceID,omitempty"`
	UnitPrice                     *float64           `json:"unitPrice,omitempty"`
	UnitCost                      *float64           `json:"unitCost,omitempty"`
	AdjustedPrice                 *float64           `json:"adjustedPrice,omitempty"`
	InternalCurrencyAdjustedPrice *float64           `json:"internalCurrencyAdjustedPrice,omitempty"`
	InternalCurrencyUnitPrice     *float64           `json:"internalCurrencyUnitPrice,omitempty"`
	InternalDescription           *string            `json:"internalDescription,omitempty"`
	InvoiceDescription            *string            `json:"invoiceDescription,omitempty"`
	QuoteItemID                   *int64             `json:"quoteItemID,omitempty"`
	UserDefinedFields             []UserDefinedField `json:"userDefinedFields,omitempty"`
}

// ContractServiceUnit is the units of a contract service over a period
// (ContractServiceUnits, read-only; units change through ContractServiceAdjustments).
type ContractServiceUnit struct {
	ID                               int64    `json:"id"`
	ContractID                       int64    `json:"contractID,omitempty"`
	ContractServiceID                int64    `json:"contractServiceID,omitempty"`
	ServiceID                        int64    `json:"serviceID,omitempty"`
	Units                            *float64 `json:"units,omitempty"`
	StartDate                        *string  `json:"startDate,omitempty"`
	EndDate                          *string  `json:"endDate,omitempty"`
	Price                            *float64 `json:"price,omitempty"`
	Cost                             *float64 `json:"cost,omitempty"`
	InternalCurrencyPrice            *float64 `json:"internalCurrencyPrice,omitempty"`
	ApproveAndPostDate               *string  `json:"approveAndPostDate,omitempty"`
	VendorCompanyID                  *int64   `json:"vendorCompanyID,omitempty"`
	OrganizationalLevelAssociationID *int64   `json:"organizationalLevelAssociationID,omitempty"`
}
