package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"reflect"
	"regexp"
	"strings"
)

// decodeAnswer decodes a successful answer into out, a pointer to a type of internal/api
// (or a struct made of them), and checks that the answer has the shape the contract
// promises: it is JSON, it is complete, and every required field is present and not null.
// A required field is one whose json tag has no omitempty, which is how oapi-codegen marks
// the schema's required properties (TestRequiredFieldsMatchTheContract keeps it so).
// Unknown fields are accepted: the API may add fields without breaking the client.
func decodeAnswer(header http.Header, body []byte, out any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return errors.New("the body is empty, want JSON")
	}
	var tree any
	if err := json.Unmarshal(body, &tree); err != nil {
		if isHTML(header, body) {
			return fmt.Errorf("it is %s, not JSON; a proxy, captive portal or maintenance page may be answering instead of the API", describeHTML(body))
		}
		var syntaxErr *json.SyntaxError
		if errors.As(err, &syntaxErr) && syntaxErr.Offset >= int64(len(body)) {
			return fmt.Errorf("the JSON is truncated after %d bytes (%w)", len(body), err)
		}
		return fmt.Errorf("it is not valid JSON (Content-Type %q): %w", header.Get("Content-Type"), err)
	}
	if err := checkRequired(tree, reflect.TypeOf(out).Elem(), ""); err != nil {
		return err
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("a field has the wrong type: %w", err)
	}
	return nil
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// checkRequired checks v, a JSON value decoded into any, against the Go type t: objects
// where t is a struct, arrays where t is a slice, and in objects every required field
// present and, unless its type is a pointer (nullable), not null. at is v's place in the
// answer, for the message. Scalars are left to json.Unmarshal.
func checkRequired(v any, t reflect.Type, at string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v == nil || t.Implements(unmarshalerType) || reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s is %s, want an object", place(at), jsonKind(v))
		}
		return checkFields(obj, t, at)
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return nil // []byte is a base64 string
		}
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s is %s, want an array", place(at), jsonKind(v))
		}
		for i, e := range arr {
			elemAt := fmt.Sprintf("%s[%d]", at, i)
			if e == nil && t.Elem().Kind() != reflect.Pointer {
				return fmt.Errorf("%s is null", place(elemAt))
			}
			if err := checkRequired(e, t.Elem(), elemAt); err != nil {
				return err
			}
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s is %s, want an object", place(at), jsonKind(v))
		}
		for k, e := range obj {
			if err := checkRequired(e, t.Elem(), join(at, k)); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkFields(obj map[string]any, t reflect.Type, at string) error {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" && opts == "" {
			continue
		}
		if name == "" && f.Anonymous && f.Type.Kind() == reflect.Struct {
			// An embedded struct's fields are the object's own.
			if err := checkFields(obj, f.Type, at); err != nil {
				return err
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		required := !hasOption(opts, "omitempty") && !hasOption(opts, "omitzero")
		fieldAt := join(at, name)
		fv, present := obj[name]
		switch {
		case !present && required:
			return fmt.Errorf("required field %q is missing", fieldAt)
		case !present:
		case fv == nil && required && f.Type.Kind() != reflect.Pointer:
			return fmt.Errorf("required field %q is null", fieldAt)
		default:
			if err := checkRequired(fv, f.Type, fieldAt); err != nil {
				return err
			}
		}
	}
	return nil
}

func hasOption(opts, want string) bool {
	for o := range strings.SplitSeq(opts, ",") {
		if o == want {
			return true
		}
	}
	return false
}

func join(at, name string) string {
	if at == "" {
		return name
	}
	return at + "." + name
}

func place(at string) string {
	if at == "" {
		return "the answer"
	}
	return fmt.Sprintf("%q", at)
}

func jsonKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}

// isHTML reports whether an answer is an HTML page: by its Content-Type, or by its
// first character when it has none that says otherwise.
func isHTML(header http.Header, body []byte) bool {
	if mt, _, err := mime.ParseMediaType(header.Get("Content-Type")); err == nil && (mt == "text/html" || mt == "application/xhtml+xml") {
		return true
	}
	return bytes.HasPrefix(bytes.TrimSpace(body), []byte("<"))
}

var htmlTitle = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// describeHTML names an HTML page by its title, the only part of it that usually says
// something (e.g. "502 Bad Gateway" or "Service Maintenance").
func describeHTML(body []byte) string {
	if m := htmlTitle.FindSubmatch(body); m != nil {
		if title := strings.Join(strings.Fields(string(m[1])), " "); title != "" {
			if len(title) > 120 {
				title = title[:120] + "…"
			}
			return fmt.Sprintf("an HTML page titled %q", title)
		}
	}
	return "an HTML page"
}

// describeBody renders a non-JSON error body for a message: an HTML page by its title,
// anything else as text, cut to 500 bytes.
func describeBody(header http.Header, body []byte) string {
	if isHTML(header, body) {
		return describeHTML(body) + " instead of a JSON error"
	}
	msg := strings.TrimSpace(string(body))
	if len(msg) > 500 {
		msg = msg[:500] + "…"
	}
	return msg
}

// requestIDOf finds the id Sophos support needs: the X-Request-Id header, else a
// requestId (or, from the authentication host, trackingId) in a JSON object body.
func requestIDOf(resp *response) string {
	if id := resp.header.Get("X-Request-Id"); id != "" {
		return id
	}
	var ids struct {
		RequestID  any `json:"requestId"`
		TrackingID any `json:"trackingId"`
	}
	if json.Unmarshal(resp.body, &ids) != nil {
		return ""
	}
	for _, v := range []any{ids.RequestID, ids.TrackingID} {
		if s, ok := v.(string); ok && s != "" {
			return s
		}
	}
	return ""
}

// contractError reports an answer of the wrong shape.
func contractError(req request, resp *response, problem error) *ResponseError {
	return &ResponseError{
		Method: req.method, Path: req.path, StatusCode: resp.status,
		ContentType: resp.header.Get("Content-Type"), Problem: problem.Error(), RequestID: requestIDOf(resp),
	}
}
