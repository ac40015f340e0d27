package seed

import (
	"time"
)

// Seed is the data an empty emulator database starts with. Seed files are YAML or JSON
// with the field names of the yaml tags; see internal/emulator/README.md.
type Seed struct {
	SophosProducts []SophosProduct `yaml:"sophosProducts" json:"sophosProducts,omitempty"`
	Credentials    []Credential    `yaml:"credentials" json:"credentials,omitempty"`
	Partners       []Partner       `yaml:"partners" json:"partners,omitempty"`
	// BillingProducts are the product codes of the Partner Billing API (billing.go).
	BillingProducts []BillingProduct `yaml:"billingProducts" json:"billingProducts,omitempty"`
}

// SophosProduct is a Sophos product that can be mapped to a PSA product.
type SophosProduct struct {
	Identifier string `yaml:"identifier" json:"identifier,omitempty"`
	Name       string `yaml:"name" json:"name,omitempty"`
	// HasUsage defaults to true; only products with usage appear in the product mappings.
	HasUsage *bool `yaml:"hasUsage" json:"hasUsage,omitempty"`
	// SyncsWithInvoiceOnly marks firewall products: they sync only with the monthly invoice.
	SyncsWithInvoiceOnly bool `yaml:"syncsWithInvoiceOnly" json:"syncsWithInvoiceOnly,omitempty"`
}

// Credential is an API client credential.
type Credential struct {
	ClientID     string `yaml:"clientId" json:"clientId,omitempty"`
	ClientSecret string `yaml:"clientSecret" json:"clientSecret,omitempty"`
	// IDType is "partner" (default) or "tenant".
	IDType    string `yaml:"idType" json:"idType,omitempty"`
	PartnerID string `yaml:"partnerId" json:"partnerId,omitempty"`
	TenantID  string `yaml:"tenantId" json:"tenantId,omitempty"`
}

// Partner is a Sophos Central Partner account and everything it owns.
type Partner struct {
	ID               string            `yaml:"id" json:"id,omitempty"`
	Name             string            `yaml:"name" json:"name,omitempty"`
	Tenants          []Tenant          `yaml:"tenants" json:"tenants,omitempty"`
	Integrations     []Integration     `yaml:"integrations" json:"integrations,omitempty"`
	ConnectWise      *ConnectWise      `yaml:"connectwise" json:"connectwise,omitempty"`
	Autotask         *Autotask         `yaml:"autotask" json:"autotask,omitempty"`
	ProductMappings  []ProductMapping  `yaml:"productMappings" json:"productMappings,omitempty"`
	CustomerMappings []CustomerMapping `yaml:"customerMappings" json:"customerMappings,omitempty"`
	// BillingUsage is the partner's usage as the Partner Billing API reports it (billing.go).
	BillingUsage *BillingUsage `yaml:"billingUsage" json:"billingUsage,omitempty"`
}

// Tenant is a customer of the partner.
type Tenant struct {
	ID            string `yaml:"id" json:"id,omitempty"`
	Name          string `yaml:"name" json:"name,omitempty"`
	ShowAs        string `yaml:"showAs" json:"showAs,omitempty"`
	BillingType   string `yaml:"billingType" json:"billingType,omitempty"`
	DataRegion    string `yaml:"dataRegion" json:"dataRegion,omitempty"`
	DataGeography string `yaml:"dataGeography" json:"dataGeography,omitempty"`
	Status        string `yaml:"status" json:"status,omitempty"`
}

// Integration is the connection state of one PSA.
type Integration struct {
	PSA               string     `yaml:"psa" json:"psa,omitempty"`
	Name              string     `yaml:"name" json:"name,omitempty"`
	Status            string     `yaml:"status" json:"status,omitempty"`
	SiteURL           string     `yaml:"siteUrl" json:"siteUrl,omitempty"`
	ConnectedAt       *time.Time `yaml:"connectedAt" json:"connectedAt,omitempty"`
	UsageSyncSchedule string     `yaml:"usageSyncSchedule" json:"usageSyncSchedule,omitempty"`
	// UsageSyncDayOfMonth is the day of a monthly schedule.
	UsageSyncDayOfMonth int `yaml:"usageSyncDayOfMonth" json:"usageSyncDayOfMonth,omitempty"`
	// Credentials are the API credentials Sophos stores for a connected integration; the PSA
	// accepts them too. Defaults per PSA (psacredentials.Default) when omitted.
	Credentials *PSACredentials `yaml:"credentials" json:"credentials,omitempty"`
	// APIUsers are further API credentials the PSA accepts (another API user or member).
	APIUsers []PSACredentials `yaml:"apiUsers" json:"apiUsers,omitempty"`
}

// ConnectWise is the partner's ConnectWise PSA data.
type ConnectWise struct {
	Categories     []Category  `yaml:"categories" json:"categories,omitempty"`
	ProductTypes   []Reference `yaml:"productTypes" json:"productTypes,omitempty"`
	UnitsOfMeasure []Reference `yaml:"unitsOfMeasure" json:"unitsOfMeasure,omitempty"`
	Manufacturers  []Reference `yaml:"manufacturers" json:"manufacturers,omitempty"`
	Products       []Product   `yaml:"products" json:"products,omitempty"`
	Companies      []Company   `yaml:"companies" json:"companies,omitempty"`
	Agreements     []Contract  `yaml:"agreements" json:"agreements,omitempty"`
	// Additions are agreement additions: a catalog product billed on an agreement.
	Additions []Addition `yaml:"additions" json:"additions,omitempty"`
}

// Addition is a ConnectWise agreement addition: a product line of an agreement.
type Addition struct {
	AgreementID int64   `yaml:"agreementId" json:"agreementId,omitempty"`
	ProductID   int64   `yaml:"productId" json:"productId,omitempty"`
	Quantity    float64 `yaml:"quantity" json:"quantity,omitempty"`
	UnitPrice   float64 `yaml:"unitPrice" json:"unitPrice,omitempty"`
	UnitCost    float64 `yaml:"unitCost" json:"unitCost,omitempty"`
	// BillCustomer is Billable (default), DoNotBill or NoCharge.
	BillCustomer string `yaml:"billCustomer" json:"billCustomer,omitempty"`
}

// Autotask is the partner's Autotask PSA data (one Autotask database): its products are
// Autotask services and service bundles.
type Autotask struct {
	// Picklists replace the emulator's default picklists (DefaultAutotaskPicklists), field
	// by field; those not named keep the defaults.
	Picklists []Picklist `yaml:"picklists" json:"picklists,omitempty"`
	Products  []Product  `yaml:"products" json:"products,omitempty"`
	Companies []Company  `yaml:"companies" json:"companies,omitempty"`
	Contracts []Contract `yaml:"contracts" json:"contracts,omitempty"`
}

// Picklist is the values of one picklist field of an Autotask entity, as
// entityInformation/fields answers them.
type Picklist struct {
	Entity string          `yaml:"entity" json:"entity,omitempty"`
	Field  string          `yaml:"field" json:"field,omitempty"`
	Values []PicklistValue `yaml:"values" json:"values,omitempty"`
}

// PicklistValue is one value of a picklist.
type PicklistValue struct {
	Value int64  `yaml:"value" json:"value"`
	Label string `yaml:"label" json:"label,omitempty"`
	// Inactive values are listed but no longer offered (isActive false).
	Inactive bool `yaml:"inactive" json:"inactive,omitempty"`
	// Default marks the value new records get (isDefaultValue).
	Default bool `yaml:"default" json:"default,omitempty"`
	// System marks a value Autotask itself defines (isSystem).
	System bool `yaml:"system" json:"system,omitempty"`
	// SortOrder defaults to the value's position.
	SortOrder   int    `yaml:"sortOrder" json:"sortOrder,omitempty"`
	ParentValue string `yaml:"parentValue" json:"parentValue,omitempty"`
}

// ContractService is a service on an Autotask contract, with its units per period.
type ContractService struct {
	// ID is optional; the emulator numbers contract services itself.
	ID                  int64    `yaml:"id" json:"id,omitempty"`
	ServiceID           int64    `yaml:"serviceId" json:"serviceId,omitempty"`
	UnitPrice           *float64 `yaml:"unitPrice" json:"unitPrice,omitempty"`
	UnitCost            *float64 `yaml:"unitCost" json:"unitCost,omitempty"`
	AdjustedPrice       *float64 `yaml:"adjustedPrice" json:"adjustedPrice,omitempty"`
	InvoiceDescription  string   `yaml:"invoiceDescription" json:"invoiceDescription,omitempty"`
	InternalDescription string   `yaml:"internalDescription" json:"internalDescription,omitempty"`
	Units               []Units  `yaml:"units" json:"units,omitempty"`
}

// Units are a contract service's units over a period (ContractServiceUnits): from StartDate
// to EndDate, or, with MonthlyFrom (YYYY-MM), one period a month from that month up to the
// month the seed is loaded in (or the contract's end), as Autotask keeps a record for every
// period of a recurring contract.
type Units struct {
	ID          int64    `yaml:"id" json:"id,omitempty"`
	Units       float64  `yaml:"units" json:"units"`
	StartDate   string   `yaml:"startDate" json:"startDate,omitempty"`
	EndDate     string   `yaml:"endDate" json:"endDate,omitempty"`
	MonthlyFrom string   `yaml:"monthlyFrom" json:"monthlyFrom,omitempty"`
	Price       *float64 `yaml:"price" json:"price,omitempty"`
	Cost        *float64 `yaml:"cost" json:"cost,omitempty"`
}

// Category is a ConnectWise product category with its subcategories.
type Category struct {
	ID            int64       `yaml:"id" json:"id,omitempty"`
	Name          string      `yaml:"name" json:"name,omitempty"`
	Subcategories []Reference `yaml:"subcategories" json:"subcategories,omitempty"`
}

// Reference is an id and a name (ConnectWise reference data).
type Reference struct {
	ID   int64  `yaml:"id" json:"id,omitempty"`
	Name string `yaml:"name" json:"name,omitempty"`
}

// Product is a PSA catalog product. Category, Subcategory, Type and UnitOfMeasure are
// names of ConnectWise reference data (ConnectWise products only); Category is needed only
// when more than one category has a subcategory of that name.
type Product struct {
	ID                     int64   `yaml:"id" json:"id,omitempty"`
	Identifier             string  `yaml:"identifier" json:"identifier,omitempty"`
	Description            string  `yaml:"description" json:"description,omitempty"`
	CustomerDescription    string  `yaml:"customerDescription" json:"customerDescription,omitempty"`
	Category               string  `yaml:"category" json:"category,omitempty"`
	Subcategory            string  `yaml:"subcategory" json:"subcategory,omitempty"`
	Type                   string  `yaml:"type" json:"type,omitempty"`
	UnitOfMeasure          string  `yaml:"unitOfMeasure" json:"unitOfMeasure,omitempty"`
	Manufacturer           string  `yaml:"manufacturer" json:"manufacturer,omitempty"`
	ProductClass           string  `yaml:"productClass" json:"productClass,omitempty"`
	Price                  float64 `yaml:"price" json:"price,omitempty"`
	Cost                   float64 `yaml:"cost" json:"cost,omitempty"`
	Taxable                bool    `yaml:"taxable" json:"taxable,omitempty"`
	Inactive               bool    `yaml:"inactive" json:"inactive,omitempty"`
	ManufacturerPartNumber string  `yaml:"manufacturerPartNumber" json:"manufacturerPartNumber,omitempty"`
	VendorSku              string  `yaml:"vendorSku" json:"vendorSku,omitempty"`
	Notes                  string  `yaml:"notes" json:"notes,omitempty"`
	IntegrationXRef        string  `yaml:"integrationXRef" json:"integrationXRef,omitempty"`
	// PeriodType is an Autotask service's periodType label (default: the picklist's
	// default); Services are a service bundle's services (productClass Bundle). Autotask only.
	PeriodType string  `yaml:"periodType" json:"periodType,omitempty"`
	Services   []int64 `yaml:"services" json:"services,omitempty"`
}

// Company is a PSA company (ConnectWise company, Autotask customer).
type Company struct {
	ID         int64  `yaml:"id" json:"id,omitempty"`
	Name       string `yaml:"name" json:"name,omitempty"`
	Identifier string `yaml:"identifier" json:"identifier,omitempty"`
	// Deleted puts a ConnectWise company in the recycle bin (deletedFlag): only ConnectWise's
	// own API shows it.
	Deleted bool `yaml:"deleted" json:"deleted,omitempty"`
	// Inactive companies are not listed (Autotask's isActive false).
	Inactive bool `yaml:"inactive" json:"inactive,omitempty"`
}

// Contract is an Autotask contract or a ConnectWise agreement.
type Contract struct {
	ID        int64  `yaml:"id" json:"id,omitempty"`
	CompanyID int64  `yaml:"companyId" json:"companyId,omitempty"`
	Name      string `yaml:"name" json:"name,omitempty"`
	// Status is active, expired, inactive or cancelled.
	Status    string `yaml:"status" json:"status,omitempty"`
	StartDate string `yaml:"startDate" json:"startDate,omitempty"`
	EndDate   string `yaml:"endDate" json:"endDate,omitempty"`
	// Type is an Autotask contract's contractType label (default: the picklist's default);
	// Services are its contract services. Autotask only.
	Type     string            `yaml:"type" json:"type,omitempty"`
	Services []ContractService `yaml:"services" json:"services,omitempty"`
}

// ProductMapping is an initial product mapping.
type ProductMapping struct {
	PSA           string `yaml:"psa" json:"psa,omitempty"`
	SophosProduct string `yaml:"sophosProduct" json:"sophosProduct,omitempty"`
	PsaProductID  int64  `yaml:"psaProductId" json:"psaProductId,omitempty"`
	// SyncEnabled defaults to true.
	SyncEnabled *bool `yaml:"syncEnabled" json:"syncEnabled,omitempty"`
}

// CustomerMapping is an initial customer mapping.
type CustomerMapping struct {
	PSA               string `yaml:"psa" json:"psa,omitempty"`
	CustomerID        string `yaml:"customerId" json:"customerId,omitempty"`
	CompanyID         int64  `yaml:"companyId" json:"companyId,omitempty"`
	ContractID        *int64 `yaml:"contractId" json:"contractId,omitempty"`
	UsageSyncEnabled  bool   `yaml:"usageSyncEnabled" json:"usageSyncEnabled,omitempty"`
	TicketSyncEnabled bool   `yaml:"ticketSyncEnabled" json:"ticketSyncEnabled,omitempty"`
}
