package client

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// TestRequiredFieldsMatchTheContract keeps decodeAnswer's rule true: a field of a type
// the client decodes is required (its json tag has no omitempty) exactly when the
// OpenAPI document lists it as required, nested inline objects included.
func TestRequiredFieldsMatchTheContract(t *testing.T) {
	t.Parallel()
	spec, err := openapi3.NewLoader().LoadFromFile("../api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{
		api.TokenResponse{}, api.AuthError{}, api.Whoami{}, api.Error{}, api.FieldError{}, api.Pages{},
		api.Tenant{}, api.TenantList{}, api.Integration{}, api.IntegrationList{},
		api.Reference{}, api.CatalogCategory{}, api.CatalogReference{}, api.RecordInfo{},
		api.PsaProduct{}, api.PsaProductList{}, api.ProductMapping{}, api.ProductMappingList{},
		api.PsaCompany{}, api.PsaCompanyList{}, api.PsaContract{}, api.PsaContractList{},
		api.LastSync{}, api.CustomerMapping{}, api.CustomerMappingList{}, api.UsageSyncRun{},
	} {
		typ := reflect.TypeOf(v)
		ref, ok := spec.Components.Schemas[typ.Name()]
		if !ok || ref.Value == nil {
			t.Errorf("the contract has no schema %s", typ.Name())
			continue
		}
		compareRequired(t, typ.Name(), typ, ref.Value)
	}
}

func compareRequired(t *testing.T, name string, typ reflect.Type, schema *openapi3.Schema) {
	t.Helper()
	var fromTags []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		jsonName, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !hasOption(opts, "omitempty") {
			fromTags = append(fromTags, jsonName)
		}
		if prop, ok := schema.Properties[jsonName]; ok && prop.Ref == "" && prop.Value != nil && len(prop.Value.Properties) > 0 && f.Type.Kind() == reflect.Struct {
			compareRequired(t, name+"."+jsonName, f.Type, prop.Value)
		}
	}
	want := slices.Clone(schema.Required)
	slices.Sort(want)
	slices.Sort(fromTags)
	if !slices.Equal(fromTags, want) {
		t.Errorf("%s: fields without omitempty %v, the contract requires %v", name, fromTags, want)
	}
}

// TestDecodeAnswerAcceptsWhatTheContractAllows: null optional fields, absent optional
// fields and fields the contract does not know yet are all fine.
func TestDecodeAnswerAcceptsWhatTheContractAllows(t *testing.T) {
	t.Parallel()
	h := http.Header{"Content-Type": {"application/json"}}
	tests := map[string]struct {
		body string
		out  any
	}{
		"unmapped product mapping": {`{"psa":"connectwise","sophosProduct":"X","sophosProductName":"X","mapped":false,"syncEnabled":false,"psaProductId":null,"psaProductName":null}`, &api.ProductMapping{}},
		"unknown field":            {`{"psa":"connectwise","sophosProduct":"X","sophosProductName":"X","mapped":true,"syncEnabled":true,"addedLater":{"a":[1]}}`, &api.ProductMapping{}},
		"empty list":               {`{"items":[],"pages":{"current":1,"size":100,"maxSize":100}}`, &api.TenantList{}},
		"whoami":                   {`{"id":"p","idType":"partner","apiHosts":{"global":"https://api.central.sophos.com"}}`, &api.Whoami{}},
	}
	for name, tc := range tests {
		if err := decodeAnswer(h, []byte(tc.body), tc.out); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestDecodeAnswerRefusesWrongShapes covers shapes the misbehaving-server tests do not.
func TestDecodeAnswerRefusesWrongShapes(t *testing.T) {
	t.Parallel()
	h := http.Header{"Content-Type": {"application/json"}}
	tests := map[string]struct {
		body, want string
		out        any
	}{
		"array for an object":  {`[]`, "the answer is an array, want an object", &api.Whoami{}},
		"object for an array":  {`{"items":{},"pages":{"current":1,"size":1,"maxSize":1}}`, `"items" is an object, want an array`, &api.TenantList{}},
		"null list element":    {`{"items":[null],"pages":{"current":1,"size":1,"maxSize":1}}`, `"items[0]" is null`, &api.TenantList{}},
		"nested required":      {`{"id":"p","idType":"partner","apiHosts":{}}`, `required field "apiHosts.global" is missing`, &api.Whoami{}},
		"wrong type":           {`{"id":1,"idType":"partner","apiHosts":{"global":"x"}}`, "wrong type", &api.Whoami{}},
		"trailing garbage":     {`{"id":"p","idType":"partner","apiHosts":{"global":"x"}} <html>`, "not valid JSON", &api.Whoami{}},
		"required field null":  {`{"id":null,"idType":"partner","apiHosts":{"global":"x"}}`, `required field "id" is null`, &api.Whoami{}},
		"HTML without a title": {`<html><body>oops</body></html>`, "it is an HTML page, not JSON", &api.Whoami{}},
	}
	for name, tc := range tests {
		err := decodeAnswer(h, []byte(tc.body), tc.out)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error = %v, want %q", name, err, tc.want)
		}
	}
}
