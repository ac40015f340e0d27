package autotask

import (
	"encoding/json"
	"testing"

	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	atroom "github.com/psa-iac/terraform-provider-sophos/internal/emulator/autotask"
)

// TestFiltersRoundTripThroughTheEmulatorsEvaluator: every filter the builders write,
// sent as JSON, is read by the emulator's filter evaluator (the query language the room
// serves) and selects what it says.
func TestFiltersRoundTripThroughTheEmulatorsEvaluator(t *testing.T) {
	t.Parallel()
	rec := atroom.MapRecord{"id": float64(101), "companyID": float64(29683616), "contractName": `Contoso "EU" \ MSP`,
		"status": float64(1), "isDefaultContract": false, "endDate": "2025-12-31T00:00:00Z", "description": nil,
		"userDefinedFields": []any{map[string]any{"name": "Sophos Tenant", "value": "t-1"}}}
	for name, tc := range map[string]struct {
		f    []at.Filter
		want bool
	}{
		"eq":                 {[]at.Filter{Eq("companyID", int64(29683616))}, true},
		"noteq":              {[]at.Filter{NotEq("status", 0)}, true},
		"string with quotes": {[]at.Filter{Eq("contractName", `Contoso "EU" \ MSP`)}, true},
		"beginsWith":         {[]at.Filter{Cmp("contractName", at.OpBeginsWith, "contoso")}, true},
		"endsWith":           {[]at.Filter{Cmp("contractName", at.OpEndsWith, "msp")}, true},
		"contains":           {[]at.Filter{Cmp("contractName", at.OpContains, `"EU"`)}, true},
		"gt date":            {[]at.Filter{Cmp("endDate", at.OpGt, "2025-06-01T00:00:00Z")}, true},
		"lte":                {[]at.Filter{Cmp("id", at.OpLte, 100)}, false},
		"bool":               {[]at.Filter{Eq("isDefaultContract", false)}, true},
		"in ints":            {[]at.Filter{In("status", 0, 1)}, true},
		"in strings":         {[]at.Filter{In("contractName", "a", "b")}, false},
		"notIn":              {[]at.Filter{NotIn("status", 2, 3)}, true},
		"exist":              {[]at.Filter{Exist("description")}, false},
		"notExist":           {[]at.Filter{NotExist("description")}, true},
		"udf":                {[]at.Filter{{Op: at.OpEq, Field: "Sophos Tenant", Value: "T-1", UDF: true}}, true},
		"and of or":          {[]at.Filter{Eq("companyID", 29683616), Or(Eq("status", 0), And(Eq("status", 1), NotExist("description")))}, true},
		"or of and":          {[]at.Filter{Or(And(Eq("id", 1), Eq("status", 1)), And(Eq("id", 101), Eq("status", 0)))}, false},
	} {
		b, err := json.Marshal(at.Query{Filter: tc.f})
		if err != nil {
			t.Fatal(err)
		}
		var q at.Query
		if err := json.Unmarshal(b, &q); err != nil {
			t.Fatal(err)
		}
		f, err := atroom.Compile(q.Filter)
		if err != nil {
			t.Errorf("%s: the emulator refuses %s: %v", name, b, err)
			continue
		}
		got, err := f.Match(rec)
		if err != nil || got != tc.want {
			t.Errorf("%s: %s matched %v (%v), want %v", name, b, got, err, tc.want)
		}
	}
}
