package layanan

import "time"

// Kategori is what a report is about (§VI "Pilih Kategori Laporan Terkait Permintaan Data Anda").
type Kategori string

// The report categories.
const (
	KategoriPermohonan     Kategori = "permohonan_data"
	KategoriProses         Kategori = "proses_layanan"
	KategoriBimtek         Kategori = "bimtek"
	KategoriPenyalahgunaan Kategori = "penyalahgunaan_data"
	KategoriLainnya        Kategori = "lainnya"
)

// Kategories lists the categories in the order the form shows them.
var Kategories = []Kategori{KategoriPermohonan, KategoriProses, KategoriBimtek, KategoriPenyalahgunaan, KategoriLainnya}

// Label is the category's name on the form.
func (k Kategori) Label() string {
	switch k {
	case KategoriPermohonan:
		return "Permohonan hak akses data Regsosek"
	case KategoriProses:
		return "Proses layanan (verifikasi, keputusan, PKS/NDA, pemberian akses)"
	case KategoriBimtek:
		return "Fasilitasi bimbingan teknis"
	case KategoriPenyalahgunaan:
		return "Penyalahgunaan data Regsosek"
	case KategoriLainnya:
		return "Lainnya"
	}
	return string(k)
}

// Pelapor is who sent a report. It is stored apart from the report, encrypted, and never shown to staff
// when the report is Anonim.
type Pelapor struct {
	Nama     string `json:"nama"`
	Instansi string `json:"instansi"`
	Jabatan  string `json:"jabatan"`
	Email    string `json:"email,omitempty"`
}

// Pengaduan is a report with its state and conversation. Pelapor is filled only where the caller may see it.
type Pengaduan struct {
	ID                   int64
	Reference            string
	Judul, Isi, Lokasi   string
	Kategori             Kategori
	Anonim, Rahasia      bool
	State                PengaduanState
	HandlerID            int64
	HandlerNama          string
	HandlerEmail         string
	CreatedAt, UpdatedAt time.Time
	ClosedAt             *time.Time
	Lampiran             []PengaduanLampiran // with the report itself
	Pesan                []PengaduanPesan

	// Identity: only for staff on reports that are not Anonim, and for an admin's audited reveal.
	Pelapor       *Pelapor
	Instansi      string // the registrator's instansi, for a signed-in registrator's report
	PermohonanRef string
}

// NewPengaduan is a valid report ready to be stored.
type NewPengaduan struct {
	Laporan Laporan
	// TrackingCode goes into the reporter's email only; the report stores TrackingHash, its HMAC.
	TrackingCode string
	TrackingHash []byte
	// AkunID, PejabatID and PermohonanID link a signed-in registrator's report to its instansi (0 for the public).
	AkunID, PejabatID, PermohonanID int64
}

// PengaduanPesan is one message of a report's conversation.
type PengaduanPesan struct {
	ID        int64
	Jenis     string // jawaban, permintaan_informasi, tanggapan, penutupan: see PesanJenis
	StaffNama string // empty for the reporter
	Isi       string
	CreatedAt time.Time
	Lampiran  []PengaduanLampiran
}

// PengaduanLampiran is an attachment's metadata.
type PengaduanLampiran struct {
	DocumentID   int64
	OriginalName string
	ContentType  string
	Size         int64
}

// PengaduanItem is one line of a staff listing: never the identity of an Anonim reporter.
type PengaduanItem struct {
	ID               int64
	Reference, Judul string
	Kategori         Kategori
	State            PengaduanState
	Anonim, Rahasia  bool
	Nama, Instansi   string // empty for Anonim reports
	HandlerNama      string
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// PengaduanFilter narrows the staff's list of reports. Which reports a viewer may list at all (Rahasia ones)
// is the Viewer's rule, applied by the store beside these.
type PengaduanFilter struct {
	// Q finds by nomor or judul, or by the instansi of the account that sent a report that is not Anonim.
	Q string
	// States are the states shown (none: every state).
	States   []PengaduanState
	Kategori Kategori
	// Mine keeps the reports this staff member handles ("Ditangani saya").
	Mine int64
}
