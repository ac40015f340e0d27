// Package fieldcheck holds the JSON names of a vendor API's Go declarations (the PSA
// packages beside it) to a field list written from the vendor's documentation, so a typo or
// an invented field fails a test. It reads the package's source, so no struct type can be
// left out: every struct type declared there must have a list, and every list a type.
package fieldcheck

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Check is a vendor package's test of its declarations: every problem Problems and
// ConstantProblems find in dir is a test error.
func Check(t testing.TB, dir string, vendor map[string][]string) {
	t.Helper()
	problems, err := Problems(dir, vendor)
	if err != nil {
		t.Fatal(err)
	}
	constants, err := ConstantProblems(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range append(problems, constants...) {
		t.Error(p)
	}
}

// Problems compares the struct types declared in the non-test Go files of dir with vendor
// (Go type name -> the vendor's JSON field names of that object) and returns what differs,
// one sentence each; none when every JSON name is the vendor's.
func Problems(dir string, vendor map[string][]string) ([]string, error) {
	structs, err := declaredStructs(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, name := range sortedKeys(structs) {
		allowed, ok := vendor[name]
		if !ok {
			out = append(out, fmt.Sprintf("type %s has no vendor field list: add one written from the reference", name))
			continue
		}
		seen := map[string]string{}
		for _, f := range structs[name].Fields.List {
			if len(f.Names) != 1 {
				out = append(out, fmt.Sprintf("type %s: declare each field on its own line with a JSON tag (embedded or grouped fields cannot be checked)", name))
				continue
			}
			goName := f.Names[0].Name
			tag := jsonName(f)
			switch {
			case tag == "":
				out = append(out, fmt.Sprintf("%s.%s has no JSON name: name it as the vendor does", name, goName))
			case !slices.Contains(allowed, tag):
				out = append(out, fmt.Sprintf("%s.%s has JSON name %q, which the vendor does not publish for %s", name, goName, tag, name))
			case seen[tag] != "":
				out = append(out, fmt.Sprintf("%s.%s and %s.%s both have JSON name %q", name, seen[tag], name, goName, tag))
			}
			seen[tag] = goName
		}
	}
	for _, name := range sortedKeys(vendor) {
		if _, ok := structs[name]; !ok {
			out = append(out, fmt.Sprintf("the vendor list names type %s, which is not declared", name))
		}
	}
	return out, nil
}

func jsonName(f *ast.Field) string {
	if f.Tag == nil {
		return ""
	}
	raw, err := strconv.Unquote(f.Tag.Value)
	if err != nil {
		return ""
	}
	name, _, _ := strings.Cut(reflect.StructTag(raw).Get("json"), ",")
	if name == "-" {
		return ""
	}
	return name
}

func declaredStructs(dir string) (map[string]*ast.StructType, error) {
	files, err := parseDir(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]*ast.StructType{}
	for _, file := range files {
		ast.Inspect(file, func(node ast.Node) bool {
			ts, ok := node.(*ast.TypeSpec)
			if !ok || ts.Assign.IsValid() {
				return true
			}
			if st, ok := ts.Type.(*ast.StructType); ok {
				out[ts.Name.Name] = st
			}
			return true
		})
	}
	return out, nil
}

// parseDir parses the non-test Go files of dir.
func parseDir(dir string) ([]*ast.File, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var out []*ast.File
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		out = append(out, file)
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ConstantProblems holds the field-name constants of dir to its struct types: every
// constant named Field followed by an upper-case letter (FieldName, FieldCancelledFlag) must
// be a string that is the JSON name of a field of a struct type declared there, and no two
// may name the same field, so each field name the project writes outside a struct tag (a
// query's field list, a condition, a patch path) is declared once and is the vendor's.
func ConstantProblems(dir string) ([]string, error) {
	structs, err := declaredStructs(dir)
	if err != nil {
		return nil, err
	}
	tags := map[string]bool{}
	for _, st := range structs {
		for _, f := range st.Fields.List {
			if name := jsonName(f); name != "" {
				tags[name] = true
			}
		}
	}
	consts, err := declaredStringConstants(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	byValue := map[string]string{}
	for _, name := range sortedKeys(consts) {
		if !isFieldConstant(name) {
			continue
		}
		value, ok := consts[name]
		switch {
		case !ok || value == "":
			out = append(out, fmt.Sprintf("%s is not a string literal: write the field's JSON name", name))
		case !tags[value]:
			out = append(out, fmt.Sprintf("%s is %q, which is no JSON name of a type declared here", name, value))
		case byValue[value] != "":
			out = append(out, fmt.Sprintf("%s and %s both name field %q: declare it once", byValue[value], name, value))
		}
		byValue[value] = name
	}
	return out, nil
}

func isFieldConstant(name string) bool {
	rest, ok := strings.CutPrefix(name, "Field")
	return ok && rest != "" && rest[0] >= 'A' && rest[0] <= 'Z'
}

// declaredStringConstants are the constants of dir's non-test files: the value of a string
// literal, "" for any other value.
func declaredStringConstants(dir string) (map[string]string, error) {
	files, err := parseDir(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, file := range files {
		for _, d := range file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for i, n := range vs.Names {
					out[n.Name] = ""
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							out[n.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			}
		}
	}
	return out, nil
}
