package emulator

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The layout's rules (DESIGN.md, "Layout"), checked on the source: SQL and database/sql only
// in the store, one list/page query, and no handler that writes to an http.ResponseWriter
// (only package web's adapter does). depguard in .golangci.yml keeps the import arrows.

// sqlStatement matches the start of an SQL statement in a string literal (the project's SQL
// is written in upper case; prose that says "select ... from" is not SQL).
var sqlStatement = regexp.MustCompile(`(?s)\b(SELECT\s.+\sFROM\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(TABLE|INDEX|TRIGGER)\s|ALTER\s+TABLE\s|PRAGMA\s+\w|SAVEPOINT\s|ROLLBACK\s+TO\s)`)

// sqlPackages are the imports that only the store may have.
var sqlPackages = []string{"database/sql", "database/sql/driver", "modernc.org/sqlite"}

// goFiles parses every Go file under the emulator (tests included), keyed by slash path.
func goFiles(t *testing.T) (map[string]*ast.File, *token.FileSet) {
	t.Helper()
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(path)] = f
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Fatalf("read only %d Go files; is the test running in internal/emulator?", len(files))
	}
	return files, fset
}

// sqlProblems lists SQL statements and database/sql imports of a file outside the store.
func sqlProblems(fset *token.FileSet, f *ast.File) []string {
	var out []string
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); slices.Contains(sqlPackages, p) {
			out = append(out, fset.Position(imp.Pos()).String()+": imports "+p)
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil && sqlStatement.MatchString(s) {
				out = append(out, fset.Position(lit.Pos()).String()+": SQL "+strconv.Quote(sqlStatement.FindString(s)))
			}
		}
		return true
	})
	return out
}

func TestSQLOnlyInTheStore(t *testing.T) {
	t.Parallel()
	files, fset := goFiles(t)
	var problems []string
	sqlInStore := 0
	for path, f := range files {
		if path == "layout_test.go" {
			continue
		}
		found := sqlProblems(fset, f)
		if strings.HasPrefix(path, "store/") {
			sqlInStore += len(found)
			continue
		}
		problems = append(problems, found...)
	}
	slices.Sort(problems)
	if len(problems) > 0 {
		t.Errorf("SQL and database/sql belong in internal/emulator/store (files named for their table or intent); found elsewhere:\n%s", strings.Join(problems, "\n"))
	}
	if sqlInStore == 0 {
		t.Error("found no SQL in the store: the check does not see it")
	}
}

// TestOnePagingQuery: every list page is read by the store's one helper (page.go).
func TestOnePagingQuery(t *testing.T) {
	t.Parallel()
	files, _ := goFiles(t)
	var places []string
	for path, f := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && strings.Contains(strings.ToUpper(lit.Value), "OFFSET") {
				places = append(places, path)
			}
			return true
		})
	}
	if len(places) != 1 || places[0] != "store/page.go" {
		t.Errorf("a page query (LIMIT/OFFSET) in %v; read every list page with the store's listPage (store/page.go)", places)
	}
}

// forwardsTo are the calls a handler may hand its http.ResponseWriter to: web.API's Serve and
// WriteError, which write the reply, and the next handler's ServeHTTP.
var forwardsTo = []string{"Serve", "WriteError", "ServeHTTP"}

// responseWrites lists the uses of http.ResponseWriter parameters in f other than handing
// them on to forwardsTo.
func responseWrites(fset *token.FileSet, f *ast.File) []string {
	httpName := "http"
	for _, imp := range f.Imports {
		if imp.Path.Value == `"net/http"` && imp.Name != nil {
			httpName = imp.Name.Name
		}
	}
	isWriter := func(e ast.Expr) bool {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		pkg, ok := sel.X.(*ast.Ident)
		return ok && pkg.Name == httpName && sel.Sel.Name == "ResponseWriter"
	}
	var out []string
	check := func(typ *ast.FuncType, body *ast.BlockStmt) {
		if body == nil || typ.Params == nil {
			return
		}
		var writers []string
		for _, p := range typ.Params.List {
			if isWriter(p.Type) {
				for _, name := range p.Names {
					writers = append(writers, name.Name)
				}
			}
		}
		if len(writers) == 0 {
			return
		}
		// Every use of a writer must be an argument of a forwarding call.
		allowed := map[*ast.Ident]bool{}
		ast.Inspect(body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && slices.Contains(forwardsTo, sel.Sel.Name) {
				for _, arg := range call.Args {
					if id, ok := arg.(*ast.Ident); ok {
						allowed[id] = true
					}
				}
			}
			return true
		})
		ast.Inspect(body, func(n ast.Node) bool {
			if lit, ok := n.(*ast.FuncLit); ok {
				for _, p := range lit.Type.Params.List {
					if isWriter(p.Type) {
						return false // checked on its own
					}
				}
			}
			if id, ok := n.(*ast.Ident); ok && slices.Contains(writers, id.Name) && !allowed[id] {
				out = append(out, fset.Position(id.Pos()).String()+": "+id.Name+" is used other than handed to "+strings.Join(forwardsTo, ", "))
			}
			return true
		})
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch fn := n.(type) {
		case *ast.FuncDecl:
			check(fn.Type, fn.Body)
		case *ast.FuncLit:
			check(fn.Type, fn.Body)
		}
		return true
	})
	return out
}

func TestNoHandlerWritesAResponse(t *testing.T) {
	t.Parallel()
	files, fset := goFiles(t)
	var problems []string
	for path, f := range files {
		if strings.HasPrefix(path, "web/") || strings.HasPrefix(path, "apiserver/") || strings.HasSuffix(path, "_test.go") {
			continue
		}
		problems = append(problems, responseWrites(fset, f)...)
	}
	slices.Sort(problems)
	if len(problems) > 0 {
		t.Errorf("handlers return a web.Reply (or an error) and web.API writes it; these write to an http.ResponseWriter themselves:\n%s", strings.Join(problems, "\n"))
	}
}

// TestLayoutChecksFail shows the checks above can fail: they find SQL, database/sql and
// response writes in code that has them, and nothing in code that has none.
func TestLayoutChecksFail(t *testing.T) {
	t.Parallel()
	const bad = `package room

import (
	"database/sql"
	"fmt"
	stdhttp "net/http"
)

var _ = sql.ErrNoRows

func (rm *Room) List(w stdhttp.ResponseWriter, r *stdhttp.Request) {
	rows, _ := rm.db.Query("SELECT id FROM tenants WHERE partner_id = ?", 1)
	_ = rows
	w.Header().Set("ETag", "1")
	fmt.Fprintln(w, "{}")
	rm.api.Serve(w, r, nil)
}

func middleware(next stdhttp.Handler) stdhttp.Handler {
	return stdhttp.HandlerFunc(func(w stdhttp.ResponseWriter, r *stdhttp.Request) {
		helper(w)
		next.ServeHTTP(w, r)
	})
}
`
	const good = `package room

import "net/http"

func (rm *Room) List(w http.ResponseWriter, r *http.Request) {
	rm.api.Serve(w, r, func() (Reply, error) { return OK("DELETE /partner/v1/psa/x and select a product from the list"), nil })
}
`
	fset := token.NewFileSet()
	parse := func(src string) *ast.File {
		f, err := parser.ParseFile(fset, "room.go", src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	if got := sqlProblems(fset, parse(bad)); len(got) != 2 {
		t.Errorf("SQL problems of the bad file = %q, want the import and the SELECT", got)
	}
	if got := responseWrites(fset, parse(bad)); len(got) != 3 {
		t.Errorf("response writes of the bad file = %q, want w.Header, fmt.Fprintln(w) and helper(w)", got)
	}
	if got := append(sqlProblems(fset, parse(good)), responseWrites(fset, parse(good))...); len(got) != 0 {
		t.Errorf("problems of the good file = %q, want none", got)
	}
}
