// Package migrations embeds the numbered SQL files that build the schema. They are applied forward only by
// internal/store.Migrate.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
