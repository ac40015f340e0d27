package connectwise

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// item is a catalog item as the room would hold it, decoded from JSON.
func item(t *testing.T) Record {
	t.Helper()
	var r Record
	err := json.Unmarshal([]byte(`{
		"id": 42, "identifier": "Sophos_Intercept_X_Advanced", "description": "Intercept X \"Advanced\"",
		"price": 4.5, "inactiveFlag": false, "taxableFlag": true, "notes": null,
		"subcategory": {"id": 14, "name": "Security"}, "company": {"id": 250, "identifier": "Acme"},
		"lastUpdated": "2025-01-02T03:04:05Z", "_info": {"lastUpdated": "2025-01-02T03:04:05Z"}}`), &r)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestConditionsMatch(t *testing.T) {
	t.Parallel()
	rec := item(t)
	for cond, want := range map[string]bool{
		`identifier="Sophos_Intercept_X_Advanced"`:       true,
		`identifier="sophos_intercept_x_advanced"`:       true, // case-insensitive, as ConnectWise's SQL
		`identifier!="Sophos_Intercept_X_Advanced"`:      false,
		`description="Intercept X \"Advanced\""`:         true,
		`id=42`:                                          true,
		`id = 42.0`:                                      true,
		`id<42`:                                          false,
		`id<=42`:                                         true,
		`id>41 AND id<43`:                                true,
		`price>=4.5`:                                     true,
		`price>-1`:                                       true,
		`inactiveFlag=False`:                             true,
		`inactiveFlag=false`:                             true,
		`taxableFlag=TRUE`:                               true,
		`taxableFlag!=True`:                              false,
		`subcategory/id=14`:                              true,
		`Subcategory/Name="security"`:                    true,
		`company/id=250 and inactiveFlag=False`:          true,
		`company/id=251 or subcategory/id=14`:            true,
		`company/id=251 OR subcategory/id=15`:            false,
		`identifier like "Sophos*"`:                      true,
		`identifier like "sophos%advanced"`:              true,
		`identifier like "Intercept*"`:                   false,
		`identifier like "*X*"`:                          true,
		`identifier like "Sophos_Intercept_X_Advanced"`:  true,
		`identifier like "Sophos"`:                       false,
		`identifier not like "*Trial"`:                   true,
		`description contains "x \"adv"`:                 true,
		`description not contains "Advanced"`:            false,
		`id in (3, 42, 4)`:                               true,
		`id in (3)`:                                      false,
		`id not in (3, 4)`:                               true,
		`subcategory/name in ("Backup", "Security")`:     true,
		`lastUpdated>[2025-01-01T00:00:00Z]`:             true,
		`_info/lastUpdated<[2025-01-02T03:04:05Z]`:       false,
		`_info/lastUpdated<=[2025-01-02T05:04:05+02:00]`: true,
		`notes="x"`:                                      false, // null matches nothing
		`notes!="x"`:                                     false,
		`notes not like "x"`:                             false,
		`(id=1 or id=42) and (inactiveFlag=False)`:       true,
		`id=1 or id=2 and id=42`:                         false, // and binds tighter
		`(id=1 or id=42) and id=42`:                      true,
		`((((id=42))))`:                                  true,
		`id=42 and (company/id=250 and (subcategory/id=14 or id=0))`: true,
	} {
		c, err := Parse(cond)
		if err != nil {
			t.Errorf("Parse(%s): %v", cond, err)
			continue
		}
		got, err := c.Match(rec)
		if err != nil {
			t.Errorf("Match(%s): %v", cond, err)
			continue
		}
		if got != want {
			t.Errorf("%s matched %v, want %v", cond, got, want)
		}
	}
}

// TestConditionsRefused: what is not in the grammar is refused with a position and a
// reason the room can answer as InvalidObject.
func TestConditionsRefused(t *testing.T) {
	t.Parallel()
	for cond, why := range map[string]string{
		``:                        "expected a field name",
		`identifier`:              "expected an operator",
		`identifier=`:             "expected a value",
		`identifier="open`:        "not closed",
		`identifier=Sophos`:       "expected a value",
		`id==1`:                   "expected a value",
		`id=1 id=2`:               "join conditions with and/or",
		`id=1 and`:                "expected a field name",
		`(id=1`:                   "expected )",
		`id=1)`:                   `unexpected ")"`,
		`id in 1, 2`:              "list in parentheses",
		`id in (1 2)`:             "expected , or )",
		`id in ()`:                "expected a value in the list",
		`id ! 1`:                  `"!" must be followed by "="`,
		`id not = 1`:              "not must be followed by like, contains or in",
		`name like 5`:             `like takes a "string"`,
		`name contains True`:      `contains takes a "string"`,
		`lastUpdated>[yesterday]`: "not a datetime",
		`lastUpdated>[2025-01-01`: "not closed with ]",
		`id=1 & id=2`:             "unexpected character",
		`id=1; drop table`:        "unexpected character",
		`company/=1`:              "not a field path",
		`id=null`:                 "expected a value",
		`id=1-`:                   "not a number",
		`naïve=1`:                 "unexpected character",
		strings.Repeat("(", 40) + "id=1" + strings.Repeat(")", 40): "nest deeper",
	} {
		_, err := Parse(cond)
		var e *Error
		if err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("Parse(%q) = %v, want an error about %s", cond, err, why)
		} else if !asError(err, &e) || e.Pos < 0 {
			t.Errorf("Parse(%q): %T without a position", cond, err)
		}
	}
}

// TestConditionsRefusedAtMatch: an unknown field or a value of another kind is an error,
// never a silent false.
func TestConditionsRefusedAtMatch(t *testing.T) {
	t.Parallel()
	rec := item(t)
	for cond, why := range map[string]string{
		`nosuchfield=1`:                     "not a field of this record",
		`subcategory/nosuch=1`:              "not a field of this record",
		`id="42"`:                           "id is a number; it cannot be compared with a string",
		`identifier=5`:                      "identifier is a string; it cannot be compared with a number",
		`inactiveFlag=0`:                    "a boolean",
		`inactiveFlag<True`:                 "compare it with = or !=",
		`price like "4*"`:                   "a string field",
		`id contains "4"`:                   "a string field",
		`identifier>[2025-01-01T00:00:00Z]`: "cannot be compared with a [datetime]",
		`id in (42, "x")`:                   "cannot be compared with a string",
	} {
		c, err := Parse(cond)
		if err != nil {
			t.Errorf("Parse(%s): %v", cond, err)
			continue
		}
		if _, err := c.Match(rec); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("Match(%s) = %v, want an error about %s", cond, err, why)
		}
	}
}

// TestConditionsOverGoValues: a Fields accessor may hand out Go values: ints, pointers,
// time.Time.
func TestConditionsOverGoValues(t *testing.T) {
	t.Parallel()
	price, none := 4.5, (*string)(nil)
	rec := fieldsFunc(func(p string) (any, bool) {
		v, ok := map[string]any{"id": int64(7), "price": &price, "notes": none, "when": time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), "flag": true}[p]
		return v, ok
	})
	for cond, want := range map[string]bool{
		`id=7`: true, `price>4`: true, `notes="x"`: false, `when>=[2025-01-01T00:00:00Z]`: true, `flag=True and id in (1, 7)`: true,
	} {
		c, err := Parse(cond)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := c.Match(rec); err != nil || got != want {
			t.Errorf("%s = %v, %v; want %v", cond, got, err, want)
		}
	}
	c, _ := Parse(`a=1 and (b/c="x" or d in (1, 2))`)
	if got := strings.Join(c.Paths(), ","); got != "a,b/c,d" {
		t.Errorf("Paths = %s", got)
	}
}

type fieldsFunc func(string) (any, bool)

func (f fieldsFunc) Field(p string) (any, bool) { return f(p) }

func asError(err error, target **Error) bool {
	e, ok := err.(*Error) //nolint:errorlint // Parse returns *Error itself, never wrapped
	*target = e
	return ok
}
