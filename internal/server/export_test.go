package server

import "github.com/bappenas/portal-regsosek/internal/store"

// failureDelay is exported to the external tests of this package.
var FailureDelay = store.FailureDelay
