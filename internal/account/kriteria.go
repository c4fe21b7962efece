package account

import "github.com/bappenas/portal-regsosek/internal/validate"

// Verifikasi Akun: the criteria a registrator meets (pedoman §3.2.5, Surat Tugas Registrator b–d), each
// confirmed by the verifikator akun, each confirmation recorded in the audit log; a rejection names the
// criteria not met.

// Kriteria is one criterion with what the verifier checks.
type Kriteria struct {
	Key   string
	Label string
}

// Keys of the criteria.
const (
	KriteriaASN        = "asn"
	KriteriaSuratTugas = "surat_tugas"
	KriteriaKTP        = "ktp_nik"
)

// KriteriaRegistrator lists the criteria for a registrator of kat, in the pedoman's order, with the official
// each names for that level.
func KriteriaRegistrator(kat Kategori) []Kriteria {
	asn := "ASN dengan jabatan pejabat fungsional muda atau sub-koordinator pada unit kerja yang melaksanakan fungsi walidata kementerian/lembaga (§3.2.5 Surat Tugas b)."
	signer := "Walidata kementerian/lembaga"
	if kat == KategoriProvinsi || kat == KategoriKabKota {
		asn = "ASN dengan jabatan setingkat eselon 4 pada unit kerja bidang perencanaan di badan perencanaan pembangunan daerah (§3.2.5 Surat Tugas b)."
		signer = "Kepala badan perencanaan pembangunan daerah"
	}
	return []Kriteria{
		{KriteriaASN, "Registrator adalah " + asn},
		{KriteriaSuratTugas, "Registrator ditunjuk dengan Surat Tugas yang ditandatangani " + signer + " (§3.2.5 Surat Tugas a dan d)."},
		{KriteriaKTP, "Identitas pada KTP sesuai dengan NIK dan nama yang diisikan serta dengan identitas pada Surat Tugas (§3.2.5 Surat Tugas c)."},
	}
}

// Refusals of a verification.
var (
	ErrKriteriaBelum   = validate.Refusal("Centang setiap kriteria registrator yang telah Anda periksa dan terpenuhi sebelum menyetujui.")
	ErrKriteriaSemuaOK = validate.Refusal("Semua kriteria dicentang terpenuhi. Hapus centang kriteria yang tidak terpenuhi agar registrator tahu apa yang harus diperbaiki.")
)

// CheckKriteria applies the checklist to a decision: an approval has every criterion confirmed; a rejection
// leaves at least one unconfirmed, which the email then names. It returns the criteria not met.
func CheckKriteria(kat Kategori, met map[string]bool, approve bool) ([]Kriteria, error) {
	var failed []Kriteria
	for _, k := range KriteriaRegistrator(kat) {
		if !met[k.Key] {
			failed = append(failed, k)
		}
	}
	switch {
	case approve && len(failed) > 0:
		return failed, ErrKriteriaBelum
	case !approve && len(failed) == 0:
		return nil, ErrKriteriaSemuaOK
	}
	return failed, nil
}
