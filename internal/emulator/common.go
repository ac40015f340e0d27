package emulator

import (
	"database/sql"
	"strings"
	"time"
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

func ptr[T any](v T) *T { return &v }

// boolValue is *b, false when b is nil.
func boolValue(b *bool) bool { return b != nil && *b }

// floatValue is *f, 0 when f is nil.
func floatValue(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}

// stringValue is *s, "" when s is nil.
func stringValue(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

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
