package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/bappenas/portal-regsosek/internal/config"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// remindOverdue emails the assignee of every permohonan past its review deadline, every few minutes,
// until ctx ends. The store claims rows with SKIP LOCKED and marks them in the same transaction, so
// several instances send each reminder once.
func remindOverdue(ctx context.Context, st *store.Store, cfg config.Config, log *slog.Logger, kick func()) {
	tick := time.NewTicker(5 * time.Minute)
	defer tick.Stop()
	for {
		n, err := st.SendOverdueReminders(ctx, time.Now(), func(email, nama, ref string, due time.Time) store.OutMail {
			m := mail.PengingatTenggat(email, nama, ref, indo.DateTime(due), cfg.BaseURL.String()+"/petugas")
			return store.OutMail{To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML}
		})
		if err != nil && ctx.Err() == nil {
			log.Error("overdue reminders", "err", err)
		}
		if n > 0 {
			log.Info("overdue reminders sent", "count", n)
			kick()
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
