package emulator

import (
	"database/sql"
	"strings"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Field limits of a ConnectWise catalog item.
const (
	maxIdentifierLen          = 75
	maxDescriptionLen         = 60
	maxCustomerDescriptionLen = 6000
	maxShortFieldLen          = 50
	defaultUnitOfMeasure      = "Each"
)

// Contract statuses as stored. The API never returns cancelled contracts.
const (
	contractActive    = "active"
	contractExpired   = "expired"
	contractInactive  = "inactive"
	contractCancelled = "cancelled"
)

// contractStatusNames lists the stored contract statuses.
func contractStatusNames() []string {
	return []string{contractActive, contractExpired, contractInactive, contractCancelled}
}

// Billing types of a tenant.
const (
	billingUsage = string(api.BillingTypeUsage)
)

// allPSAs lists the supported PSAs in display order.
func allPSAs() []api.Psa { return []api.Psa{api.PsaConnectwise, api.PsaAutotask} }

func productClassNames() []string {
	return []string{string(api.ProductClassAgreement), string(api.ProductClassBundle), string(api.ProductClassInventory), string(api.ProductClassNonInventory), string(api.ProductClassService)}
}

// psaProductName is the display name of a PSA.
func psaProductName(p api.Psa) string {
	switch p {
	case api.PsaConnectwise:
		return "ConnectWise PSA"
	case api.PsaAutotask:
		return "Autotask PSA"
	default:
		return string(p)
	}
}

// psaShortName is the PSA's name as used in messages ("ConnectWise", "Autotask").
func psaShortName(p api.Psa) string {
	switch p {
	case api.PsaConnectwise:
		return "ConnectWise"
	case api.PsaAutotask:
		return "Autotask"
	default:
		return string(p)
	}
}

// contractNoun is what the PSA calls a contract.
func contractNoun(p api.Psa) string {
	if p == api.PsaConnectwise {
		return "agreement"
	}
	return "contract"
}

// withArticle puts the indefinite article before a word: "a contract", "an agreement",
// "an Autotask".
func withArticle(word string) string {
	if word != "" && strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}

func ptr[T any](v T) *T { return &v }

// fold is the case-insensitive comparison key of a name.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// toNanos stores a time as Unix nanoseconds.
func toNanos(t time.Time) int64 { return t.UnixNano() }

// fromNanos reads a stored time as UTC.
func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }

func nullTime(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := fromNanos(n.Int64)
	return &t
}

func nullString(s sql.NullString) *string {
	if !s.Valid {
		return nil
	}
	return &s.String
}

func nullInt(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
