package connectwise

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"
)

// The evaluation of a parsed conditions expression (conditions.go reads it).

type node interface {
	eval(Fields) (bool, error)
	paths(*[]string)
}

// logic is an and/or of its parts.
type logic struct {
	and   bool
	parts []node
}

func (l *logic) eval(rec Fields) (bool, error) {
	for _, p := range l.parts {
		ok, err := p.eval(rec)
		if err != nil {
			return false, err
		}
		if ok != l.and {
			return ok, nil
		}
	}
	return l.and, nil
}

func (l *logic) paths(out *[]string) {
	for _, p := range l.parts {
		p.paths(out)
	}
}

// compare is `path op value` (values: one, or the list of in).
type compare struct {
	path   string
	pos    int
	op     string
	not    bool
	values []any
	// like is the compiled pattern of a like.
	like *regexp.Regexp
}

func (c *compare) paths(out *[]string) { *out = append(*out, c.path) }

func (c *compare) eval(rec Fields) (bool, error) {
	raw, ok := rec.Field(c.path)
	if !ok {
		return false, &Error{Pos: c.pos, Msg: fmt.Sprintf("%s is not a field of this record", c.path)}
	}
	field := normalize(raw)
	if field == nil {
		return false, nil // null matches no comparison, as in SQL
	}
	var match bool
	switch c.op {
	case "like", "contains":
		s, isString := field.(string)
		if !isString {
			return false, c.kindError(field, "a string field")
		}
		pat, _ := c.values[0].(string)
		if c.op == "like" {
			match = c.like.MatchString(s)
		} else {
			match = strings.Contains(strings.ToLower(s), strings.ToLower(pat))
		}
	case "in":
		for _, v := range c.values {
			n, err := c.order(field, v)
			if err != nil {
				return false, err
			}
			// Every value is checked, so a list of mixed kinds is refused whatever matches.
			match = match || n == 0
		}
	default:
		n, err := c.order(field, c.values[0])
		if err != nil {
			return false, err
		}
		if _, isBool := field.(bool); isBool && c.op != "=" && c.op != "!=" {
			return false, &Error{Pos: c.pos, Msg: fmt.Sprintf("%s is a boolean; compare it with = or !=", c.path)}
		}
		match = map[string]bool{"=": n == 0, "!=": n != 0, "<": n < 0, "<=": n <= 0, ">": n > 0, ">=": n >= 0}[c.op]
	}
	return match != c.not, nil
}

// order compares a field's value with a literal: -1, 0 or 1, or an *Error when they are of
// different kinds.
func (c *compare) order(field, lit any) (int, error) {
	switch l := lit.(type) {
	case string:
		if f, ok := field.(string); ok {
			return strings.Compare(strings.ToLower(f), strings.ToLower(l)), nil
		}
	case float64:
		if f, ok := field.(float64); ok {
			return cmpFloat(f, l), nil
		}
	case bool:
		if f, ok := field.(bool); ok {
			if f == l {
				return 0, nil
			}
			return 1, nil
		}
	case time.Time:
		switch f := field.(type) {
		case time.Time:
			return f.Compare(l), nil
		case string:
			if t, err := time.Parse(time.RFC3339, f); err == nil {
				return t.Compare(l), nil
			}
		}
	}
	return 0, c.kindError(field, kindOf(lit))
}

func (c *compare) kindError(field any, want string) error {
	return &Error{Pos: c.pos, Msg: fmt.Sprintf("%s is %s; it cannot be compared with %s", c.path, kindOf(field), want)}
}

func kindOf(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case time.Time:
		return "a [datetime]"
	}
	return fmt.Sprintf("a %T", v)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// normalize turns every number kind into float64, and a pointer into what it points at.
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
		return rv.Float()
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return rv.Bool()
	}
	return rv.Interface()
}

// likePattern is the matcher of a like pattern: case-insensitive; * and % match any run
// of characters.
func likePattern(pattern string) *regexp.Regexp {
	var re strings.Builder
	re.WriteString("(?is)^")
	start := 0
	for i, r := range pattern {
		if r == '*' || r == '%' {
			re.WriteString(regexp.QuoteMeta(pattern[start:i]) + ".*")
			start = i + 1
		}
	}
	re.WriteString(regexp.QuoteMeta(pattern[start:]) + "$")
	return regexp.MustCompile(re.String())
}
