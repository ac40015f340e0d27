// Package rules holds the rules of the PSA Integration API contract, written once as pure
// functions over the api types. The emulator enforces them on every write; the provider
// runs the same functions during terraform plan, so a plan fails exactly where the API
// would refuse the apply. Nothing here does I/O: callers gather the facts (the customer,
// the company, the contract, who else holds it) and hand them in.
package rules

import (
	"fmt"

	"github.com/google/uuid"
)

// Kind is how the API answers a broken rule.
type Kind int

const (
	// Invalid is a request that can never succeed as written (HTTP 400).
	Invalid Kind = iota
	// Unprocessable is a well-formed request the current data refuses (HTTP 422).
	Unprocessable
	// Conflict is a request that collides with another object (HTTP 409).
	Conflict
	// Warning is not refused, but a person should know (the API says nothing).
	Warning
)

// Violation is one broken rule.
type Violation struct {
	Kind Kind
	// Field is the name of the field the rule is about, as the caller's Fields spell it.
	Field string
	// Value is the offending value as text ("" when there is none to show).
	Value string
	// Allowed lists the valid values, when there is a short list of them.
	Allowed []string
	// Summary is a short title ("Contract belongs to another company").
	Summary string
	// Message says what is wrong and what to do, in the caller's field names.
	Message string
}

func (v Violation) Error() string { return v.Message }

// Violations is the result of a check, in the order the rules are applied.
type Violations []Violation

// First returns the first violation that is not a warning, or nil.
func (vs Violations) First() *Violation {
	for i := range vs {
		if vs[i].Kind != Warning {
			return &vs[i]
		}
	}
	return nil
}

func (vs *Violations) add(kind Kind, field, value, summary, format string, args ...any) {
	*vs = append(*vs, Violation{Kind: kind, Field: field, Value: value, Summary: summary, Message: fmt.Sprintf(format, args...)})
}

// Fields says how the caller names fields and where it sends a person to look things up:
// the API's names and endpoints for the emulator, Terraform attributes and data sources for
// the provider. Every message of this package is worded with them.
type Fields struct {
	CompanyID, ContractID, UsageSync, PSAProductID string

	Identifier, Description, CustomerDescription, ProductClass string
	Category, Subcategory, Type, UnitOfMeasure                 string
	ManufacturerPartNumber, VendorSKU, IntegrationXRef         string
	Price, Cost                                                string

	// False is how a switch is turned off ("false").
	False string
	// SetName is how a reference field is set to a name (`category = "Services"`).
	SetName func(field, name string) string
	// Companies, Contracts and Products say where to list them; Contracts gets the company id.
	Companies func(psa string) string
	Contracts func(psa string, companyID int64) string
	Products  func(psa string) string
}

// APIFields are the API's own names, for the emulator's answers.
func APIFields() Fields {
	return Fields{
		CompanyID: "companyId", ContractID: "contractId", UsageSync: "usageSyncEnabled", PSAProductID: "psaProductId",
		Identifier: "identifier", Description: "description", CustomerDescription: "customerDescription",
		ProductClass: "productClass", Category: "category", Subcategory: "subcategory", Type: "type", UnitOfMeasure: "unitOfMeasure",
		ManufacturerPartNumber: "manufacturerPartNumber", VendorSKU: "vendorSku", IntegrationXRef: "integrationXRef",
		Price: "price", Cost: "cost",
		False:     "false",
		SetName:   func(field, name string) string { return fmt.Sprintf(`"%s": {"name": %q}`, field, name) },
		Companies: func(psa string) string { return "GET /partner/v1/psa/" + psa + "/companies" },
		Contracts: func(psa string, companyID int64) string {
			return fmt.Sprintf("GET /partner/v1/psa/%s/contracts?companyId=%d", psa, companyID)
		},
		Products: func(psa string) string { return "GET /partner/v1/psa/" + psa + "/products" },
	}
}

// IsUUID reports whether s is a UUID in its canonical 36-character text form.
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}
