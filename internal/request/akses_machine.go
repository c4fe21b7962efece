package request

import (
	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
)

// The smaller machines of Tahap 4–6: a request for printed agreements, and a Perpanjangan request.

// RowState is the state of a request row (print request, Perpanjangan).
type RowState string

// The states of print requests and Perpanjangan requests.
const (
	CetakDiminta          RowState = "diminta"
	CetakDikirim          RowState = "dikirim"
	PerpanjanganDiajukan  RowState = "diajukan"
	PerpanjanganDisetujui RowState = "disetujui"
	PerpanjanganDitolak   RowState = "ditolak"
)

// RowEvent moves a request row.
type RowEvent string

// The events of request rows.
const (
	CetakKirim          RowEvent = "dikirim"
	PerpanjanganSetujui RowEvent = "disetujui"
	PerpanjanganTolak   RowEvent = "ditolak"
)

type rowMove = fsm.Move[RowState, RowEvent, account.Role]

// CetakMachine: the produsen data sends the printed PKS/NDA asked for.
var CetakMachine = fsm.New(
	rowMove{Event: CetakKirim, From: []RowState{CetakDiminta}, To: CetakDikirim, Roles: produsen},
)

// PerpanjanganMachine: the produsen data grants a Perpanjangan request (by extending the access) or refuses
// it; a revocation refuses any request still open.
var PerpanjanganMachine = fsm.New(
	rowMove{Event: PerpanjanganSetujui, From: []RowState{PerpanjanganDiajukan}, To: PerpanjanganDisetujui, Roles: produsen},
	rowMove{Event: PerpanjanganTolak, From: []RowState{PerpanjanganDiajukan}, To: PerpanjanganDitolak, Roles: produsen},
)
