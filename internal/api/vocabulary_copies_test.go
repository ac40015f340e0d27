package api

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The vocabulary is declared once, here. TestNoVocabularyCopies reads every hand-written
// Go file of the module outside this package and fails on a second declaration of it:
//
//   - a list of two or more values of one enum (`[]string{"usage", "term"}`,
//     `[]string{string(api.SyncStatusSuccessful), string(api.SyncStatusFailed)}`) instead of
//     the list function of vocabulary*.go (api.BillingTypes(), ...);
//   - a constant holding an enum value (`contractActive = "active"`), or a limit of the same
//     value and subject as one of vocabulary*.go (`maxIdempotencyKey = 200`);
//   - a loop turning a list function's values into strings (api.Strings does that), and a
//     function that only calls an enum's Valid (call Valid).
//
// Switch cases and comparisons name single values, which is what the constants are for.

// vocabularyCopyAllowlist names directories whose copies are known and being removed
// elsewhere; the test fails when one no longer has any, so the entry is deleted with the
// last copy.
var vocabularyCopyAllowlist = map[string]string{
	// The emulator's copies (contract-status constants, psaAllowed, validPSA, two inline
	// enum lists, maxIdempotencyKey) are removed by the emulator's restructuring into rooms
	// (issue 16, branch rooms); delete this entry when that lands.
	"internal/emulator/": "removed by the emulator rooms restructuring (issue 16)",
}

// vocabulary is what this package declares: every enum's values by type, the list
// functions and the limits.
type vocabulary struct {
	enumOf    map[string]map[string]string // type -> value -> constant name
	constType map[string]string            // enum constant name -> type
	listFuncs map[string]bool
	limits    map[string]int64 // Min*/Max* constant -> value
}

func readVocabulary(t *testing.T) vocabulary {
	t.Helper()
	v := vocabulary{enumOf: map[string]map[string]string{}, constType: map[string]string{}, listFuncs: map[string]bool{}, limits: map[string]int64{}}
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.GenDecl:
				if d.Tok != token.CONST {
					continue
				}
				for _, spec := range d.Specs {
					vs, ok := spec.(*ast.ValueSpec)
					if !ok || len(vs.Values) != len(vs.Names) {
						continue
					}
					for i, n := range vs.Names {
						lit, ok := vs.Values[i].(*ast.BasicLit)
						if !ok {
							continue
						}
						typ, typed := vs.Type.(*ast.Ident)
						switch {
						case typed && lit.Kind == token.STRING:
							value, _ := strconv.Unquote(lit.Value)
							if v.enumOf[typ.Name] == nil {
								v.enumOf[typ.Name] = map[string]string{}
							}
							v.enumOf[typ.Name][value] = n.Name
							v.constType[n.Name] = typ.Name
						case lit.Kind == token.INT && (strings.HasPrefix(n.Name, "Max") || strings.HasPrefix(n.Name, "Min")):
							i, _ := strconv.ParseInt(lit.Value, 10, 64)
							v.limits[n.Name] = i
						}
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil && d.Type.Results != nil && len(d.Type.Results.List) == 1 {
					if _, ok := d.Type.Results.List[0].Type.(*ast.ArrayType); ok && ast.IsExported(d.Name.Name) {
						v.listFuncs[d.Name.Name] = true
					}
				}
			}
		}
	}
	if len(v.enumOf["Psa"]) < 2 || !v.listFuncs["PSAs"] || v.limits["MaxIdempotencyKeyLength"] == 0 {
		t.Fatalf("the vocabulary was not read: %d enums, list functions %v, limits %v", len(v.enumOf), v.listFuncs, v.limits)
	}
	return v
}

// checkVocabularyCopies returns the copies of the vocabulary in the Go files below root
// (this package, test files and generated files left out), as "path:line: what".
func checkVocabularyCopies(t *testing.T, v vocabulary, root string) []string {
	t.Helper()
	var found []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "internal/api" || rel == "tools" || rel == "bin" || strings.HasPrefix(d.Name(), ".") && rel != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || strings.HasSuffix(p, ".gen.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		for _, c := range copiesIn(v, f) {
			found = append(found, fmt.Sprintf("%s:%d: %s", rel, fset.Position(c.pos).Line, c.what))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(found)
	return found
}

type vocabularyCopy struct {
	pos  token.Pos
	what string
}

var camelWord = regexp.MustCompile(`[A-Z]?[a-z]+|[A-Z]+`)

// copiesIn finds the copies in one file.
func copiesIn(v vocabulary, f *ast.File) []vocabularyCopy {
	var out []vocabularyCopy
	apiName := ""
	for _, imp := range f.Imports {
		if strings.HasSuffix(imp.Path.Value, `/internal/api"`) {
			apiName = "api"
			if imp.Name != nil {
				apiName = imp.Name.Name
			}
		}
	}
	// Package-level string constants of this file, to see through `contractActive`.
	local := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		for i, name := range vs.Names {
			if i >= len(vs.Values) {
				continue
			}
			lit, ok := vs.Values[i].(*ast.BasicLit)
			if !ok {
				continue
			}
			switch lit.Kind {
			case token.STRING:
				value, _ := strconv.Unquote(lit.Value)
				local[name.Name] = value
				for _, typ := range slices.Sorted(mapKeys(v.enumOf)) {
					if c, ok := v.enumOf[typ][value]; ok {
						out = append(out, vocabularyCopy{name.Pos(), fmt.Sprintf("%s = %q repeats api.%s", name.Name, value, c)})
						break
					}
				}
			case token.INT:
				i, _ := strconv.ParseInt(lit.Value, 10, 64)
				if c := sameLimit(v, name.Name, i); c != "" {
					out = append(out, vocabularyCopy{name.Pos(), fmt.Sprintf("%s = %d repeats api.%s", name.Name, i, c)})
				}
			}
		}
		return true
	})
	// value resolves an element of a list to (enum type, value) candidates.
	value := func(e ast.Expr) (map[string]bool, bool) {
		for {
			call, ok := e.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				break
			}
			e = call.Args[0]
		}
		types := map[string]bool{}
		switch x := e.(type) {
		case *ast.BasicLit:
			s, err := strconv.Unquote(x.Value)
			if x.Kind != token.STRING || err != nil {
				return nil, false
			}
			for typ, values := range v.enumOf {
				if _, ok := values[s]; ok {
					types[typ] = true
				}
			}
		case *ast.SelectorExpr:
			if pkg, ok := x.X.(*ast.Ident); ok && apiName != "" && pkg.Name == apiName {
				if typ, ok := v.constType[x.Sel.Name]; ok {
					types[typ] = true
				}
			}
		case *ast.Ident:
			if s, ok := local[x.Name]; ok {
				for typ, values := range v.enumOf {
					if _, ok := values[s]; ok {
						types[typ] = true
					}
				}
			}
		}
		return types, len(types) > 0
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CompositeLit:
			if len(x.Elts) < 2 {
				return true
			}
			var common map[string]bool
			for _, e := range x.Elts {
				types, ok := value(e)
				if !ok {
					return true
				}
				if common == nil {
					common = types
					continue
				}
				for typ := range common {
					if !types[typ] {
						delete(common, typ)
					}
				}
			}
			for _, typ := range slices.Sorted(mapKeys(common)) {
				out = append(out, vocabularyCopy{x.Pos(), fmt.Sprintf("a list of %s values; use the list function of internal/api", typ)})
				break
			}
		case *ast.RangeStmt:
			call, ok := x.X.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || apiName == "" || !isIdent(sel.X, apiName) || !v.listFuncs[sel.Sel.Name] || len(x.Body.List) != 1 {
				return true
			}
			if as, ok := x.Body.List[0].(*ast.AssignStmt); ok && len(as.Rhs) == 1 && isCall(as.Rhs[0], "append") {
				out = append(out, vocabularyCopy{x.Pos(), fmt.Sprintf("turns api.%s() into strings; use api.Strings", sel.Sel.Name)})
			}
		case *ast.FuncDecl:
			if x.Body == nil || len(x.Body.List) != 1 {
				return true
			}
			ret, ok := x.Body.List[0].(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 1 {
				return true
			}
			if call, ok := ret.Results[0].(*ast.CallExpr); ok && len(call.Args) == 0 {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Valid" && x.Recv == nil {
					out = append(out, vocabularyCopy{x.Pos(), fmt.Sprintf("%s only calls Valid; call Valid", x.Name.Name)})
				}
			}
		}
		return true
	})
	return out
}

// sameLimit returns the limit of the vocabulary that a min/max constant name with value i
// repeats: the same value and a word of its subject in common.
func sameLimit(v vocabulary, name string, i int64) string {
	lower := strings.ToLower(name)
	if !strings.HasPrefix(lower, "max") && !strings.HasPrefix(lower, "min") {
		return ""
	}
	words := func(s string) map[string]bool {
		out := map[string]bool{}
		for _, w := range camelWord.FindAllString(s, -1) {
			w = strings.ToLower(w)
			if w != "max" && w != "min" && w != "length" {
				out[w] = true
			}
		}
		return out
	}
	mine := words(name)
	for _, c := range slices.Sorted(mapKeys(v.limits)) {
		if v.limits[c] != i {
			continue
		}
		for w := range words(c) {
			if mine[w] {
				return c
			}
		}
	}
	return ""
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func isCall(e ast.Expr, name string) bool {
	call, ok := e.(*ast.CallExpr)
	return ok && isIdent(call.Fun, name)
}

// TestNoVocabularyCopies fails on a copy of the vocabulary anywhere in the module.
func TestNoVocabularyCopies(t *testing.T) {
	v := readVocabulary(t)
	allowed := map[string][]string{}
	for _, c := range checkVocabularyCopies(t, v, filepath.Join("..", "..")) {
		if dir := allowedBy(c); dir != "" {
			allowed[dir] = append(allowed[dir], c)
			continue
		}
		t.Errorf("%s (declare it once, in internal/api/vocabulary*.go)", c)
	}
	for dir, why := range vocabularyCopyAllowlist {
		if len(allowed[dir]) == 0 {
			t.Errorf("%s has no copy of the vocabulary any more (%s): delete its entry in vocabularyCopyAllowlist", dir, why)
		}
		for _, c := range allowed[dir] {
			t.Logf("allowed until it is removed (%s): %s", why, c)
		}
	}
}

func allowedBy(c string) string {
	for dir := range vocabularyCopyAllowlist {
		if strings.HasPrefix(c, dir) {
			return dir
		}
	}
	return ""
}

// TestVocabularyCopiesAreFound holds the check to the copies it exists for, written the
// way they were found in this repository, so it cannot pass by finding nothing.
func TestVocabularyCopiesAreFound(t *testing.T) {
	v := readVocabulary(t)
	dir := t.TempDir()
	src := `package x

import "github.com/psa-iac/terraform-provider-sophos/internal/api"

const (
	contractActive    = "active"
	contractCancelled = "cancelled"
	maxIdempotencyKey = 200
	maxRetries        = 20
)

func billingTypeValues() []string {
	return []string{string(api.BillingTypeUsage), string(api.BillingTypeTerm), string(api.BillingTypeTrial)}
}

func statuses() []string { return []string{"connected", "notConfigured", "error"} }

func names() []string { return []string{contractActive, contractCancelled} }

func psaAllowed() []string {
	out := make([]string, 0, 2)
	for _, p := range api.PSAs() {
		out = append(out, string(p))
	}
	return out
}

func validPSA(p api.Psa) bool { return p.Valid() }

func fine(p api.Psa) bool {
	switch p {
	case api.PsaConnectwise, api.PsaAutotask:
		return true
	}
	return []string{"usage", "not an enum value"} != nil
}
`
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	got := checkVocabularyCopies(t, v, dir)
	want := []string{
		"x.go:6: contractActive", "x.go:7: contractCancelled", "x.go:8: maxIdempotencyKey = 200 repeats api.MaxIdempotencyKeyLength",
		"x.go:13: a list of BillingType values", "x.go:16: a list of IntegrationStatus values", "x.go:18: a list of CustomerMappingContractStatus values",
		"x.go:22: turns api.PSAs() into strings", "x.go:28: validPSA only calls Valid",
	}
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, w) }) {
			t.Errorf("not found: %s", w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("want %d findings, got %d:\n%s", len(want), len(got), strings.Join(got, "\n"))
	}
}
