package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxBodyBytes is the largest request body the emulator reads (1 MiB); a larger one is 413.
const MaxBodyBytes = 1 << 20

// BufferBody reads the whole request body into memory before the rest of the route runs, so
// no transaction (and the database's only connection) ever waits for a slow client: the
// handlers and the idempotency layer read r.Body from memory. A body over MaxBodyBytes is
// 413; a body the client does not finish sending within the server's ReadTimeout is 408.
func (a *API) BufferBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		body, err := ReadBody(w, r)
		if err != nil {
			a.WriteError(w, r, err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// ReadBody reads the whole request body, at most MaxBodyBytes. Reading a body that
// BufferBody already read is reading memory. w may be nil; when it is not, a body over the
// limit makes net/http close the connection after the answer.
func ReadBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.ContentLength > MaxBodyBytes {
		// Not read at all; net/http closes the connection after the answer.
		return nil, BodyTooLarge()
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err == nil {
		return body, nil
	}
	var tooLarge *http.MaxBytesError
	var netErr net.Error
	switch {
	case errors.As(err, &tooLarge):
		return nil, BodyTooLarge()
	case errors.As(err, &netErr) && netErr.Timeout():
		return nil, RequestTimeout("the request body did not arrive in time (the emulator's ReadTimeout); send the whole body at once")
	default:
		return nil, BadRequest("reading the request body failed: %v", err)
	}
}

// BodyTooLarge is the 413 of a body over MaxBodyBytes.
func BodyTooLarge() *StatusError {
	return PayloadTooLarge("the request body is larger than the limit of %s (%d bytes); send a smaller body", ByteSize(MaxBodyBytes), MaxBodyBytes)
}

// ByteSize formats n bytes in binary units (1 MiB, 512 KiB).
func ByteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	default:
		return strconv.FormatInt(n, 10) + " bytes"
	}
}

// DecodeBody reads a JSON request body into v, rejecting bodies over the size limit, text
// that is not UTF-8, unknown fields and trailing data.
func DecodeBody(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(strings.ToLower(ct), "application/json") {
		return BadRequest("the request body must be JSON (Content-Type: application/json), got %q", ct)
	}
	body, err := ReadBody(nil, r)
	if err != nil {
		return err
	}
	if err := checkUTF8(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return BadRequest("the request body is empty; send a JSON object")
		}
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return FieldError(typeErr.Field, typeErr.Value, nil, "%s must be %s", typeErr.Field, jsonKind(typeErr.Type.Kind().String()))
		}
		if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			field = strings.Trim(field, `"`)
			return FieldError(field, "", nil, "unknown field %q", field)
		}
		return BadRequest("the request body is not valid JSON: %v", err)
	}
	if dec.More() {
		return BadRequest("the request body has data after the JSON object")
	}
	return nil
}

// jsonKind names a Go kind the way a JSON document calls it.
func jsonKind(goKind string) string {
	switch {
	case strings.HasPrefix(goKind, "int"), strings.HasPrefix(goKind, "uint"):
		return "an integer"
	case strings.HasPrefix(goKind, "float"):
		return "a number"
	case goKind == "bool":
		return "true or false"
	case goKind == "string":
		return "a string"
	case goKind == "struct", goKind == "map":
		return "an object"
	case goKind == "slice":
		return "an array"
	default:
		return "of another type"
	}
}

// checkUTF8 refuses JSON text whose strings are not valid UTF-8 (raw bytes, or escapes of
// lone UTF-16 surrogates), which encoding/json would silently turn into U+FFFD. The error
// names the field whose name or value it is, as a path like "subcategory.name" or
// "items[2]".
func checkUTF8(body []byte) error {
	if utf8.Valid(body) && !bytes.Contains(bytes.ToLower(body), []byte(`\ud`)) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var path jsonPath
	for {
		start := dec.InputOffset()
		tok, ok := nextToken(dec)
		if !ok {
			return nil
		}
		s, isString := tok.(string)
		isKey := isString && path.expectingKey()
		raw := body[start:dec.InputOffset()]
		if isString && !validJSONString(s, raw) {
			start += int64(max(0, bytes.IndexByte(raw, '"')))
			field := path.String()
			what := "the value of " + field
			if isKey {
				field = path.child(strings.ToValidUTF8(s, "\uFFFD"))
				what = "the field name " + strconv.Quote(field)
			}
			if field == "" {
				return BadRequest("the request body is not valid UTF-8 (the string at byte %d); send JSON text as UTF-8", start)
			}
			return FieldError(field, "", nil, "%s is not valid UTF-8 text (the string at byte %d of the body); send JSON text as UTF-8", what, start)
		}
		path.advance(tok, isKey)
	}
}

// nextToken is dec's next token; false at the end of the input, and at a syntax error
// (which decoding the body reports).
func nextToken(dec *json.Decoder) (json.Token, bool) {
	tok, err := dec.Token()
	return tok, err == nil
}

// validJSONString reports whether the JSON string token raw (with its quotes and any
// leading separators), decoded as s, is valid Unicode: raw is UTF-8, and every U+FFFD in s
// was sent as such rather than made up for a lone surrogate escape.
func validJSONString(s string, raw []byte) bool {
	if !utf8.Valid(raw) {
		return false
	}
	replaced := strings.Count(s, "\uFFFD")
	if replaced == 0 {
		return true
	}
	sent := bytes.Count(raw, []byte("\uFFFD")) + bytes.Count(bytes.ToLower(raw), []byte(`\ufffd`))
	return sent >= replaced
}

// jsonPath follows the position of a json.Decoder's tokens.
type jsonPath struct {
	frames []jsonFrame
}

type jsonFrame struct {
	array   bool
	key     string // object: the field being read
	wantKey bool   // object: the next string is a field name
	index   int    // array: the element being read
}

func (p *jsonPath) top() *jsonFrame {
	if len(p.frames) == 0 {
		return nil
	}
	return &p.frames[len(p.frames)-1]
}

func (p *jsonPath) expectingKey() bool {
	f := p.top()
	return f != nil && !f.array && f.wantKey
}

// advance moves past tok.
func (p *jsonPath) advance(tok json.Token, isKey bool) {
	switch {
	case isKey:
		f := p.top()
		f.key, _ = tok.(string)
		f.wantKey = false
	case tok == json.Delim('{'):
		p.frames = append(p.frames, jsonFrame{wantKey: true})
	case tok == json.Delim('['):
		p.frames = append(p.frames, jsonFrame{array: true})
	case tok == json.Delim('}'), tok == json.Delim(']'):
		p.frames = p.frames[:len(p.frames)-1]
		p.valueDone()
	default:
		p.valueDone()
	}
}

// valueDone records that the current value (a scalar or a container) ended.
func (p *jsonPath) valueDone() {
	switch f := p.top(); {
	case f == nil:
	case f.array:
		f.index++
	default:
		f.wantKey = true
	}
}

// String is the path of the value being read ("" at the top level); between the fields of
// an object, the path of that object.
func (p *jsonPath) String() string {
	var b strings.Builder
	for _, f := range p.frames {
		switch {
		case f.array:
			fmt.Fprintf(&b, "[%d]", f.index)
		case !f.wantKey:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(f.key)
		}
	}
	return b.String()
}

// child is the path of field name of the object being read.
func (p *jsonPath) child(name string) string {
	if parent := p.String(); parent != "" {
		return parent + "." + name
	}
	return name
}
