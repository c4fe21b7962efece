package store

import (
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"testing/fstest"
)

// Each issue adds its migrations in a number range of its own (030–039, 040–049, …), so the numbers in
// migrations/ have gaps until every range is used; tern refuses a gap ("Missing migration 11"). withGaps
// presents the migrations to tern with each missing number filled by a migration that does nothing, so the
// numbers stay those of the files and a range used later applies in order on a fresh database.
//
// fstest.MapFS is only an in-memory fs.FS here (the package imports nothing of testing).

var migrationName = regexp.MustCompile(`^(\d+)_.+\.sql$`)

// reservedSQL is what a filled number runs: tern requires some SQL in every migration.
const reservedSQL = "-- Number reserved for another change; nothing to do.\nSELECT 1;\n"

func withGaps(src fs.FS) (fs.FS, error) {
	entries, err := fs.ReadDir(src, ".")
	if err != nil {
		return nil, err
	}
	out := fstest.MapFS{}
	seen := map[int]bool{}
	highest := 0
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		body, err := fs.ReadFile(src, e.Name())
		if err != nil {
			return nil, err
		}
		out[e.Name()] = &fstest.MapFile{Data: body, Mode: 0o444}
		if m := migrationName.FindStringSubmatch(e.Name()); m != nil {
			n, _ := strconv.Atoi(m[1])
			seen[n], highest = true, max(highest, n)
		}
	}
	for n := 1; n < highest; n++ {
		if !seen[n] {
			out[fmt.Sprintf("%03d_reserved.sql", n)] = &fstest.MapFile{Data: []byte(reservedSQL), Mode: 0o444}
		}
	}
	return out, nil
}
