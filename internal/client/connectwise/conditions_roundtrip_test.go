package connectwise

import (
	"testing"
	"time"

	cwroom "github.com/psa-iac/terraform-provider-sophos/internal/emulator/connectwise"
)

// TestBuilderRoundTripsThroughTheEmulatorsParser: every condition the builder writes is
// read by the emulator's conditions parser (the grammar of ConnectWise the room serves),
// and selects what it says, tricky strings included.
func TestBuilderRoundTripsThroughTheEmulatorsParser(t *testing.T) {
	t.Parallel()
	updated := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	rec := cwroom.Record{
		"id": float64(42), "identifier": `Say "hi" \ bye & co*`, "price": -0.25, "inactiveFlag": false,
		"company": map[string]any{"id": float64(250), "name": "Acme (EU), Ltd."},
		"_info":   map[string]any{"lastUpdated": updated.Format(time.RFC3339)},
	}
	zone := time.FixedZone("X", -7*3600)
	for name, tc := range map[string]struct {
		c    Condition
		want bool
	}{
		"quotes and backslash":   {Field("identifier").Eq(Text(`Say "hi" \ bye & co*`)), true},
		"other string":           {Field("identifier").Eq(Text(`Say "hi" \ bye & co`)), false},
		"like literal star":      {Field("identifier").Like(`Say "hi"*`), true},
		"contains backslash":     {Field("identifier").Contains(`\ bye`), true},
		"not contains":           {Field("identifier").NotContains(`"hi"`), false},
		"negative float":         {Field("price").Eq(Float(-0.25)), true},
		"float order":            {Field("price").Lt(Float(0)), true},
		"int":                    {Field("id").Ge(Int(42)), true},
		"bool":                   {Field("inactiveFlag").Eq(Bool(false)), true},
		"bool ne":                {Field("inactiveFlag").Ne(Bool(false)), false},
		"reference":              {Field("company/id").Eq(Int(250)), true},
		"reference string":       {Field("company/name").Eq(Text("Acme (EU), Ltd.")), true},
		"datetime in other zone": {Field("_info/lastUpdated").Ge(DateTime(updated.In(zone))), true},
		"datetime after":         {Field("_info/lastUpdated").Gt(DateTime(updated)), false},
		"in":                     {Field("id").In(Int(1), Int(42)), true},
		"in strings":             {Field("company/name").In(Text("x"), Text("Acme (EU), Ltd.")), true},
		"not in":                 {Field("id").NotIn(Int(1), Int(2)), true},
		"empty in":               {Field("id").In(), false},
		"empty not in":           {Field("id").NotIn(), true},
		"and of or": {And(Field("company/id").Eq(Int(250)),
			Or(Field("id").Eq(Int(1)), Field("identifier").Like("*co*"))), true},
		"or of and": {Or(And(Field("id").Eq(Int(1)), Field("price").Lt(Float(0))),
			And(Field("id").Eq(Int(42)), Field("inactiveFlag").Eq(Bool(true)))), false},
		"companies' recycle bin": {And(notDeleted, Field("company/id").Eq(Int(250))), false},
	} {
		expr := tc.c.String()
		parsed, err := cwroom.Parse(expr)
		if err != nil {
			t.Errorf("%s: the emulator cannot read %s: %v", name, expr, err)
			continue
		}
		r := rec
		if name == "companies' recycle bin" {
			r = cwroom.Record{"deletedFlag": true, "company": rec["company"]}
		}
		got, err := parsed.Match(r)
		if err != nil {
			t.Errorf("%s: %s: %v", name, expr, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s: %s matched %v, want %v", name, expr, got, tc.want)
		}
	}
}
