package connectwise

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestConditionBuilder(t *testing.T) {
	t.Parallel()
	when := time.Date(2016, 8, 20, 20, 4, 26, 0, time.FixedZone("CEST", 2*3600))
	for want, c := range map[string]Condition{
		`identifier="Sophos_Intercept_X"`:                 Field("identifier").Eq(Text("Sophos_Intercept_X")),
		`name="Say \"hi\" \\ bye"`:                        Field("name").Eq(Text(`Say "hi" \ bye`)),
		`company/id=250`:                                  Field("company/id").Eq(Int(250)),
		`price>=4.5`:                                      Field("price").Ge(Float(4.5)),
		`price<-0.25`:                                     Field("price").Lt(Float(-0.25)),
		`inactiveFlag=False`:                              Field("inactiveFlag").Eq(Bool(false)),
		`deletedFlag!=True`:                               Field("deletedFlag").Ne(Bool(true)),
		`lastUpdated>[2016-08-20T18:04:26Z]`:              Field("lastUpdated").Gt(DateTime(when)),
		`lastUpdated<=[2016-08-20T18:04:26Z]`:             Field("lastUpdated").Le(DateTime(when)),
		`identifier like "Sophos*"`:                       Field("identifier").Like("Sophos*"),
		`identifier not like "*Trial"`:                    Field("identifier").NotLike("*Trial"),
		`name contains "Acme & Co"`:                       Field("name").Contains("Acme & Co"),
		`name not contains "test"`:                        Field("name").NotContains("test"),
		`id in (3, 2, 4)`:                                 Field("id").In(Int(3), Int(2), Int(4)),
		`agreementStatus not in ("Cancelled", "Expired")`: Field("agreementStatus").NotIn(Text("Cancelled"), Text("Expired")),
		`id<0`:                         Field("id").In(),
		`id>=0`:                        Field("id").NotIn(),
		`a=1 and b=2`:                  And(Field("a").Eq(Int(1)), Field("b").Eq(Int(2))),
		`a=1 and (b=2 or c=3)`:         And(Field("a").Eq(Int(1)), Or(Field("b").Eq(Int(2)), Field("c").Eq(Int(3)))),
		`(a=1 and b=2) or c in (1, 2)`: Or(And(Field("a").Eq(Int(1)), Field("b").Eq(Int(2))), Field("c").In(Int(1), Int(2))),
		`a=1`:                          And(Condition{}, Field("a").Eq(Int(1)), Condition{}),
		`b=2 or c=3`:                   And(Or(Field("b").Eq(Int(2)), Field("c").Eq(Int(3)))),
		`x=1 and (b=2 or c=3)`:         And(Field("x").Eq(Int(1)), And(Or(Field("b").Eq(Int(2)), Field("c").Eq(Int(3))))),
		``:                             And(),
	} {
		if got := c.String(); got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}

// TestConditionsAreURLEncoded: & " ' * % + reach the server intact.
func TestConditionsAreURLEncoded(t *testing.T) {
	t.Parallel()
	c := Field("name").Like(`A&B "x" 'y' *50% +1`)
	q := ListOptions{Conditions: c}.query(1000)
	enc := q.Encode()
	value, _, _ := strings.Cut(strings.TrimPrefix(enc, "conditions="), "&pageSize=")
	// A space travels as "+", so a literal "+" must be %2B.
	if strings.ContainsAny(value, "&\"'* ") || !strings.Contains(value, "%25") || !strings.Contains(value, "%2B1") {
		t.Errorf("the conditions are not URL-encoded: %s", value)
	}
	back, err := url.ParseQuery(enc)
	if err != nil || back.Get("conditions") != c.String() {
		t.Errorf("round trip %q, want %q (%v)", back.Get("conditions"), c.String(), err)
	}
}

func TestFieldRefusesBadPaths(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"", "a b", "a=1", "/a", "a/", "a//b", `a"`, "1a"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Field(%q) did not panic", p)
				}
			}()
			Field(p)
		}()
	}
}
