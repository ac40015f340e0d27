package fieldcheck

import (
	"strings"
	"testing"
)

// TestProblemsFindsWhatDiffers: an invented name, an untagged field, a type without a list,
// a list without a type and a name used twice are each reported; the correct type is not.
func TestProblemsFindsWhatDiffers(t *testing.T) {
	t.Parallel()
	got, err := Problems("testdata/sample", map[string][]string{
		"Good":   {"id", "name"},
		"Typo":   {"id", "company"},
		"Stale":  {"id"},
		"Twice2": {"a"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`Typo.Invented has JSON name "invented"`,
		"Typo.Untagged has no JSON name",
		"type Twice has no vendor field list",
		"names type Stale, which is not declared",
		"names type Twice2, which is not declared",
	}
	all := strings.Join(got, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("missing %q in:\n%s", w, all)
		}
	}
	if strings.Contains(all, "Good") || strings.Contains(all, "Alias") {
		t.Errorf("a correct type or an alias was reported:\n%s", all)
	}
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d:\n%s", len(got), len(want), all)
	}

	got, err = Problems("testdata/sample", map[string][]string{"Good": {"id", "name"}, "Typo": {"id", "invented", "Untagged"}, "Twice": {"a"}})
	if err != nil {
		t.Fatal(err)
	}
	if all := strings.Join(got, "\n"); !strings.Contains(all, `both have JSON name "a"`) || !strings.Contains(all, "Untagged has no JSON name") {
		t.Errorf("a name used twice or an untagged field was not reported:\n%s", all)
	}
}

// TestConstantProblemsFindsWhatDiffers: a field constant that is no JSON name, one naming a
// field another already names and one that is no literal are each reported; a correct one
// and constants that are not Field<Name> are not.
func TestConstantProblemsFindsWhatDiffers(t *testing.T) {
	t.Parallel()
	got, err := ConstantProblems("testdata/sample")
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(got, "\n")
	for _, w := range []string{
		`FieldInvented is "nope", which is no JSON name`,
		`FieldAgain and FieldName both name field "name"`,
		"FieldNotLiteral is not a string literal",
	} {
		if !strings.Contains(all, w) {
			t.Errorf("missing %q in:\n%s", w, all)
		}
	}
	if len(got) != 3 || strings.Contains(all, "FieldsPath") || strings.Contains(all, "fieldPrivate") {
		t.Errorf("want exactly the three problems:\n%s", all)
	}
}
