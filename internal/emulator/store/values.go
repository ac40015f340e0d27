package store

import (
	"database/sql"
	"strings"
	"time"
)

// How values are stored: times as Unix nanoseconds, names with a case-folded twin for
// lookups and ordering.

// Fold is the case-insensitive comparison key of a name, as the *_fold columns hold it.
func Fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

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

// nullIfEmpty stores "" as NULL.
func nullIfEmpty(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func ptr[T any](v T) *T { return &v }

// MonthLayout is how a month is stored and named: YYYY-MM.
const MonthLayout = "2006-01"

func nullFloat(f sql.NullFloat64) *float64 {
	if !f.Valid {
		return nil
	}
	return &f.Float64
}
