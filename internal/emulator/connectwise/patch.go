package connectwise

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// PATCH as ConnectWise does it: a JSON array of {op, path, value}, op add, replace or
// remove, path a field name (case sensitive; a leading slash is accepted). Objects are
// replaced whole: a path into one ("company/identifier") is refused here, where ConnectWise
// may answer a false 200, so a client that sends one learns it. id and _info are the
// server's. The patched record is then judged as a whole, like a POST's body.

// decodeStrict reads r's JSON body into out (web.DecodeBody: UTF-8, no unknown fields, no
// trailing data); a body it refuses is ConnectWise's 400 InvalidObject about resource.
func decodeStrict(r *http.Request, resource string, out any) error {
	err := web.DecodeBody(r, out)
	var se *web.StatusError
	if !errors.As(err, &se) || se.Status != http.StatusBadRequest {
		return err
	}
	field := ""
	if len(se.Details) > 0 {
		field = se.Details[0].Field
	}
	return invalid(resource, field, cw.ErrorCodeInvalidObject, "%s", se.Message)
}

// applyPatch applies the JSON Patch in r's body to current (a cw object) and decodes the
// result into out, an object of the same type.
func applyPatch(r *http.Request, resource string, current, out any) error {
	var ops []cw.PatchOperation
	if err := decodeStrict(r, "patchOperation", &ops); err != nil {
		return err
	}
	if len(ops) == 0 {
		return invalid("patchOperation", "", cw.ErrorCodeInvalidObject, "A PATCH needs at least one operation.")
	}
	raw, err := json.Marshal(current)
	if err != nil {
		return err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return err
	}
	fields := knownPaths(reflect.TypeOf(out).Elem())
	for i, op := range ops {
		path := strings.TrimPrefix(op.Path, "/")
		field := fmt.Sprintf("[%d].path", i)
		switch {
		case strings.Contains(path, "/"):
			return invalid("patchOperation", field, cw.ErrorCodeInvalidObject,
				"path %q reaches into an object; replace the whole object (path %q with the object as value)", op.Path, strings.SplitN(path, "/", 2)[0])
		case slices.Contains(cw.ReadOnlyFields(), path):
			return invalid("patchOperation", field, cw.ErrorCodeInvalidObject, "%s cannot be changed", path)
		case !fields[path]:
			return invalid("patchOperation", field, cw.ErrorCodeInvalidObject, "%q is not a field of %s (paths are case sensitive)", op.Path, resource)
		}
		switch op.Op {
		case cw.PatchAdd, cw.PatchReplace:
			doc[path] = op.Value
		case cw.PatchRemove:
			delete(doc, path)
		default:
			return invalid("patchOperation", fmt.Sprintf("[%d].op", i), cw.ErrorCodeInvalidObject,
				"op %q is not one of add, replace, remove", op.Op)
		}
	}
	patched, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(patched))
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		return invalid(resource, "", cw.ErrorCodeInvalidObject, "The patched %s is not valid: %v", resource, err)
	}
	return nil
}
