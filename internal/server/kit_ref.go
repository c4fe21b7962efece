package server

import (
	"context"
	"sync"
	"time"

	"github.com/bappenas/portal-regsosek/templates/components"
)

// refCache keeps the provinces the staff lists filter by. Reference data changes only when `portal seed`
// loads a new edition, so a list reads it from memory and looks again after refTTL.
type refCache struct {
	mu       sync.Mutex
	at       time.Time
	provinsi []components.Option
}

const refTTL = 10 * time.Minute

func (s *Server) provinsiOptions(ctx context.Context) ([]components.Option, error) {
	s.refs.mu.Lock()
	defer s.refs.mu.Unlock()
	if s.refs.provinsi != nil && time.Since(s.refs.at) < refTTL {
		return s.refs.provinsi, nil
	}
	list, err := s.store.ListProvinsi(ctx)
	if err != nil {
		return nil, err
	}
	s.refs.provinsi, s.refs.at = toOptions(list), time.Now()
	return s.refs.provinsi, nil
}
