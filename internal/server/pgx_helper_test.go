package server_test

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/bappenas/portal-regsosek/internal/servertest"
)

type pgxTxT = pgx.Tx

func pgxTx(p *servertest.Portal, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(context.Background(), p.Store.Pool, fn)
}
