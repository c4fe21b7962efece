package request

import "slices"

// Who reads what of a permohonan's timeline. Verification and recommendation are Bappenas' internal process
// (pedoman §3.2.4; Tahap 3: "Proses ini dilakukan secara internal di Bappenas"): the registrator sees the
// outcomes, the dates and the notes written for the pemohon (a return's notes, a refusal's reason, the
// decision on each row); the internal notes, the rekomendasi of a direktur pengampu and the names of staff
// stay on staff pages.

// internalEvents are steps of the internal assessment: the registrator's timeline leaves them out.
var internalEvents = []string{string(MintaRekomendasi), string(MintaRekomendasiKeputusan), string(BeriRekomendasi)}

// ForPemohon returns the entry as the registrator may read it — without its internal note — or false when
// the whole entry is internal.
func ForPemohon(e TimelineEntry) (TimelineEntry, bool) {
	if slices.Contains(internalEvents, e.Event) {
		return TimelineEntry{}, false
	}
	e.InternalNote = ""
	return e, true
}
