package web

import (
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// Violation is the API's answer to a broken rule of internal/rules: 400 for an invalid
// request, 422 for one the current data refuses, 409 for a collision, with the field in the
// details. Warnings are not errors.
func Violation(v *rules.Violation) error {
	if v == nil || v.Kind == rules.Warning {
		return nil
	}
	se := &StatusError{Status: http.StatusBadRequest, Code: "BadRequest", Message: v.Message}
	switch v.Kind {
	case rules.Unprocessable:
		se.Status, se.Code = http.StatusUnprocessableEntity, "UnprocessableEntity"
	case rules.Conflict:
		se.Status, se.Code = http.StatusConflict, "Conflict"
	}
	fe := api.FieldError{Field: v.Field, Message: v.Message}
	if v.Value != "" {
		fe.Value = &v.Value
	}
	if len(v.Allowed) > 0 {
		allowed := v.Allowed
		fe.Allowed = &allowed
	}
	se.Details = []api.FieldError{fe}
	return se
}

// Violations is Violation for every violation of a request body at once: the message names
// the first, the details list all.
func Violations(what string, vs rules.Violations) error {
	var v ValidationErrors
	for _, x := range vs {
		if x.Kind != rules.Warning {
			v.Add(x.Field, x.Value, x.Allowed, "%s", x.Message)
		}
	}
	return v.Err(what)
}
