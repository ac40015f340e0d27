// Package connectwise is the emulator's ConnectWise PSA room. conditions.go is its reader of
// ConnectWise's `conditions` query language, independent of any store: Parse reads an
// expression, Condition.Match evaluates it over a record through a field accessor.
//
// The grammar read, as ConnectWise documents it: comparisons `field op value` where field
// is a name or a reference path (company/id), op is = != < <= > >= like contains in, and
// not like / not contains / not in; values are strings in double quotes (\" and \\
// escaped), numbers, booleans True/False, datetimes in square brackets
// ([2016-08-20T18:04:26Z]) and, after in, a parenthesized list; comparisons combine with
// and/or (and binds tighter) and parentheses. Keywords are case-insensitive. Anything else
// is refused with an *Error, which the room answers as ConnectWise does: 400 InvalidObject.
//
// Matching follows the SQL ConnectWise runs: strings compare case-insensitively, like
// takes * (and %) as wildcards, and a null field matches no comparison.
package connectwise

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// maxDepth bounds the nesting of parentheses.
const maxDepth = 32

// Error is a conditions expression refused: not in the grammar, naming an unknown field, or
// comparing a field with a value of another kind.
type Error struct {
	// Pos is the byte offset in the expression where the problem is (-1 when it is about a
	// field's value at evaluation).
	Pos int
	Msg string
}

func (e *Error) Error() string {
	if e.Pos < 0 {
		return "conditions: " + e.Msg
	}
	return fmt.Sprintf("conditions: %s at position %d", e.Msg, e.Pos+1)
}

// Fields gives a record's fields to Match: the value of a field path ("identifier",
// "company/id") and whether the record has such a field. A value is nil (null), a bool, a
// number (any Go integer or float kind), a string or a time.Time.
type Fields interface {
	Field(path string) (any, bool)
}

// Record is Fields over a decoded JSON object (map[string]any, as encoding/json gives it):
// a path walks nested objects; names match case-insensitively.
type Record map[string]any

// Field resolves path in r.
func (r Record) Field(path string) (any, bool) {
	var cur any = map[string]any(r)
	for _, name := range strings.Split(path, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		v, found := m[name]
		if !found {
			for k, kv := range m {
				if strings.EqualFold(k, name) {
					v, found = kv, true
					break
				}
			}
		}
		if !found {
			return nil, false
		}
		cur = v
	}
	return cur, true
}

// Condition is a parsed expression.
type Condition struct{ root node }

// Parse reads a conditions expression.
func Parse(s string) (*Condition, error) {
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	n, err := p.or(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, &Error{Pos: t.pos, Msg: fmt.Sprintf("unexpected %q; join conditions with and/or", t.text)}
	}
	return &Condition{root: n}, nil
}

// Match evaluates c over rec. An unknown field or a value of the wrong kind is an *Error.
func (c *Condition) Match(rec Fields) (bool, error) { return c.root.eval(rec) }

// Paths lists the field paths c names, in order, so a room can check them before reading.
func (c *Condition) Paths() []string {
	var out []string
	c.root.paths(&out)
	return out
}

// ---- lexer

type tkind int

const (
	tEOF tkind = iota
	tPath
	tString
	tNumber
	tBool
	tTime
	tOp
	tWord // and, or, not, like, contains, in
	tLParen
	tRParen
	tComma
)

type token struct {
	kind tkind
	text string
	pos  int
	val  any
}

func lex(s string) ([]token, error) {
	var out []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')' || c == ',':
			out = append(out, token{kind: map[byte]tkind{'(': tLParen, ')': tRParen, ',': tComma}[c], text: string(c), pos: i})
			i++
		case c == '"':
			var b strings.Builder
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, &Error{Pos: i, Msg: "a string is not closed with a double quote"}
			}
			out = append(out, token{kind: tString, text: s[i : j+1], pos: i, val: b.String()})
			i = j + 1
		case c == '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return nil, &Error{Pos: i, Msg: "a datetime is not closed with ]"}
			}
			t, err := time.Parse(time.RFC3339, strings.TrimSpace(s[i+1:i+j]))
			if err != nil {
				return nil, &Error{Pos: i, Msg: fmt.Sprintf("%s is not a datetime such as [2016-08-20T18:04:26Z]", s[i:i+j+1])}
			}
			out = append(out, token{kind: tTime, text: s[i : i+j+1], pos: i, val: t})
			i += j + 1
		case strings.ContainsRune("=!<>", rune(c)):
			op := string(c)
			if c != '=' && i+1 < len(s) && s[i+1] == '=' {
				op += "="
			}
			if op == "!" {
				return nil, &Error{Pos: i, Msg: `"!" must be followed by "=" (use not like, not contains or not in)`}
			}
			out = append(out, token{kind: tOp, text: op, pos: i})
			i += len(op)
		case c == '-' || c == '.' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
				j++
			}
			f, err := strconv.ParseFloat(s[i:j], 64)
			if err != nil {
				return nil, &Error{Pos: i, Msg: fmt.Sprintf("%q is not a number", s[i:j])}
			}
			out = append(out, token{kind: tNumber, text: s[i:j], pos: i, val: f})
			i = j
		case c == '_' || c < 128 && unicode.IsLetter(rune(c)):
			j := i
			for j < len(s) && (s[j] == '_' || s[j] == '/' || s[j] < 128 && (unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j])))) {
				j++
			}
			word := s[i:j]
			switch strings.ToLower(word) {
			case "and", "or", "not", "like", "contains", "in":
				out = append(out, token{kind: tWord, text: strings.ToLower(word), pos: i})
			case "true", "false":
				out = append(out, token{kind: tBool, text: word, pos: i, val: strings.EqualFold(word, "true")})
			default:
				if strings.HasSuffix(word, "/") || strings.Contains(word, "//") {
					return nil, &Error{Pos: i, Msg: fmt.Sprintf("%q is not a field path such as company/id", word)}
				}
				out = append(out, token{kind: tPath, text: word, pos: i})
			}
			i = j
		default:
			return nil, &Error{Pos: i, Msg: fmt.Sprintf("unexpected character %q", c)}
		}
	}
	return append(out, token{kind: tEOF, text: "end of conditions", pos: len(s)}), nil
}

// ---- parser

type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *parser) isWord(w string) bool { t := p.peek(); return t.kind == tWord && t.text == w }

func (p *parser) or(depth int) (node, error) {
	return p.chain(depth, "or", p.and)
}

func (p *parser) and(depth int) (node, error) {
	return p.chain(depth, "and", p.unary)
}

func (p *parser) chain(depth int, word string, sub func(int) (node, error)) (node, error) {
	first, err := sub(depth)
	if err != nil {
		return nil, err
	}
	parts := []node{first}
	for p.isWord(word) {
		p.next()
		n, err := sub(depth)
		if err != nil {
			return nil, err
		}
		parts = append(parts, n)
	}
	if len(parts) == 1 {
		return first, nil
	}
	return &logic{and: word == "and", parts: parts}, nil
}

func (p *parser) unary(depth int) (node, error) {
	t := p.peek()
	switch t.kind {
	case tLParen:
		if depth >= maxDepth {
			return nil, &Error{Pos: t.pos, Msg: fmt.Sprintf("parentheses nest deeper than %d", maxDepth)}
		}
		p.next()
		n, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tRParen {
			return nil, &Error{Pos: c.pos, Msg: fmt.Sprintf("expected ) but found %q", c.text)}
		}
		return n, nil
	case tPath:
		return p.comparison()
	}
	return nil, &Error{Pos: t.pos, Msg: fmt.Sprintf("expected a field name or ( but found %q", t.text)}
}

func (p *parser) comparison() (node, error) {
	field := p.next()
	cmp := &compare{path: field.text, pos: field.pos}
	t := p.next()
	switch {
	case t.kind == tOp:
		cmp.op = t.text
	case t.kind == tWord && t.text == "not":
		cmp.not = true
		t = p.next()
		if t.kind != tWord || (t.text != "like" && t.text != "contains" && t.text != "in") {
			return nil, &Error{Pos: t.pos, Msg: fmt.Sprintf("not must be followed by like, contains or in, not %q", t.text)}
		}
		cmp.op = t.text
	case t.kind == tWord && (t.text == "like" || t.text == "contains" || t.text == "in"):
		cmp.op = t.text
	default:
		return nil, &Error{Pos: t.pos, Msg: fmt.Sprintf("expected an operator (= != < <= > >= like contains in not) after %s but found %q", field.text, t.text)}
	}
	if cmp.op == "in" {
		return cmp, p.list(cmp)
	}
	v := p.next()
	switch v.kind {
	case tString, tNumber, tBool, tTime:
		cmp.values = []any{v.val}
	default:
		return nil, &Error{Pos: v.pos, Msg: fmt.Sprintf("expected a value (a \"string\", a number, True/False or a [datetime]) after %s %s but found %q", field.text, cmp.op, v.text)}
	}
	if (cmp.op == "like" || cmp.op == "contains") && v.kind != tString {
		return nil, &Error{Pos: v.pos, Msg: cmp.op + " takes a \"string\""}
	}
	if cmp.op == "like" {
		pat, _ := v.val.(string)
		cmp.like = likePattern(pat)
	}
	return cmp, nil
}

func (p *parser) list(cmp *compare) error {
	if t := p.next(); t.kind != tLParen {
		return &Error{Pos: t.pos, Msg: "in takes a list in parentheses, such as in (3, 2, 4)"}
	}
	for {
		v := p.next()
		if v.kind != tString && v.kind != tNumber && v.kind != tBool && v.kind != tTime {
			return &Error{Pos: v.pos, Msg: fmt.Sprintf("expected a value in the list but found %q", v.text)}
		}
		cmp.values = append(cmp.values, v.val)
		switch sep := p.next(); sep.kind {
		case tComma:
		case tRParen:
			return nil
		default:
			return &Error{Pos: sep.pos, Msg: fmt.Sprintf("expected , or ) in the list but found %q", sep.text)}
		}
	}
}
