// Package autotask declares the Autotask PSA REST API objects the project uses, once: the
// JSON names are the vendor's, as /work/shared/reference/psa-apis.md section 2 lists them
// (Autotask's entity pages and Swagger document, through the clients generated from it). The
// PSA client (internal/client/autotask) and the emulator's Autotask room both use these
// types; fields_test.go holds every JSON tag to the vendor's field lists.
//
// Optional fields are pointers with omitempty, so an absent field (one a query's
// IncludeFields left out, or a null) is told apart from a zero, and a PATCH body built from
// these types carries only what it means to change.
//
// The package is data and constants only: it imports nothing of the project.
package autotask

import "time"

// Hosts, paths and headers of the API.
const (
	// DefaultZoneLookupURL is where the zone of an API user is looked up; the zone's own URL
	// (ZoneInformation.URL) is then used as given for every other call.
	DefaultZoneLookupURL = "https://webservices.autotask.net/ATServicesRest/"
	// VersionPath follows a zone URL: {url}V1.0/{Entity}...
	VersionPath = "V1.0/"
	// ZoneInformationPath follows the lookup URL, with the query parameter ZoneUserQuery.
	// Zone lookups need no authentication and are not thread-limited.
	ZoneInformationPath = VersionPath + "zoneInformation"
	ZoneUserQuery       = "user"

	// QueryPath follows an entity: POST {Entity}/query with a Query, answered with a
	// ListResponse; CountPath answers a CountResponse; FieldsPath an EntityFields.
	QueryPath  = "/query"
	CountPath  = "/query/count"
	FieldsPath = "/entityInformation/fields"

	HeaderIntegrationCode = "ApiIntegrationCode"
	HeaderUserName        = "UserName"
	HeaderSecret          = "Secret"
	HeaderImpersonation   = "ImpersonationResourceId"
)

// Entities of the API the project reads (the path segment after VersionPath).
const (
	EntityCompanies            = "Companies"
	EntityContracts            = "Contracts"
	EntityServices             = "Services"
	EntityServiceBundles       = "ServiceBundles"
	EntityContractServices     = "ContractServices"
	EntityContractServiceUnits = "ContractServiceUnits"
	// EntityThresholdInformation answers ThresholdInformation on GET.
	EntityThresholdInformation = "ThresholdInformation"
)

// Limits Autotask publishes.
const (
	// MinRecords and MaxRecords bound Query.MaxRecords; a page holds at most MaxRecords items.
	MinRecords = 1
	MaxRecords = 500
	// MaxOrConditions bounds the 'OR' conditions of one query.
	MaxOrConditions = 500
	// MaxUDFsPerQuery is how many user-defined fields one query may filter on.
	MaxUDFsPerQuery = 1
	// ThreadLimit is how many requests may run at once per integration code and endpoint.
	ThreadLimit = 3
	// HourlyRequestThreshold is the requests allowed per ThresholdTimeframe per Autotask
	// database, shared by every integration of that database.
	HourlyRequestThreshold = 10000
	ThresholdTimeframe     = 60 * time.Minute
	// LatencyFromPercent is the share of the threshold from which Autotask slows every call.
	LatencyFromPercent = 50

	// ContractTypeRecurringService is the contractType of the only contracts that may carry
	// ContractServices.
	ContractTypeRecurringService = 7
)

// ZoneInformation is the answer of zoneInformation?user=.
type ZoneInformation struct {
	ZoneName string `json:"zoneName"`
	// URL is the zone's API root, with its trailing slash:
	// "https://webservices5.autotask.net/ATServicesRest/".
	URL    string `json:"url"`
	WebURL string `json:"webUrl"`
	CI     int    `json:"ci"`
}

// ThresholdInformation is the answer of GET V1.0/ThresholdInformation: the database's
// request threshold, its timeframe and the requests counted in the current timeframe.
type ThresholdInformation struct {
	ExternalRequestThreshold     int `json:"externalRequestThreshold"`
	RequestThresholdTimeframe    int `json:"requestThresholdTimeframe"`
	CurrentTimeframeRequestCount int `json:"currentTimeframeRequestCount"`
}

// ErrorResponse is Autotask's error body, with HTTP 500 for validation failures:
// {"errors":["human readable message", ...]}.
type ErrorResponse struct {
	Errors []string `json:"errors"`
}

// UserDefinedField is one element of an entity's userDefinedFields.
type UserDefinedField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}
