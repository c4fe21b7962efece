package jobs

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"time"

	"github.com/riverqueue/river"

	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// sendTimeout bounds one SMTP delivery, within the job's own timeout.
const sendTimeout = time.Minute

// deliver sends one outbox message through the Sender. Sent, the row is marked so in the transaction that
// completes the job; failed, the row records the attempt and river tries again after RetryDelay, until the
// last attempt marks it failed. Failures are logged with the message id only, never an address or content.
func (c *Config) deliver(ctx context.Context, job *river.Job[store.MailArgs]) error {
	m, err := c.Store.FindMail(ctx, job.Args.OutboxID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if m.State != store.MailPending {
		return nil
	}
	sendErr := c.send(ctx, m)
	final := sendErr != nil && job.Attempt >= job.MaxAttempts
	err = c.Store.RecordDelivery(ctx, store.Delivery{MailID: m.ID, Attempt: job.Attempt, Err: sendErr, Final: final,
		At: c.now(), Complete: complete(job), DropBody: c.Retention.DropMailBodies})
	if errors.Is(err, store.ErrJobLost) {
		return nil
	}
	if err != nil {
		return err
	}
	if sendErr == nil {
		return nil
	}
	return c.mailFailure(m.ID, job, sendErr)
}

func (c *Config) send(ctx context.Context, m store.Mail) error {
	raw, err := mail.Build(c.From, mail.Message{To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML}, c.now())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	if c.Sender == nil {
		return mail.KeepSender{}.Send(ctx, m.To, raw)
	}
	return c.Sender.Send(ctx, m.To, raw)
}

// mailFailure logs a failed delivery and returns the error river records: which message failed and, for an
// SMTP reply, its code. The error text itself may name the recipient, so it goes only to the outbox row.
func (c *Config) mailFailure(id int64, job *river.Job[store.MailArgs], err error) error {
	attrs := []any{"mail_id", id, "attempt", job.Attempt, "max_attempts", job.MaxAttempts}
	what := ""
	if tpErr, ok := errors.AsType[*textproto.Error](err); ok {
		attrs = append(attrs, "smtp_code", tpErr.Code)
		what = fmt.Sprintf(" (SMTP %d)", tpErr.Code)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		attrs = append(attrs, "timeout", true)
		what = " (batas waktu)"
	}
	if job.Attempt >= job.MaxAttempts {
		c.log().Error("mail: delivery failed, giving up", attrs...)
	} else {
		c.log().Warn("mail: delivery failed, will retry", attrs...)
	}
	return fmt.Errorf("mail: delivery of message %d failed%s", id, what)
}
