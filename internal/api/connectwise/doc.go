// Package connectwise declares the ConnectWise PSA (Manage) REST API objects the project
// uses, once: the JSON names are the vendor's, as /work/shared/reference/psa-apis.md
// section 1 lists them from ConnectWise's OpenAPI document (model version 2025.1). The PSA
// client (internal/client/connectwise) and the emulator's ConnectWise room both read and
// write these types, so neither can drift from the other or from ConnectWise;
// fields_test.go holds every JSON tag to the vendor's field lists.
//
// Optional fields are pointers with omitempty: nil is "absent" (not sent, not rendered),
// so a POST or a JSON Patch computed from these types never nulls what it did not mean to,
// and a false flag or a zero price still travels.
//
// The package is data and constants only: it imports nothing of the project.
package connectwise

// APIVersion is the model version the project speaks, pinned with the Accept header
// (without it ConnectWise answers with its latest models).
const APIVersion = "2025.1"

// AcceptHeader pins APIVersion.
const AcceptHeader = "application/vnd.connectwise.com+json; version=" + APIVersion

// Paths and headers of the API.
const (
	// CompanyInfoPath is the unauthenticated codebase discovery, followed by the login
	// company id: GET https://{site}/login/companyinfo/{companyId}.
	CompanyInfoPath = "/login/companyinfo/"
	// DefaultCodebase is the codebase of on-premise servers, which cloud servers also serve.
	DefaultCodebase = "v4_6_release/"
	// APIRoot follows the codebase: https://{site}/{codebase}apis/3.0/...
	APIRoot = "apis/3.0"

	// ClientIDHeader carries the integration's clientId GUID on every call.
	ClientIDHeader = "clientId"
	// PaginationTypeHeader set to PaginationForwardOnly asks for forward-only paging.
	PaginationTypeHeader  = "pagination-type"
	PaginationForwardOnly = "forward-only"
	// CurrentVersionHeader is the answer header naming the server's API version.
	CurrentVersionHeader = "api-current-version"
)

// Collection paths, relative to APIRoot.
const (
	PathCatalog    = "/procurement/catalog"
	PathCategories = "/procurement/categories"
	// PathSubcategories keeps the trailing slash ConnectWise's document gives the list.
	PathSubcategories  = "/procurement/subcategories/"
	PathProductTypes   = "/procurement/types"
	PathUnitsOfMeasure = "/procurement/unitOfMeasures"
	PathManufacturers  = "/procurement/manufacturers"
	PathAgreements     = "/finance/agreements"
	// PathAdditionsOf follows an agreement's path: /finance/agreements/{parentId}/additions.
	PathAdditionsOf = "/additions"
	PathCompanies   = "/company/companies"
	// PathCount follows a collection's path: GET .../count answers Count.
	PathCount = "/count"
)

// Query parameters of list endpoints.
const (
	QueryConditions = "conditions"
	QueryFields     = "fields"
	QueryOrderBy    = "orderBy"
	QueryPage       = "page"
	QueryPageSize   = "pageSize"
	QueryPageID     = "pageId"
)

// Count is the answer of every .../count endpoint.
type Count struct {
	Count int `json:"count"`
}

// CompanyInfo is the answer of login/companyinfo/{companyId} (null for an unknown company).
type CompanyInfo struct {
	CompanyName string `json:"CompanyName"`
	// Codebase is the path segment of the API, with its trailing slash: "v2025_1/".
	Codebase      string `json:"Codebase"`
	VersionCode   string `json:"VersionCode"`
	VersionNumber string `json:"VersionNumber"`
	CompanyID     string `json:"CompanyID"`
	// IsCloud is "True" or "False": a string, as ConnectWise writes it.
	IsCloud string `json:"IsCloud"`
	SiteURL string `json:"SiteUrl,omitempty"`
}

// Info is the `_info` map every record carries: server metadata such as lastUpdated.
type Info map[string]string

// Keys of Info.
const (
	InfoLastUpdated = "lastUpdated"
	InfoUpdatedBy   = "updatedBy"
	InfoDateEntered = "dateEntered"
)

// LastUpdated is the record's lastUpdated stamp ("" when absent).
func (i Info) LastUpdated() string { return i[InfoLastUpdated] }
