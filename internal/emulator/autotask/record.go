package autotask

import (
	"encoding/json"
	"reflect"
	"strings"

	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
)

// An entity's records as the filter and IncludeFields read them: through the JSON names of
// the one declaration of each object (internal/api/autotask), so a field the room answers
// is a field a query may name, and nothing else is.

// udfField is the JSON name of the user-defined fields, which are not fields of their own.
const udfField = at.FieldUserDefinedFields

// jsonFields lists the JSON names of a declaration's fields, in order; t is a struct type.
func jsonFields(t reflect.Type) []reflect.StructField {
	var out []reflect.StructField
	for i := range t.NumField() {
		f := t.Field(i)
		if name := jsonName(f); name != "" && name != "-" {
			out = append(out, f)
		}
	}
	return out
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// fieldName is the entity's spelling of name (case-insensitive), "" when it has no such
// field.
func fieldName(t reflect.Type, name string) string {
	for _, f := range jsonFields(t) {
		if n := jsonName(f); n != udfField && strings.EqualFold(n, name) {
			return n
		}
	}
	return ""
}

// record is one entity record for Filter.Match: a pointer to its declaration's struct.
type record struct {
	id int64
	v  reflect.Value // the struct
}

func newRecord(id int64, v any) record { return record{id: id, v: reflect.ValueOf(v).Elem()} }

// Field is the value of the field named name (case-insensitive): nil for a null.
func (r record) Field(name string) (any, bool) {
	for _, f := range jsonFields(r.v.Type()) {
		if n := jsonName(f); n != udfField && strings.EqualFold(n, name) {
			fv := r.v.FieldByIndex(f.Index)
			if fv.Kind() == reflect.Pointer && fv.IsNil() {
				return nil, true
			}
			return fv.Interface(), true
		}
	}
	return nil, false
}

// UDF is the value of the user-defined field name (case-insensitive).
func (r record) UDF(name string) (any, bool) {
	f := r.v.FieldByName("UserDefinedFields")
	if !f.IsValid() {
		return nil, false
	}
	for _, u := range f.Interface().([]at.UserDefinedField) { //nolint:forcetypeassert // the declarations' type
		if strings.EqualFold(u.Name, name) {
			return u.Value, true
		}
	}
	return nil, false
}

// project is the record as the answer carries it: every field, or those of include.
func (r record) project(include []string) (map[string]any, error) {
	raw, err := json.Marshal(r.v.Addr().Interface())
	if err != nil {
		return nil, err
	}
	var all map[string]any
	if err := json.Unmarshal(raw, &all); err != nil {
		return nil, err
	}
	if len(include) == 0 {
		return all, nil
	}
	out := make(map[string]any, len(include))
	for _, name := range include {
		n := fieldName(r.v.Type(), name)
		if v, ok := all[n]; ok {
			out[n] = v
		} else {
			out[n] = nil
		}
	}
	return out, nil
}
