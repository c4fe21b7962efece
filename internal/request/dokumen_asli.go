package request

import (
	"slices"
	"time"
)

// Original documents (issue 13 item 6): the Surat Permohonan is signed by the head of the body (Menteri,
// Gubernur, Bupati/Wali Kota) and its original is sent to Bappenas; agreements signed by hand (tanda tangan
// basah, Tahap 4) are sent back as originals. Staff record each receipt (date, who); the registrator sees
// "Dokumen asli diterima" with the date.

// CatatDokumenAsli is the step on the permohonan's timeline when staff record a receipt.
const CatatDokumenAsli Event = "dokumen_asli"

// DokumenAsli is a recorded receipt.
type DokumenAsli struct {
	Kind      DocKind
	Diterima  time.Time // the date on which it arrived
	Catatan   string
	Pencatat  string // the staff member's name, for staff pages only
	DicatatAt time.Time
}

// DokumenAsliKinds lists the originals staff may record for a permohonan in state st whose agreements are
// agreements (AgreementKinds of its approved rows): the Surat Permohonan once submitted, the PKS and NDA once
// the pemohon has signed them.
func DokumenAsliKinds(st State, agreements []DocKind) []DocKind {
	if st == Draft || st == Ditarik {
		return nil
	}
	out := []DocKind{DocSuratPermohonan}
	if slices.Contains([]State{PKSNDADiunggah, PenyiapanAkses, AksesDiberikan, Berakhir, Dicabut}, st) {
		out = append(out, agreements...)
	}
	return out
}
