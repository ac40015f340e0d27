package web

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestCheckUTF8NamesThePath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body, field, fragment string
	}{
		{"{\"a\": \"\xff\"}", "a", "the value of a"},
		{"{\"a\": 1, \"b\": {\"c\": true, \"d\": \"x\xc3\"}}", "b.d", "the value of b.d"},
		{"{\"a\": [\"x\", {\"k\": 1}, [2, 3], \"\xfe\"]}", "a[3]", "the value of a[3]"},
		{"{\"a\": [[1], [\"ok\", \"\xfe\"]]}", "a[1][1]", "the value of a[1][1]"},
		{"{\"a\": {\"b\": 1, \"\xffc\": 2}}", "a.\uFFFDc", "the field name"},
		{"{\"\xff\": 1}", "\uFFFD", "the field name"},
		{`{"a": "\uD800x"}`, "a", "the value of a"},
		{`{"a": "\udfff"}`, "a", "the value of a"},
		{"\"\xff\"", "", "the request body is not valid UTF-8"},
	}
	for _, tc := range tests {
		err := checkUTF8([]byte(tc.body))
		var se *StatusError
		if !errors.As(err, &se) || se.Status != http.StatusBadRequest || !strings.Contains(se.Message, tc.fragment) {
			t.Errorf("%q: %v, want a 400 containing %q", tc.body, err, tc.fragment)
			continue
		}
		field := ""
		if len(se.Details) > 0 {
			field = se.Details[0].Field
		}
		if field != tc.field {
			t.Errorf("%q: field %q, want %q", tc.body, field, tc.field)
		}
	}
	for _, ok := range []string{
		`{"a": "plain", "b": ["é", "\u00e9", "\ud83d\ude00", "\ufffd", "` + "\uFFFD" + `"], "\u00d0": "\ud7ff"}`,
		"{\"a\": \"\xff", // not JSON: decoding reports it
		"",
	} {
		if err := checkUTF8([]byte(ok)); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
}
