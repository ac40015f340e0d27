package api

import (
	"fmt"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
)

// The vocabulary of the contract, declared once: the lists behind the enums, the names a
// person reads, and the field limits. The provider's validators and descriptions and the
// emulator's checks all read them from here; vocabulary_test.go holds them against
// openapi.yaml.

// Field limits of a ConnectWise catalog item, counted in characters (runes), not bytes:
// ConnectWise's own, declared in internal/api/connectwise.
const (
	MaxIdentifierLength          = connectwise.MaxIdentifierLength
	MaxDescriptionLength         = connectwise.MaxDescriptionLength
	MaxCustomerDescriptionLength = connectwise.MaxCustomerDescriptionLength
	// MaxReferenceFieldLength bounds manufacturerPartNumber, vendorSku and integrationXRef.
	MaxReferenceFieldLength = connectwise.MaxReferenceFieldLength
	// MinProductSearchLength is the shortest product search the API (and the console's
	// type-ahead) accepts.
	MinProductSearchLength = 2
	// MaxIdempotencyKeyLength bounds the Idempotency-Key header.
	MaxIdempotencyKeyLength = 200
)

// Defaults the API applies to a ConnectWise product written without them.
const (
	DefaultProductClass  = ProductClassNonInventory
	DefaultUnitOfMeasure = "Each"
)

// Error codes of a 409 about the PSA integration rather than the object written.
const (
	ErrorCodeIntegrationError        = "IntegrationError"
	ErrorCodeIntegrationNotConnected = "IntegrationNotConnected"
)

// ErrorCodeProductInUse is the code of a 409 refusing to delete a PSA product the PSA keeps
// because agreement additions or invoices use it (it can be made inactive instead).
const ErrorCodeProductInUse = "ProductInUse"

// PSAs lists the supported PSAs in the order the docs and messages list them.
func PSAs() []Psa { return []Psa{PsaConnectwise, PsaAutotask} }

// ProductClasses lists the ConnectWise product classes.
func ProductClasses() []ProductClass {
	return []ProductClass{ProductClassAgreement, ProductClassBundle, ProductClassInventory, ProductClassNonInventory, ProductClassService}
}

// BillingTypes lists how a Sophos customer can be billed.
func BillingTypes() []BillingType {
	return []BillingType{BillingTypeUsage, BillingTypeTerm, BillingTypeTrial}
}

// SyncStatuses lists the results of a usage-sync pass.
func SyncStatuses() []SyncStatus { return []SyncStatus{SyncStatusSuccessful, SyncStatusFailed} }

// ContractStatuses lists the statuses of a contract the API offers (it never offers
// cancelled ones).
func ContractStatuses() []ContractStatus {
	return []ContractStatus{ContractStatusActive, ContractStatusExpired, ContractStatusInactive}
}

// CustomerMappingContractStatuses lists the live statuses of a mapped contract: the offered
// ones, and the two that stop its usage sync (cancelled, missing).
func CustomerMappingContractStatuses() []CustomerMappingContractStatus {
	return []CustomerMappingContractStatus{
		CustomerMappingContractStatusActive, CustomerMappingContractStatusExpired, CustomerMappingContractStatusInactive,
		CustomerMappingContractStatusCancelled, CustomerMappingContractStatusMissing,
	}
}

// DisplayName is the PSA's product name: "ConnectWise PSA", "Autotask PSA".
func (e Psa) DisplayName() string {
	switch e {
	case PsaConnectwise:
		return "ConnectWise PSA"
	case PsaAutotask:
		return "Autotask PSA"
	}
	return string(e)
}

// ShortName is the PSA's name inside a sentence: "ConnectWise", "Autotask".
func (e Psa) ShortName() string {
	switch e {
	case PsaConnectwise:
		return "ConnectWise"
	case PsaAutotask:
		return "Autotask"
	}
	return string(e)
}

// ContractNoun is what the PSA calls a contract: a ConnectWise "agreement", an Autotask
// "contract".
func (e Psa) ContractNoun() string {
	if e == PsaConnectwise {
		return "agreement"
	}
	return "contract"
}

// Other is the other supported PSA.
func (e Psa) Other() Psa {
	if e == PsaConnectwise {
		return PsaAutotask
	}
	return PsaConnectwise
}

// Strings turns a list of enum values into their strings.
func Strings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// QuotedList renders names as `"a", "b", "c"` for messages.
func QuotedList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// WithArticle puts the indefinite article before a word: "a contract", "an agreement".
func WithArticle(word string) string {
	if word != "" && strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}
