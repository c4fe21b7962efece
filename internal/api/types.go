package api

import "time"

// The JSON the keyed endpoints answer with; the OpenAPI document describes each (schemas HakAkses,
// StatusPermohonan, Perubahan).

// Instansi names a pemohon.
type Instansi struct {
	Nama     string `json:"nama"`
	Kategori string `json:"kategori"`
	Kode     string `json:"kode"`
}

// Wilayah is a wilayah by code and name.
type Wilayah struct {
	Kode string `json:"kode"`
	Nama string `json:"nama"`
}

// HakAkses is one entitlement in force: a Sepakat account of an operator, at a tier over a wilayah, until a
// date.
type HakAkses struct {
	ID int64 `json:"id"`
	AkunSepakat
	BerlakuSampai string `json:"berlaku_sampai"`
}

// AkunSepakat is what an entitlement and each change of it name: whose it is and what it opens. Its fields
// stand in the JSON of both as their own.
type AkunSepakat struct {
	Instansi     Instansi `json:"instansi"`
	Permohonan   string   `json:"permohonan"`
	Pengguna     string   `json:"pengguna"`
	AkunOperator string   `json:"akun_operator"`
	JenisData    string   `json:"jenis_data"`
	Tingkat      int      `json:"tingkat"`
	Wilayah      Wilayah  `json:"wilayah"`
}

// HakAksesList is a page of entitlements in force.
type HakAksesList struct {
	HakAkses []HakAkses `json:"hak_akses"`
	// Berikutnya is the link to the next page, or null on the last.
	Berikutnya *string   `json:"berikutnya"`
	Dibuat     time.Time `json:"dibuat"`
}

// BarisStatus is a row of a permohonan as its state tells it.
type BarisStatus struct {
	Pengguna  string  `json:"pengguna"`
	JenisData string  `json:"jenis_data"`
	Media     string  `json:"media"`
	Wilayah   Wilayah `json:"wilayah"`
	// Keputusan is "setuju", "tolak", or null before the decision.
	Keputusan          *string `json:"keputusan"`
	JenisDataDisetujui *string `json:"jenis_data_disetujui"`
	// AkunOperator, StatusAkun and BerlakuSampai are the row's newest Sepakat account (a row has several over
	// time when its operator was replaced): its name, its state and its own end.
	AkunOperator  *string `json:"akun_operator"`
	StatusAkun    *string `json:"status_akun"`
	BerlakuSampai *string `json:"berlaku_sampai"`
}

// StatusPermohonan is a permohonan's state.
type StatusPermohonan struct {
	Nomor          string        `json:"nomor"`
	Instansi       Instansi      `json:"instansi"`
	Status         string        `json:"status"`
	StatusLabel    string        `json:"status_label"`
	Tahap          int           `json:"tahap"`
	TahapLabel     string        `json:"tahap_label"`
	Diajukan       *time.Time    `json:"diajukan"`
	Diputuskan     *time.Time    `json:"diputuskan"`
	AksesDiberikan *time.Time    `json:"akses_diberikan"`
	BerlakuSampai  *string       `json:"berlaku_sampai"`
	Baris          []BarisStatus `json:"baris"`
}

// Perubahan is one change of one entitlement in the feed: which account, of which row and permohonan, what
// happened to it and the end it had then.
type Perubahan struct {
	Kursor string     `json:"kursor"`
	Waktu  time.Time  `json:"waktu"`
	Jenis  ChangeKind `json:"jenis"`
	// HakAksesID is the entitlement's id, as /hak-akses lists it.
	HakAksesID int64 `json:"hak_akses_id"`
	AkunSepakat
	// BerlakuSampai is the account's end as this change left it.
	BerlakuSampai string `json:"berlaku_sampai"`
	// Menggantikan names, for the account of a new operator, the account it replaced.
	Menggantikan *string `json:"menggantikan"`
	// StatusHakAksesSaatIni and StatusPermohonanSaatIni are where the account and its permohonan stand now,
	// when the feed is read: a client catching up learns it without a second call.
	StatusHakAksesSaatIni   string `json:"status_hak_akses_saat_ini"`
	StatusPermohonanSaatIni string `json:"status_permohonan_saat_ini"`
}

// PerubahanList is a page of the feed.
type PerubahanList struct {
	Perubahan []Perubahan `json:"perubahan"`
	// KursorBerikutnya is what to send next time: the last change's cursor, or the one sent when none is new.
	KursorBerikutnya string `json:"kursor_berikutnya"`
	// Lagi says more changes wait: ask again at once.
	Lagi bool `json:"lagi"`
}
