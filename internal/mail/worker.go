package mail

import (
	"context"
	"errors"
	"log/slog"
	"net/textproto"
	"sync"
	"time"

	"github.com/bappenas/portal-regsosek/internal/store"
)

// Worker defaults.
const (
	DefaultInterval    = 2 * time.Second
	DefaultMaxAttempts = 10 // 30s, 1m, 2m, ... 1h, 1h: about three hours of retries
	// batchSize is how many messages one RunOnce claims; Run goes again at once when a batch was full.
	batchSize = 50
	// sendTimeout bounds one delivery, which holds the message's row lock while it runs.
	sendTimeout = time.Minute
)

// Worker delivers the outbox. Run loops every Interval until its context ends; Kick makes it go at once.
// Failures are logged with the message id only, never addresses or content. Now defaults to time.Now,
// Interval to DefaultInterval, MaxAttempts to DefaultMaxAttempts and Log to a discarding logger.
type Worker struct {
	Store       *store.Store
	Sender      Sender
	From        string
	Log         *slog.Logger
	Now         func() time.Time
	Interval    time.Duration
	MaxAttempts int

	kickOnce sync.Once
	kick     chan struct{}
}

// RunOnce delivers the messages due now, up to one batch, and returns how many were sent. The error is a
// database error; failed deliveries are recorded in the outbox and logged.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	maxAttempts := w.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = DefaultMaxAttempts
	}
	return w.Store.DeliverDueMail(ctx, w.now(), batchSize, maxAttempts, func(ctx context.Context, m store.Mail) error {
		err := w.send(ctx, m)
		if err != nil {
			w.logFailure(m, maxAttempts, err)
		}
		return err
	})
}

func (w *Worker) send(ctx context.Context, m store.Mail) error {
	raw, err := Build(w.From, Message{To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML}, w.now())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	return w.Sender.Send(ctx, m.To, raw)
}

// logFailure logs which message failed and, for an SMTP reply, its code; the error text itself may name the
// recipient, so it goes only to the outbox row.
func (w *Worker) logFailure(m store.Mail, maxAttempts int, err error) {
	attrs := []any{"mail_id", m.ID, "attempt", m.Attempts + 1, "max_attempts", maxAttempts}
	if tpErr, ok := errors.AsType[*textproto.Error](err); ok {
		attrs = append(attrs, "smtp_code", tpErr.Code)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		attrs = append(attrs, "timeout", true)
	}
	if m.Attempts+1 >= maxAttempts {
		w.logger().Error("mail: delivery failed, giving up", attrs...)
		return
	}
	w.logger().Warn("mail: delivery failed, will retry", attrs...)
}

// Run delivers the outbox until ctx ends: every Interval, at once after Kick, and again straight away
// while full batches keep coming.
func (w *Worker) Run(ctx context.Context) {
	interval := w.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-w.kicks():
		}
		sent, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.logger().Error("mail: deliver outbox", "err", err)
		}
		next := interval
		if err == nil && sent == batchSize {
			next = 0
		}
		timer.Reset(next)
	}
}

// Kick makes a running worker deliver now, so a freshly enqueued message goes out without waiting for the
// next tick. It never blocks; kicks that arrive while the worker is busy coalesce into one more round.
func (w *Worker) Kick() {
	select {
	case w.kicks() <- struct{}{}:
	default:
	}
}

func (w *Worker) kicks() chan struct{} {
	w.kickOnce.Do(func() { w.kick = make(chan struct{}, 1) })
	return w.kick
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Worker) logger() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.New(slog.DiscardHandler)
}
