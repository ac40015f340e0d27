package autotask

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"unicode"

	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// entityInformation/fields: an entity's fields, from its one declaration, with this
// database's picklists.

// requiredFields are the fields an entity requires on create (Autotask's entity pages:
// contractType is required on create; the others per the clients the reference names).
var requiredFields = map[string][]string{
	at.EntityCompanies: {at.FieldCompanyName, at.FieldCompanyType},
	at.EntityContracts: {at.FieldCompanyID, at.FieldContractName, at.FieldContractType, at.FieldStartDate, at.FieldEndDate,
		at.FieldContractStatus},
	at.EntityServices:             {at.FieldName, at.FieldPeriodType},
	at.EntityServiceBundles:       {at.FieldName, at.FieldPeriodType},
	at.EntityContractServices:     {at.FieldContractID, at.FieldServiceID},
	at.EntityContractServiceUnits: {at.FieldContractID, at.FieldContractServiceID, at.FieldServiceID},
}

// fields answers GET {Entity}/entityInformation/fields.
func (rm *Room) fields(entity string) func(*http.Request, store.Q) (web.Reply, error) {
	return func(r *http.Request, q store.Q) (web.Reply, error) {
		v, err := newView(r, q)
		if err != nil {
			return web.Reply{}, err
		}
		out := at.EntityFields{Fields: []at.FieldInfo{}}
		for _, f := range jsonFields(entityTypes[entity]) {
			name := jsonName(f)
			if name == udfField {
				continue
			}
			info := at.FieldInfo{Name: name, Label: label(name), DataType: dataType(name, f.Type),
				IsRequired: slices.Contains(requiredFields[entity], name), IsReadOnly: name == at.FieldID}
			for _, p := range v.picklist(entity, name) {
				info.IsPickList = true
				info.PicklistValues = append(info.PicklistValues, at.PicklistValue{Value: p.Value, Label: p.Label, IsActive: p.IsActive,
					SortOrder: p.SortOrder, ParentValue: p.ParentValue, IsSystem: p.IsSystem, IsDefaultValue: p.IsDefault})
			}
			out.Fields = append(out.Fields, info)
		}
		return web.OK(out), nil
	}
}

// dataType is Autotask's name of a field's type.
func dataType(name string, t reflect.Type) string {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int64:
		return "long"
	case reflect.Int:
		return "integer"
	case reflect.Float64:
		return "double"
	case reflect.Bool:
		return "boolean"
	}
	if strings.HasSuffix(name, "Date") || strings.HasSuffix(name, "DateTime") {
		return "datetime"
	}
	return "string"
}

// label is a field's name as a person reads it: "contractType" -> "Contract Type".
func label(name string) string {
	var b strings.Builder
	for i, r := range name {
		switch {
		case i == 0:
			b.WriteRune(unicode.ToUpper(r))
		case unicode.IsUpper(r) && !unicode.IsUpper(rune(name[i-1])):
			b.WriteRune(' ')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
