// The room's evaluator of Autotask query filters, independent of any store: Compile checks
// a query's filter items (at.Filter, the one declaration the client sends), Filter.Match
// evaluates them over a record through a field accessor.
//
// What is read, as Autotask documents it: conditions {op, field, value} with op eq noteq
// gt gte lt lte beginsWith endsWith contains exist notExist in notIn, udf:true for a
// user-defined field (one per query), groups {op: and|or, items} nested to any depth, the
// top-level items joined with and, at most 500 'OR' conditions. Field names and operators
// are case-insensitive. Anything else is refused with an *Error, which the room answers as
// Autotask does (HTTP 500 {"errors": [...]}).
//
// Matching follows the SQL behind Autotask: strings compare case-insensitively, a null
// field meets only notExist, numbers may be sent as numeric strings, booleans must be
// true or false.

package autotask

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
)

// maxDepth bounds the nesting of groups.
const maxDepth = 32

// Error is a filter refused: not in the query language, naming an unknown field, or
// comparing a field with a value of another kind.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func errorf(format string, args ...any) error { return &Error{Msg: fmt.Sprintf(format, args...)} }

// Record gives a record's fields to Match by name, case-insensitively: the value (nil for
// null, a bool, any Go number, a string or a time.Time) and whether the entity has such a
// field. UDF gives a user-defined field the same way.
type Record interface {
	Field(name string) (any, bool)
	UDF(name string) (any, bool)
}

// MapRecord is Record over a decoded JSON entity (map[string]any); its user-defined fields
// are the userDefinedFields array of {name, value}.
type MapRecord map[string]any

// Field finds name in r, case-insensitively.
func (r MapRecord) Field(name string) (any, bool) {
	if v, ok := r[name]; ok {
		return v, true
	}
	for k, v := range r {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

// UDF finds the user-defined field name, case-insensitively.
func (r MapRecord) UDF(name string) (any, bool) {
	list, _ := r.Field(at.FieldUserDefinedFields)
	items, _ := list.([]any)
	for _, it := range items {
		m, _ := it.(map[string]any)
		if n, _ := m[at.FieldName].(string); strings.EqualFold(n, name) {
			return m[at.FieldValue], true
		}
	}
	return nil, false
}

// Filter is a compiled query filter.
type Filter struct{ items []cond }

// cond is one checked filter item: a group (items) or a condition.
type cond struct {
	op    at.Operator
	field string
	udf   bool
	value any
	items []cond
}

// Compile checks a query's filter. An empty filter is refused: Autotask queries need one
// (clients read everything with id gte 0).
func Compile(items []at.Filter) (*Filter, error) {
	if len(items) == 0 {
		return nil, errorf("a query needs a filter, e.g. [{\"op\":\"gte\",\"field\":\"id\",\"value\":0}]")
	}
	var st stats
	out, err := compileAll(items, 0, &st)
	if err != nil {
		return nil, err
	}
	if st.udfs > at.MaxUDFsPerQuery {
		return nil, errorf("a query may filter on at most %d user-defined field; this one names %d", at.MaxUDFsPerQuery, st.udfs)
	}
	if st.ors > at.MaxOrConditions {
		return nil, errorf("Invalid query syntax. Queries are limited to %d or fewer 'OR' conditions.", at.MaxOrConditions)
	}
	return &Filter{items: out}, nil
}

type stats struct{ udfs, ors int }

func compileAll(items []at.Filter, depth int, st *stats) ([]cond, error) {
	out := make([]cond, 0, len(items))
	for _, it := range items {
		c, err := compile(it, depth, st)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func compile(f at.Filter, depth int, st *stats) (cond, error) {
	op, ok := canonical(f.Op)
	if !ok {
		return cond{}, errorf("%q is not a filter operator; use one of eq noteq gt gte lt lte beginsWith endsWith contains exist notExist in notIn, or and/or with items", f.Op)
	}
	if op == at.OpAnd || op == at.OpOr {
		if depth >= maxDepth {
			return cond{}, errorf("filter groups nest deeper than %d", maxDepth)
		}
		if len(f.Items) == 0 || f.Field != "" || f.Value != nil {
			return cond{}, errorf("an %s group takes items and no field or value", op)
		}
		if op == at.OpOr {
			st.ors += len(f.Items)
		}
		items, err := compileAll(f.Items, depth+1, st)
		return cond{op: op, items: items}, err
	}
	if strings.TrimSpace(f.Field) == "" || len(f.Items) > 0 {
		return cond{}, errorf("a %s condition takes a field and no items", op)
	}
	if f.UDF {
		st.udfs++
	}
	c := cond{op: op, field: f.Field, udf: f.UDF, value: f.Value}
	switch op {
	case at.OpExist, at.OpNotExist:
		if f.Value != nil {
			return cond{}, errorf("%s on %s takes no value", op, f.Field)
		}
	case at.OpIn, at.OpNotIn:
		list, isList := f.Value.([]any)
		if !isList {
			if rv := reflect.ValueOf(f.Value); f.Value != nil && rv.Kind() == reflect.Slice {
				for i := range rv.Len() {
					list = append(list, rv.Index(i).Interface())
				}
				isList = true
			}
		}
		if !isList {
			return cond{}, errorf("%s on %s takes an array of values", op, f.Field)
		}
		for _, v := range list {
			if !scalar(v) {
				return cond{}, errorf("%s on %s: %v is not a number, string or boolean", op, f.Field, v)
			}
		}
		c.value = list
	default:
		if !scalar(f.Value) {
			return cond{}, errorf("%s on %s takes one number, string or boolean value, not %v", op, f.Field, f.Value)
		}
	}
	return c, nil
}

// canonical is the operator as Autotask spells it, whatever its case.
func canonical(op at.Operator) (at.Operator, bool) {
	for _, o := range append(at.ConditionOperators(), at.GroupOperators()...) {
		if strings.EqualFold(string(op), string(o)) {
			return o, true
		}
	}
	return "", false
}

func scalar(v any) bool {
	switch normalize(v).(type) {
	case string, float64, bool:
		return true
	}
	return false
}

// Fields lists the field names the filter names (user-defined ones prefixed "udf:").
func (f *Filter) Fields() []string {
	var out []string
	var walk func([]cond)
	walk = func(cs []cond) {
		for _, c := range cs {
			switch {
			case c.items != nil:
				walk(c.items)
			case c.udf:
				out = append(out, "udf:"+c.field)
			default:
				out = append(out, c.field)
			}
		}
	}
	walk(f.items)
	return out
}

// Match evaluates the filter (its top-level items joined with and) over rec.
func (f *Filter) Match(rec Record) (bool, error) { return group(f.items, true, rec) }

func group(items []cond, and bool, rec Record) (bool, error) {
	for _, c := range items {
		ok, err := c.eval(rec)
		if err != nil {
			return false, err
		}
		if ok != and {
			return ok, nil
		}
	}
	return and, nil
}

func (c cond) eval(rec Record) (bool, error) {
	switch c.op {
	case at.OpAnd, at.OpOr:
		return group(c.items, c.op == at.OpAnd, rec)
	}
	raw, ok := rec.Field(c.field)
	if c.udf {
		raw, ok = rec.UDF(c.field)
	}
	if !ok {
		return false, errorf("Unable to find %s in the entity: it is not a field%s", c.field, map[bool]string{true: " (user-defined)", false: ""}[c.udf])
	}
	field := normalize(raw)
	switch c.op {
	case at.OpExist:
		return field != nil, nil
	case at.OpNotExist:
		return field == nil, nil
	}
	if field == nil {
		return false, nil // null meets no comparison, as in SQL
	}
	switch c.op {
	case at.OpIn, at.OpNotIn:
		list, _ := c.value.([]any)
		found := false
		for _, v := range list {
			n, err := c.order(field, v)
			if err != nil {
				return false, err
			}
			found = found || n == 0
		}
		return found == (c.op == at.OpIn), nil
	case at.OpBeginsWith, at.OpEndsWith, at.OpContains:
		s, isString := field.(string)
		v, vString := normalize(c.value).(string)
		if !isString || !vString {
			return false, errorf("%s on %s needs a text field and a text value", c.op, c.field)
		}
		s, v = strings.ToLower(s), strings.ToLower(v)
		return map[at.Operator]func(string, string) bool{at.OpBeginsWith: strings.HasPrefix, at.OpEndsWith: strings.HasSuffix, at.OpContains: strings.Contains}[c.op](s, v), nil
	}
	n, err := c.order(field, c.value)
	if err != nil {
		return false, err
	}
	if _, isBool := field.(bool); isBool && c.op != at.OpEq && c.op != at.OpNotEq {
		return false, errorf("%s is a boolean; compare it with eq or noteq", c.field)
	}
	return map[at.Operator]bool{at.OpEq: n == 0, at.OpNotEq: n != 0, at.OpGt: n > 0, at.OpGte: n >= 0, at.OpLt: n < 0, at.OpLte: n <= 0}[c.op], nil
}

// order compares a field's value with a filter value: -1, 0 or 1, or an *Error when they
// cannot be compared.
func (c cond) order(field, value any) (int, error) {
	v := normalize(value)
	switch f := field.(type) {
	case float64:
		switch x := v.(type) {
		case float64:
			return cmp3(f, x), nil
		case string:
			if p, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
				return cmp3(f, p), nil
			}
		}
	case bool:
		if x, ok := v.(bool); ok {
			if f == x {
				return 0, nil
			}
			return 1, nil
		}
		return 0, errorf("%s is a boolean; its value must be true or false, not %v", c.field, value)
	case time.Time:
		if x, ok := v.(string); ok {
			if t, ok := parseTime(x); ok {
				return f.Compare(t), nil
			}
		}
	case string:
		switch x := v.(type) {
		case string:
			if ft, ok := parseTime(f); ok {
				if xt, ok := parseTime(x); ok {
					return ft.Compare(xt), nil
				}
			}
			return strings.Compare(strings.ToLower(f), strings.ToLower(x)), nil
		case float64:
			return strings.Compare(f, strconv.FormatFloat(x, 'f', -1, 64)), nil
		}
	}
	return 0, errorf("%s (%v) cannot be compared with %v", c.field, field, value)
}

func cmp3(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// parseTime reads Autotask's datetimes and dates.
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// normalize turns every number kind into float64 (NaN into null), and a pointer into what
// it points at.
func normalize(v any) any {
	rv := reflect.ValueOf(v)
	for rv.IsValid() && rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return nil
	}
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint())
	case reflect.Float32, reflect.Float64:
		if f := rv.Float(); !math.IsNaN(f) {
			return f
		}
		return nil
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return rv.Bool()
	}
	return rv.Interface()
}
