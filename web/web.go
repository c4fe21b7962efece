// Package web embeds the static assets and serves them under /static/ with a content hash in the URL, so
// browsers may cache them forever and a new release is fetched at once.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
	"sync"
)

//go:embed static
var files embed.FS

var (
	hashOnce sync.Once
	hashes   map[string]string // "css/app.css" -> first 10 hex digits of its SHA-256
)

func loadHashes() {
	hashes = map[string]string{}
	_ = fs.WalkDir(files, "static", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		hashes[strings.TrimPrefix(path, "static/")] = hex.EncodeToString(sum[:])[:10]
		return nil
	})
}

// Path returns the URL of a static file, for example Path("css/app.css") = "/static/3f2a9c01de/css/app.css".
// It panics on an unknown name so a typo fails the first test that renders the page.
func Path(name string) string {
	hashOnce.Do(loadHashes)
	h, ok := hashes[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return "/static/" + h + "/" + name
}

// Handler serves /static/{hash}/{name}. A request with an outdated hash still gets the current file, but
// only a matching hash is cached as immutable.
func Handler() http.Handler {
	hashOnce.Do(loadHashes)
	sub, _ := fs.Sub(files, "static")
	fileServer := http.FileServerFS(sub)
	return http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hash, name, ok := strings.Cut(r.URL.Path, "/")
		if !ok || name == "" || strings.HasSuffix(name, "/") {
			http.NotFound(w, r)
			return
		}
		if _, err := fs.Stat(sub, name); err != nil {
			http.NotFound(w, r)
			return
		}
		if hashes[name] == hash {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + name
		fileServer.ServeHTTP(w, r2)
	}))
}
