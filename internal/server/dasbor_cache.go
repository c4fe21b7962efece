package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bappenas/portal-regsosek/internal/dasbor"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/templates/components"
)

// DasborCache holds the public release of the Dasbor Nasional in memory, after disclosure control, with
// the pages built from it. It is read once and replaced whole when a release is published: by this
// instance at once, by the others when PostgreSQL announces it (Listen) or, failing that, when their
// periodic check sees a new stamp.
type DasborCache struct {
	store       *store.Store
	log         *slog.Logger
	minKeluarga int

	mu    sync.Mutex // one load at a time
	cur   atomic.Pointer[dasborSnapshot]
	stats atomic.Pointer[statsSnapshot]
}

// dasborSnapshot is one release as served. Everything in it is immutable once built, so requests share it
// without locks; a new release is a new snapshot.
type dasborSnapshot struct {
	stamp     dasbor.Stamp
	rilis     dasbor.Rilis // zero when nothing is published
	data      *dasbor.Data // nil when nothing is published
	provinces []dasbor.Wilayah
	views     sync.Map // key → components.DasborView
	responses sync.Map // key → *cachedResponse, for visitors who are not signed in
	count     atomic.Int32
}

// maxCachedResponses bounds the responses kept per release; the keys are validated, so this is only a guard.
const maxCachedResponses = 2048

type statsSnapshot struct {
	stats review.ServiceStats
	at    time.Time
}

// statsTTL is how long the public service statistics are reused before they are computed again.
const statsTTL = 5 * time.Minute

// NewDasborCache returns an empty cache; the release is read at the first request.
func NewDasborCache(st *store.Store, log *slog.Logger, minKeluarga int) *DasborCache {
	return &DasborCache{store: st, log: log, minKeluarga: minKeluarga}
}

// How reload decides whether to read the release again.
type reloadMode int

const (
	loadIfMissing reloadMode = iota // only when nothing is loaded yet (first request)
	loadIfChanged                   // when the published stamp differs from the loaded one
	loadAlways                      // after a publication by this instance or an announcement
)

// current returns the snapshot, reading the release on first use.
func (c *DasborCache) current(ctx context.Context) (*dasborSnapshot, error) {
	if s := c.cur.Load(); s != nil {
		return s, nil
	}
	return c.reload(ctx, loadIfMissing)
}

// reload reads the public release again, as mode says.
func (c *DasborCache) reload(ctx context.Context, mode reloadMode) (*dasborSnapshot, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.cur.Load()
	switch {
	case old != nil && mode == loadIfMissing:
		return old, nil
	case old != nil && mode == loadIfChanged:
		stamp, err := c.store.PublishedDasborStamp(ctx)
		if err != nil {
			return old, err
		}
		if stamp.ID == old.stamp.ID && stamp.PublishedAt.Equal(old.stamp.PublishedAt) {
			return old, nil
		}
	}
	provinces, err := c.store.ListProvinsi(ctx)
	if err != nil {
		return old, err
	}
	snap := &dasborSnapshot{}
	for _, p := range provinces {
		snap.provinces = append(snap.provinces, dasbor.Wilayah{Kode: p.Kode, Nama: p.Nama})
	}
	rilis, values, err := c.store.PublishedDasbor(ctx)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return old, err
	default:
		snap.rilis = rilis
		if rilis.PublishedAt != nil {
			snap.stamp = dasbor.Stamp{ID: rilis.ID, PublishedAt: *rilis.PublishedAt}
		}
		snap.data = dasbor.NewData(values, snap.provinces, c.minKeluarga)
	}
	c.cur.Store(snap)
	if old == nil || old.stamp != snap.stamp {
		c.log.Info("dasbor release loaded", "rilis_id", snap.rilis.ID, "versi", snap.rilis.Versi, "suppressed", suppressedCount(snap.data))
	}
	return snap, nil
}

func suppressedCount(d *dasbor.Data) int {
	if d == nil {
		return 0
	}
	return d.SuppressedCount
}

// Refresh reads the public release again now; the server calls it after a publication.
func (c *DasborCache) Refresh(ctx context.Context) error {
	_, err := c.reload(ctx, loadAlways)
	return err
}

// Synthetic reports whether the public release is synthetic development data, reading it on first use.
func (c *DasborCache) Synthetic(ctx context.Context) bool {
	if c == nil {
		return false
	}
	s, err := c.current(ctx)
	if err != nil {
		c.log.Warn("dasbor release not readable", "err", err)
		return false
	}
	return s.rilis.Sintetis
}

// syntheticLoaded is Synthetic without touching the database, for error pages.
func (c *DasborCache) syntheticLoaded() bool {
	if c == nil {
		return false
	}
	s := c.cur.Load()
	return s != nil && s.rilis.Sintetis
}

// Listen keeps the cache in step with publications made by any instance: it listens on the release
// channel, checks the stamp every interval in case an announcement was missed, and reconnects after a
// failure. It returns when ctx ends.
func (c *DasborCache) Listen(ctx context.Context, interval time.Duration) {
	backoff := time.Second
	for ctx.Err() == nil {
		err := c.store.ListenDasbor(ctx, interval, func(announced bool) {
			mode := loadIfChanged
			if announced {
				mode = loadAlways
			}
			if _, err := c.reload(ctx, mode); err != nil && ctx.Err() == nil {
				c.log.Warn("dasbor reload failed", "err", err)
			}
			backoff = time.Second
		})
		if ctx.Err() != nil {
			return
		}
		c.log.Warn("dasbor listener stopped; retrying", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, time.Minute)
		// Announcements may have been missed while the connection was down.
		if _, err := c.reload(ctx, loadIfChanged); err != nil && ctx.Err() == nil {
			c.log.Warn("dasbor reload failed", "err", err)
		}
	}
}

// serviceStats returns the public statistics of the service, computed at most every statsTTL.
func (c *DasborCache) serviceStats(ctx context.Context, now time.Time) (review.ServiceStats, time.Time, error) {
	if s := c.stats.Load(); s != nil && now.Sub(s.at) < statsTTL {
		return s.stats, s.at, nil
	}
	st, err := c.store.ServiceStatistics(ctx)
	if err != nil {
		return st, now, err
	}
	c.stats.Store(&statsSnapshot{stats: st, at: now})
	return st, now, nil
}

// view returns the dashboard view for a key, building it once per snapshot.
func (s *dasborSnapshot) view(key string, build func() components.DasborView) components.DasborView {
	if v, ok := s.views.Load(key); ok {
		return v.(components.DasborView)
	}
	v := build()
	s.views.Store(key, v)
	return v
}

func (s *dasborSnapshot) response(key string) *cachedResponse {
	if r, ok := s.responses.Load(key); ok {
		return r.(*cachedResponse)
	}
	return nil
}

func (s *dasborSnapshot) keep(key string, r *cachedResponse) {
	if s.count.Add(1) > maxCachedResponses {
		return
	}
	s.responses.Store(key, r)
}

// cachedResponse is a response body ready to send, plain and gzipped, with its validator.
type cachedResponse struct {
	contentType string
	plain, gz   []byte
	etag        string
}

func newCachedResponse(contentType string, body []byte) *cachedResponse {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(body)
	_ = zw.Close()
	sum := sha256.Sum256(body)
	return &cachedResponse{contentType: contentType, plain: body, gz: buf.Bytes(),
		etag: `W/"` + hex.EncodeToString(sum[:12]) + `"`}
}

// write sends the response with its ETag and Cache-Control, answering 304 when the browser already has it
// and gzip when it accepts it.
func (cr *cachedResponse) write(w http.ResponseWriter, r *http.Request, cacheControl string, extra ...string) {
	h := w.Header()
	h.Set("ETag", cr.etag)
	h.Set("Cache-Control", cacheControl)
	h.Add("Vary", "Accept-Encoding")
	h.Add("Vary", "Cookie")
	for i := 0; i+1 < len(extra); i += 2 {
		h.Set(extra[i], extra[i+1])
	}
	if etagMatches(r.Header.Get("If-None-Match"), cr.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := cr.plain
	if acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = cr.gz
	}
	h.Set("Content-Type", cr.contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// etagMatches applies If-None-Match's weak comparison.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for part := range strings.SplitSeq(header, ",") {
		p := strings.TrimSpace(part)
		if p == "*" || strings.TrimPrefix(p, "W/") == want {
			return true
		}
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(name) == "gzip" && strings.ReplaceAll(strings.TrimSpace(params), " ", "") != "q=0" {
			return true
		}
	}
	return false
}
