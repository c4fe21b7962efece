package store

import (
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"testing"

	"github.com/bappenas/portal-regsosek/migrations"
)

// tern applies migrations by number and keeps one version per database: a gap stops it, and a file numbered
// below a database's version would never run there. So the files are numbered 1, 2, 3, … with no gap and no
// number twice (docs/architecture.md, "Migration numbers").
func TestMigrationsNumberedInOrder(t *testing.T) {
	entries, err := fs.ReadDir(migrations.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	name := regexp.MustCompile(`^(\d{3})_[a-z0-9_]+\.sql$`)
	want := 1
	for _, e := range entries {
		m := name.FindStringSubmatch(e.Name())
		if m == nil {
			t.Errorf("%s: not named NNN_words.sql", e.Name())
			continue
		}
		n, _ := strconv.Atoi(m[1])
		if n != want {
			t.Fatalf("%s: expected number %s next (a gap or a repeated number)", e.Name(), fmt.Sprintf("%03d", want))
		}
		want++
	}
	if want < 30 {
		t.Fatalf("only %d migrations found: the embedded files are not all there", want-1)
	}
}
