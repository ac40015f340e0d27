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
)

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
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	out := map[string]*ast.StructType{}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
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

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
