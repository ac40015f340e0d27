package connectwise

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
)

// PatchFor returns the JSON Patch that turns have into want, with only the paths that
// change: a replace of each top-level field that want sets (is not null or absent) and
// have does not already hold. Fields want leaves out are not touched; id and _info never.
// Objects (references) are compared on the keys want gives ({"id": 3} is what {"id": 3,
// "name": ...} already holds) and replaced whole, as ConnectWise requires. have and want
// are values of the same cw type, e.g. cw.CatalogItem.
func PatchFor(have, want any) ([]cw.PatchOperation, error) {
	h, err := fieldsOf(have)
	if err != nil {
		return nil, err
	}
	w, err := fieldsOf(want)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(w))
	for k := range w {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var ops []cw.PatchOperation
	for _, k := range keys {
		if slices.Contains(cw.ReadOnlyFields(), k) || bytes.Equal(w[k], []byte("null")) {
			continue
		}
		var wv, hv any
		if err := json.Unmarshal(w[k], &wv); err != nil {
			return nil, err
		}
		if raw, ok := h[k]; ok {
			if err := json.Unmarshal(raw, &hv); err != nil {
				return nil, err
			}
		}
		if !holds(hv, wv) {
			ops = append(ops, cw.PatchOperation{Op: cw.PatchReplace, Path: k, Value: w[k]})
		}
	}
	return ops, nil
}

func fieldsOf(v any) (map[string]json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("PatchFor needs records (JSON objects): %w", err)
	}
	return m, nil
}

// holds reports whether have already holds want: objects on want's keys (but _info),
// arrays element by element, everything else equal.
func holds(have, want any) bool {
	switch w := want.(type) {
	case map[string]any:
		h, ok := have.(map[string]any)
		if !ok {
			return false
		}
		for k, wv := range w {
			if k != cw.FieldInfo && !holds(h[k], wv) {
				return false
			}
		}
		return true
	case []any:
		h, ok := have.([]any)
		if !ok || len(h) != len(w) {
			return false
		}
		for i := range w {
			if !holds(h[i], w[i]) {
				return false
			}
		}
		return true
	}
	return have == want
}
