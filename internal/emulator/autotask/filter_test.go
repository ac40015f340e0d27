package autotask

import (
	"encoding/json"
	"strings"
	"testing"

	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
)

// contract is a contract as the room would hold it, decoded from JSON.
func contract(t *testing.T) MapRecord {
	t.Helper()
	var r MapRecord
	if err := json.Unmarshal([]byte(`{
		"id": 101, "companyID": 29683616, "contractName": "Contoso - Sophos MSP", "contractType": 7,
		"status": 1, "isDefaultContract": false, "startDate": "2025-01-01T00:00:00Z", "endDate": "2025-12-31T00:00:00",
		"description": null, "setupFee": 12.5,
		"userDefinedFields": [{"name": "Sophos Tenant", "value": "t-123"}]}`), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// parse reads filter items written as JSON, as the room receives them.
func parse(t *testing.T, s string) []at.Filter {
	t.Helper()
	var q at.Query
	if err := json.Unmarshal([]byte(`{"filter":`+s+`}`), &q); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return q.Filter
}

func TestFilterMatch(t *testing.T) {
	t.Parallel()
	rec := contract(t)
	for filter, want := range map[string]bool{
		`[{"op":"eq","field":"companyID","value":29683616}]`:                                                    true,
		`[{"op":"eq","field":"CompanyId","value":"29683616"}]`:                                                  true, // names case-insensitive, numbers as strings
		`[{"op":"EQ","field":"companyID","value":1}]`:                                                           false,
		`[{"op":"noteq","field":"status","value":0}]`:                                                           true,
		`[{"op":"gt","field":"setupFee","value":12}]`:                                                           true,
		`[{"op":"gte","field":"setupFee","value":12.5}]`:                                                        true,
		`[{"op":"lt","field":"id","value":101}]`:                                                                false,
		`[{"op":"lte","field":"id","value":101}]`:                                                               true,
		`[{"op":"eq","field":"contractName","value":"contoso - sophos msp"}]`:                                   true,
		`[{"op":"beginsWith","field":"contractName","value":"CONTOSO"}]`:                                        true,
		`[{"op":"endsWith","field":"contractName","value":"msp"}]`:                                              true,
		`[{"op":"contains","field":"contractName","value":"Sophos"}]`:                                           true,
		`[{"op":"contains","field":"contractName","value":"Autotask"}]`:                                         false,
		`[{"op":"eq","field":"isDefaultContract","value":false}]`:                                               true,
		`[{"op":"noteq","field":"isDefaultContract","value":true}]`:                                             true,
		`[{"op":"exist","field":"description"}]`:                                                                false,
		`[{"op":"notExist","field":"description"}]`:                                                             true,
		`[{"op":"exist","field":"contractName"}]`:                                                               true,
		`[{"op":"eq","field":"description","value":"x"}]`:                                                       false,
		`[{"op":"noteq","field":"description","value":"x"}]`:                                                    false,
		`[{"op":"in","field":"status","value":[0,1]}]`:                                                          true,
		`[{"op":"in","field":"status","value":[]}]`:                                                             false,
		`[{"op":"notIn","field":"status","value":[0,3]}]`:                                                       true,
		`[{"op":"notIn","field":"status","value":[1]}]`:                                                         false,
		`[{"op":"gt","field":"startDate","value":"2024-12-31"}]`:                                                true,
		`[{"op":"lt","field":"endDate","value":"2025-12-31T00:00:01Z"}]`:                                        true,
		`[{"op":"eq","field":"Sophos Tenant","value":"T-123","udf":true}]`:                                      true,
		`[{"op":"gte","field":"id","value":0},{"op":"eq","field":"contractType","value":7}]`:                    true,
		`[{"op":"gte","field":"id","value":0},{"op":"eq","field":"contractType","value":1}]`:                    false,
		`[{"op":"or","items":[{"op":"eq","field":"status","value":0},{"op":"eq","field":"status","value":1}]}]`: true,
		`[{"op":"or","items":[{"op":"eq","field":"status","value":0},{"op":"eq","field":"status","value":3}]}]`: false,
		`[{"op":"and","items":[{"op":"eq","field":"status","value":1},{"op":"or","items":[{"op":"eq","field":"id","value":5},{"op":"contains","field":"contractName","value":"contoso"}]}]}]`: true,
		`[{"op":"OR","items":[{"op":"and","items":[{"op":"eq","field":"id","value":101},{"op":"eq","field":"status","value":0}]},{"op":"eq","field":"id","value":7}]}]`:                       false,
	} {
		f, err := Compile(parse(t, filter))
		if err != nil {
			t.Errorf("Compile(%s): %v", filter, err)
			continue
		}
		got, err := f.Match(rec)
		if err != nil {
			t.Errorf("Match(%s): %v", filter, err)
			continue
		}
		if got != want {
			t.Errorf("%s matched %v, want %v", filter, got, want)
		}
	}
}

// TestFilterRefused: what is not in the query language is refused when compiled.
func TestFilterRefused(t *testing.T) {
	t.Parallel()
	orMany := `[{"op":"or","items":[` + strings.Repeat(`{"op":"eq","field":"id","value":1},`, 500) + `{"op":"eq","field":"id","value":2}]}]`
	deep := strings.Repeat(`{"op":"and","items":[`, 40) + `{"op":"eq","field":"id","value":1}` + strings.Repeat(`]}`, 40)
	for filter, why := range map[string]string{
		`[]`: "needs a filter",
		`[{"op":"equals","field":"id","value":1}]`:                                                    "not a filter operator",
		`[{"op":"like","field":"id","value":1}]`:                                                      "not a filter operator",
		`[{"op":"eq","value":1}]`:                                                                     "takes a field",
		`[{"op":"eq","field":"id"}]`:                                                                  "takes one number, string or boolean",
		`[{"op":"eq","field":"id","value":[1,2]}]`:                                                    "takes one number, string or boolean",
		`[{"op":"eq","field":"id","value":{"a":1}}]`:                                                  "takes one number, string or boolean",
		`[{"op":"in","field":"id","value":1}]`:                                                        "takes an array",
		`[{"op":"in","field":"id","value":[1,[2]]}]`:                                                  "not a number, string or boolean",
		`[{"op":"exist","field":"id","value":1}]`:                                                     "takes no value",
		`[{"op":"and","items":[]}]`:                                                                   "takes items",
		`[{"op":"or","field":"id","items":[{"op":"eq","field":"id","value":1}]}]`:                     "no field or value",
		`[{"op":"eq","field":"id","value":1,"items":[{"op":"eq","field":"id","value":1}]}]`:           "no items",
		`[{"op":"eq","field":"a","value":1,"udf":true},{"op":"eq","field":"b","value":1,"udf":true}]`: "at most 1 user-defined field",
		"[" + deep + "]": "nest deeper",
		orMany:           "limited to 500 or fewer 'OR' conditions",
	} {
		if _, err := Compile(parse(t, filter)); err == nil || !strings.Contains(err.Error(), why) {
			short := filter
			if len(short) > 120 {
				short = short[:120] + "…"
			}
			t.Errorf("Compile(%s) = %v, want an error about %s", short, err, why)
		}
	}
}

// TestFilterRefusedAtMatch: an unknown field or a value of the wrong kind is an error,
// never a silent false.
func TestFilterRefusedAtMatch(t *testing.T) {
	t.Parallel()
	rec := contract(t)
	for filter, why := range map[string]string{
		`[{"op":"eq","field":"nosuch","value":1}]`:                  "Unable to find nosuch",
		`[{"op":"eq","field":"nosuch","value":1,"udf":true}]`:       "(user-defined)",
		`[{"op":"eq","field":"isDefaultContract","value":"false"}]`: "must be true or false",
		`[{"op":"gt","field":"isDefaultContract","value":false}]`:   "compare it with eq or noteq",
		`[{"op":"eq","field":"companyID","value":"abc"}]`:           "cannot be compared",
		`[{"op":"contains","field":"companyID","value":"29"}]`:      "needs a text field",
		`[{"op":"in","field":"status","value":[1,"x"]}]`:            "cannot be compared",
	} {
		f, err := Compile(parse(t, filter))
		if err != nil {
			t.Errorf("Compile(%s): %v", filter, err)
			continue
		}
		if _, err := f.Match(rec); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("Match(%s) = %v, want an error about %s", filter, err, why)
		}
	}
}

// TestFilterFromGoValues: filters built in Go (typed slices for in) and records with Go
// values work as decoded JSON does.
func TestFilterFromGoValues(t *testing.T) {
	t.Parallel()
	status := 1
	rec := MapRecord{"id": int64(5), "status": &status, "name": "X", "note": (*string)(nil)}
	f, err := Compile([]at.Filter{{Op: at.OpIn, Field: "status", Value: []int{0, 1}}, {Op: at.OpNotExist, Field: "note"}, {Op: at.OpEq, Field: "id", Value: int64(5)}})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := f.Match(rec); err != nil || !ok {
		t.Errorf("Match = %v, %v", ok, err)
	}
	if got := strings.Join(f.Fields(), ","); got != "status,note,id" {
		t.Errorf("Fields = %s", got)
	}
}
