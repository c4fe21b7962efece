package store

import (
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Migration numbers are handed out in ranges, one per piece of work built in parallel, so the embedded
// files may skip numbers (010, then 020). tern wants every number from 1 to the highest: withGaps answers
// each skipped number with a migration that changes nothing.

var migrationName = regexp.MustCompile(`^(\d+)_.+\.sql$`)

// withGaps returns fsys with a no-op "NNN_kosong.sql" for every number missing below the highest.
func withGaps(fsys fs.FS) (fs.FS, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	have := map[int]bool{}
	highest := 0
	for _, e := range entries {
		if m := migrationName.FindStringSubmatch(e.Name()); m != nil {
			n, _ := strconv.Atoi(m[1])
			have[n], highest = true, max(highest, n)
		}
	}
	extra := map[string]bool{}
	for n := 1; n < highest; n++ {
		if !have[n] {
			extra[fmt.Sprintf("%03d_kosong.sql", n)] = true
		}
	}
	return gapFS{fsys, extra}, nil
}

// gapFS is fsys with empty files added under the names in extra.
type gapFS struct {
	fs.FS
	extra map[string]bool
}

func (g gapFS) Open(name string) (fs.File, error) {
	if g.extra[name] {
		return &emptyFile{name: name, r: strings.NewReader(gapSQL)}, nil
	}
	return g.FS.Open(name)
}

func (g gapFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(g.FS, name)
	if err != nil || name != "." {
		return entries, err
	}
	for n := range g.extra {
		entries = append(entries, fs.FileInfoToDirEntry(emptyInfo(n)))
	}
	return entries, nil
}

// gapSQL is what a skipped number runs: tern refuses a step without SQL, so a no-op statement.
const gapSQL = "-- Nomor migrasi ini tidak dipakai.\nSELECT 1;\n"

type emptyFile struct {
	name string
	r    *strings.Reader
}

func (f *emptyFile) Stat() (fs.FileInfo, error) { return emptyInfo(f.name), nil }
func (f *emptyFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *emptyFile) Close() error               { return nil }

type emptyInfo string

func (i emptyInfo) Name() string       { return strings.TrimPrefix(string(i), "./") }
func (i emptyInfo) Size() int64        { return int64(len(gapSQL)) }
func (i emptyInfo) Mode() fs.FileMode  { return 0o444 }
func (i emptyInfo) ModTime() time.Time { return time.Time{} }
func (i emptyInfo) IsDir() bool        { return false }
func (i emptyInfo) Sys() any           { return nil }
