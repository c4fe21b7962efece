package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// One way to change state: in the portal's own code (tests aside) a state column is written by one function
// only, applyChange, which every machine's transition calls. Anyone adding an UPDATE ... SET state = ...
// elsewhere makes this test fail and is pointed to store/transition.go.

// stateWriters are the functions allowed to write a state column, with why.
var stateWriters = map[string]string{
	"internal/store/transition.go:applyChange": "the one writer of every machine's state",
	// An email's delivery record follows its river job (kirim_surel): pending, then sent or failed, written by
	// the delivery worker alone, in this one function, with no audit row per attempt.
	"internal/store/outbox.go:RecordDelivery": "the outbox's one writer",
	// An admin sends an email that failed for good back to pending from the operations page; its delivery job
	// comes back with it (river's JobRetryTx) and RecordDelivery takes over again.
	"internal/store/operasi.go:RetryMail": "an admin's retry of a failed email",
	// The built-in Sepakat registry stands in for the external Sepakat system (SEPAKAT_MODE=registry): its
	// table is that system's record of its own accounts, not a state machine of the portal.
	"internal/store/sepakat_registry.go:Extend": "the stand-in Sepakat system's own records",
	"internal/store/sepakat_registry.go:Revoke": "the stand-in Sepakat system's own records",
}

// setList finds the SET list of an UPDATE (or of ON CONFLICT ... DO UPDATE).
var setList = regexp.MustCompile(`(?is)\bSET\b(.*?)(\bWHERE\b|\bRETURNING\b|\bFROM\b|$)`)

// stateItem is an item of a SET list that assigns a state column.
var stateItem = regexp.MustCompile(`(?is)^\s*(\w+\.)?state\s*=`)

// writesState reports whether an SQL string (or the SET part of one built in pieces) assigns a state column.
func writesState(s string) bool {
	if !regexp.MustCompile(`(?i)\bUPDATE\b`).MatchString(s) && !regexp.MustCompile(`(?i)^\s*SET\b`).MatchString(s) {
		return false
	}
	for _, m := range setList.FindAllStringSubmatch(s, -1) {
		depth, start := 0, 0
		list := m[1]
		for i, r := range list + "," {
			switch {
			case r == '(':
				depth++
			case r == ')':
				depth--
			case r == ',' && depth == 0:
				if stateItem.MatchString(list[start:min(i, len(list))]) {
					return true
				}
				start = i + 1
			}
		}
	}
	return false
}

func TestOneStateWriter(t *testing.T) {
	root := repoRoot(t)
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "var" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.HasSuffix(path, "_templ.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		for _, fn := range writersIn(t, path) {
			found = append(found, filepath.ToSlash(rel)+":"+fn)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range found {
		if _, ok := stateWriters[w]; !ok {
			t.Errorf("%s writes a state column: move it through its machine's transition (store/transition.go)", w)
		}
	}
	if !slices.Contains(found, "internal/store/transition.go:applyChange") {
		t.Error("applyChange no longer writes the state: update this test with the new single writer")
	}
}

// writersIn returns the functions of a file whose string literals write a state column.
func writersIn(t *testing.T, path string) []string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		writes := false
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, err := strconv.Unquote(lit.Value)
				if err == nil && writesState(s) {
					writes = true
				}
			}
			return !writes
		})
		if writes {
			out = append(out, fn.Name.Name)
		}
	}
	return out
}

func repoRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}
