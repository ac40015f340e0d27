package connectwise

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Condition is a ConnectWise `conditions` expression, built so that values are always
// quoted and escaped as ConnectWise reads them: strings in double quotes (a quote or
// backslash inside escaped with a backslash), numbers bare, booleans True/False, datetimes
// in square brackets, references with "/" (company/id). The zero Condition is "no
// condition". Build one with Field and combine them with And and Or.
type Condition struct {
	expr string
	// group is true for an and/or of several conditions, parenthesized when nested.
	group bool
}

// String is the expression as sent in the conditions query parameter (the client
// URL-encodes it).
func (c Condition) String() string { return c.expr }

// IsZero reports whether c is "no condition".
func (c Condition) IsZero() bool { return c.expr == "" }

// Value is a literal of a condition.
type Value struct{ lit string }

// Text is a string literal, e.g. "Sophos \"XDR\"".
func Text(s string) Value {
	return Value{`"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`}
}

// Int is an integer literal.
func Int(i int64) Value { return Value{strconv.FormatInt(i, 10)} }

// Float is a number literal.
func Float(f float64) Value { return Value{strconv.FormatFloat(f, 'f', -1, 64)} }

// Bool is True or False.
func Bool(b bool) Value {
	if b {
		return Value{"True"}
	}
	return Value{"False"}
}

// DateTime is a datetime literal in UTC: [2016-08-20T18:04:26Z].
func DateTime(t time.Time) Value { return Value{"[" + t.UTC().Format(time.RFC3339) + "]"} }

// FieldRef names a field or a reference's field ("company/id") in a condition.
type FieldRef struct{ path string }

var fieldPath = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*$`)

// Field names a field; path is a field name, or names joined with "/" through references.
// An invalid path is a programming error and panics: paths are the code's, never input.
func Field(path string) FieldRef {
	if !fieldPath.MatchString(path) {
		panic(fmt.Sprintf("connectwise.Field(%q): not a field path such as identifier or company/id", path))
	}
	return FieldRef{path}
}

func (f FieldRef) op(op string, v Value) Condition { return Condition{expr: f.path + op + v.lit} }

// Eq is field = v.
func (f FieldRef) Eq(v Value) Condition { return f.op("=", v) }

// Ne is field != v.
func (f FieldRef) Ne(v Value) Condition { return f.op("!=", v) }

// Lt is field < v.
func (f FieldRef) Lt(v Value) Condition { return f.op("<", v) }

// Le is field <= v.
func (f FieldRef) Le(v Value) Condition { return f.op("<=", v) }

// Gt is field > v.
func (f FieldRef) Gt(v Value) Condition { return f.op(">", v) }

// Ge is field >= v.
func (f FieldRef) Ge(v Value) Condition { return f.op(">=", v) }

// Like is field like "pattern"; * in pattern matches any run of characters.
func (f FieldRef) Like(pattern string) Condition { return f.op(" like ", Text(pattern)) }

// NotLike is field not like "pattern".
func (f FieldRef) NotLike(pattern string) Condition { return f.op(" not like ", Text(pattern)) }

// Contains is field contains "s".
func (f FieldRef) Contains(s string) Condition { return f.op(" contains ", Text(s)) }

// NotContains is field not contains "s".
func (f FieldRef) NotContains(s string) Condition { return f.op(" not contains ", Text(s)) }

// In is field in (v1, v2, ...); with no values it matches nothing.
func (f FieldRef) In(vs ...Value) Condition { return f.list(" in ", vs) }

// NotIn is field not in (v1, v2, ...); with no values it matches everything.
func (f FieldRef) NotIn(vs ...Value) Condition { return f.list(" not in ", vs) }

func (f FieldRef) list(op string, vs []Value) Condition {
	lits := make([]string, len(vs))
	for i, v := range vs {
		lits[i] = v.lit
	}
	if len(vs) == 0 {
		// "in ()" is not valid; id is never negative, so these say "nothing" and "everything".
		if op == " in " {
			return Condition{expr: "id<0"}
		}
		return Condition{expr: "id>=0"}
	}
	return Condition{expr: f.path + op + "(" + strings.Join(lits, ", ") + ")"}
}

// And is all of cs (zero conditions are left out).
func And(cs ...Condition) Condition { return join("and", cs) }

// Or is any of cs (zero conditions are left out).
func Or(cs ...Condition) Condition { return join("or", cs) }

func join(op string, cs []Condition) Condition {
	var kept []Condition
	for _, c := range cs {
		if !c.IsZero() {
			kept = append(kept, c)
		}
	}
	switch len(kept) {
	case 0:
		return Condition{}
	case 1:
		return kept[0]
	}
	parts := make([]string, len(kept))
	for i, c := range kept {
		parts[i] = c.expr
		if c.group {
			parts[i] = "(" + c.expr + ")"
		}
	}
	return Condition{expr: strings.Join(parts, " "+op+" "), group: true}
}
