package store

import "strconv"

// Jobs of access over time (issue 13): each Sepakat account's own 30-day warning and expiry, and the
// reminders of a Berita Acara Pemusnahan Data.

// Kinds of the jobs of one account and of a destruction confirmation.
const (
	JobAkunPeringatan      = "akun_peringatan"
	JobAkunBerakhir        = "akun_berakhir"
	JobPemusnahanPengingat = "pemusnahan_pengingat"
)

// akunVersi is the part of a job's key that names the account's version, empty for jobs enqueued before
// accounts had one (their keys stay what they were).
func akunVersi(n int) string {
	if n == 0 {
		return ""
	}
	return ":a" + strconv.Itoa(n)
}

// AkunPeringatanArgs warns the registrator 30 days before an account's end (version Versi of the account),
// when it ends before the permohonan does.
type AkunPeringatanArgs struct {
	AkunID       int64  `json:"akun_id" river:"unique"`
	PermohonanID int64  `json:"permohonan_id"`
	Versi        int    `json:"akun_versi" river:"unique"`
	Sampai       string `json:"sampai"`
}

// AkunBerakhirArgs ends an account at its end (version Versi of the account), when it ends before the
// permohonan does.
type AkunBerakhirArgs struct {
	AkunID       int64  `json:"akun_id" river:"unique"`
	PermohonanID int64  `json:"permohonan_id"`
	Versi        int    `json:"akun_versi" river:"unique"`
	Sampai       string `json:"sampai"`
}

// PemusnahanPengingatArgs sends reminder Ke of a destruction confirmation still waiting.
type PemusnahanPengingatArgs struct {
	PemusnahanID int64 `json:"pemusnahan_id" river:"unique"`
	Ke           int   `json:"ke" river:"unique"`
}

// Kind names each kind for river.
func (AkunPeringatanArgs) Kind() string      { return JobAkunPeringatan }
func (AkunBerakhirArgs) Kind() string        { return JobAkunBerakhir }
func (PemusnahanPengingatArgs) Kind() string { return JobPemusnahanPengingat }

// Key is the job's identity.
func (a AkunPeringatanArgs) Key() string {
	return jobKey(JobAkunPeringatan, a.AkunID, akunVersi(a.Versi))
}
func (a AkunBerakhirArgs) Key() string { return jobKey(JobAkunBerakhir, a.AkunID, akunVersi(a.Versi)) }
func (a PemusnahanPengingatArgs) Key() string {
	return jobKey(JobPemusnahanPengingat, a.PemusnahanID, ":r"+strconv.Itoa(a.Ke))
}

// Fields returns the args as the store's job functions read them.
func (a AkunPeringatanArgs) Fields() JobArgs {
	return JobArgs{AkunID: a.AkunID, PermohonanID: a.PermohonanID, AkunVersi: a.Versi, Sampai: a.Sampai}
}
func (a AkunBerakhirArgs) Fields() JobArgs {
	return JobArgs{AkunID: a.AkunID, PermohonanID: a.PermohonanID, AkunVersi: a.Versi, Sampai: a.Sampai}
}
func (a PemusnahanPengingatArgs) Fields() JobArgs {
	return JobArgs{PemusnahanID: a.PemusnahanID, Gen: a.Ke}
}
