package server

import (
	"io"
	"net/http"
	"strconv"

	"github.com/a-h/templ"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/pdfsig"
	"github.com/bappenas/portal-regsosek/internal/request"
	akv "github.com/bappenas/portal-regsosek/templates/pages/akses"
)

// Tahap 4–6 (pedoman §3.3.5): what the registrator's pages (akses_*.go) and the staff's (akses_staff_*.go)
// both show of the PKS and NDA, the Sepakat accounts and the timeline.

var aksesEventLabels = map[string]string{
	"minta_pks": "PKS dan NDA siap ditandatangani", "unggah_pks": "PKS dan NDA diunggah pemohon", "kembalikan_pks": "PKS dan NDA dikembalikan",
	"tandatangani_pks": "PKS dan NDA ditandatangani kedua pihak", "minta_cetak": "Permintaan cetak PKS/NDA", "cetak_dikirim": "PKS/NDA cetak dikirim",
	"siapkan_akses": "Akses disiapkan", "berikan_akses": "Hak akses diberikan", "peringatan_berakhir": "Pemberitahuan: hak akses akan berakhir",
	"kedaluwarsa": "Hak akses berakhir", "cabut": "Hak akses dicabut", "perpanjang": "Hak akses diperpanjang",
	"unggah_sk_forum": "SK Forum Satu Data diunggah", "minta_perpanjangan": "Perpanjangan diminta", "tolak_perpanjangan": "Perpanjangan ditolak",
}

var akunStatus = map[string]string{"disiapkan": "Sedang disiapkan", "aktif": "Aktif", "gagal": "Gagal disiapkan", "berakhir": "Berakhir", "dicabut": "Dicabut",
	"diganti": "Diganti"}

// signedText is the verdict on an agreement's electronic signatures as staff read it, with a line per signer:
// the cryptographic check when it ran, else (uploads before it, files it cannot read) the structural one.
func signedText(d request.AgreementDoc) (string, bool, []string) {
	var lines []string
	for _, sg := range d.TTDSigners {
		line := sg.Name
		if sg.Organization != "" {
			line += " (" + sg.Organization + ")"
		}
		line += ", " + indo.DateTime(sg.SignedAt)
		if sg.TimeSource == "stempel_waktu" {
			line += " menurut stempel waktu"
		}
		line += "; sertifikat diterbitkan " + sg.Issuer + " — " + sg.Status.Label()
		lines = append(lines, line)
	}
	switch {
	case d.TTDStatus == pdfsig.Sah:
		return "Sah: tanda tangan elektronik terverifikasi", true, lines
	case d.TTDStatus == pdfsig.PenerbitTidakDipercaya:
		return "Penerbit tidak dipercaya: " + d.TTDReason, false, lines
	case d.TTDStatus == pdfsig.TidakAda:
		return "Tidak ada tanda tangan elektronik (pindaian tanda tangan basah?)", false, nil
	case d.TTDDigital == nil:
		return "", false, nil
	case *d.TTDDigital && d.TTDFormat != "":
		return "Tanda tangan digital terdeteksi (" + d.TTDFormat + "), belum dapat diperiksa secara kriptografis", false, nil
	case *d.TTDDigital:
		return "Tanda tangan digital terdeteksi, belum dapat diperiksa secara kriptografis", false, nil
	}
	return "Tidak ada tanda tangan elektronik (pindaian tanda tangan basah?)", false, nil
}

func docLink(kind request.DocKind, d request.AgreementDoc) akv.DocLink {
	signed, ok, signers := signedText(d)
	return akv.DocLink{Label: request.DocLabels[kind], Name: d.OriginalName, Href: "/dokumen/" + strconv.FormatInt(d.ID, 10), Signed: signed, SignedOK: ok,
		Signers: signers}
}

func countersignedLinks(a request.Akses) []akv.DocLink {
	var out []akv.DocLink
	for _, k := range []request.DocKind{request.DocPKSTTD, request.DocNDATTD} {
		if d, ok := a.Docs[k]; ok {
			out = append(out, docLink(k, d))
		}
	}
	return out
}

func accountRows(p request.Permohonan, a request.Akses, names func(string) string) ([]akv.AccountRow, []akv.FasilitasRow) {
	var accs []akv.AccountRow
	var fas []akv.FasilitasRow
	for _, row := range a.Approved {
		jenis := request.Label(request.JenisDataOptions, row.Approved)
		if k, ok := a.AkunFor(row.ID); ok {
			accs = append(accs, akv.AccountRow{Pengguna: row.Pengguna, Username: k.Username, JenisData: jenis, Wilayah: names(k.Wilayah),
				Sampai: indo.Date(k.BerlakuSampai), Status: akunStatus[k.State], Href: permohonanPath(p.ID, "/akses/"+strconv.FormatInt(row.ID, 10)),
				Note: akunNote(k)})
		}
		if f, ok := a.Fasilitas[row.ID]; ok {
			fas = append(fas, fasilitasRow(row, f))
		}
	}
	return accs, fas
}

func fasilitasRow(row request.ApprovedRow, f request.FasilitasJadwal) akv.FasilitasRow {
	return akv.FasilitasRow{Pengguna: row.Pengguna, JenisData: request.Label(request.JenisDataOptions, row.Approved), PIC: f.PICNama,
		Phone: f.PICPhone, Email: f.PICMail, Jadwal: indo.DateRange(f.Mulai, f.Selesai), Tempat: f.Tempat}
}

// aksesPanel is the Tahap 4–6 section of the registrator's permohonan page, or nil before Tahap 4.
// a is the permohonan's Tahap 4–6 side, read once for the page (handlePermohonanDetail).
func (s *Server) aksesPanel(r *http.Request, p request.Permohonan, a request.Akses, names func(string) string) (templ.Component, error) {
	if !tahap4On(p.State) {
		return nil, nil
	}
	v := akv.PanelView{PerjanjianHref: permohonanPath(p.ID, "/perjanjian"), Countersigned: countersignedLinks(a)}
	switch p.State {
	case request.MenungguPKSNDA:
		v.Tahap4, v.Step = true, "Unduh templat PKS"+map[bool]string{true: " dan NDA", false: ""}[request.NeedsNDA(a.Approved)]+
			" yang telah terisi, tandatangani, lalu unggah dan kirimkan."
	case request.PKSNDADiunggah:
		v.Tahap4, v.Step = true, "PKS dan NDA telah dikirim dan menunggu tanda tangan Pihak Kesatu."
	case request.AksesDiberikan:
		v.Pengguna, v.EnamBulan = true, a.EnamBulan
		if a.AksesBerakhir != nil {
			v.Sampai = indo.Date(*a.AksesBerakhir)
		}
		if open, ok := a.OpenPerpanjangan(); ok {
			v.PerpanjanganNote = "Perpanjangan sampai " + indo.Date(open.SampaiDiminta) + " sedang menunggu keputusan Produsen Data Regsosek."
		} else if registratorCan(p, request.MintaPerpanjangan) || p.EnamBulan {
			// Under the six-month rule the page explains that the SK comes first.
			v.PerpanjanganHref = permohonanPath(p.ID, "/perpanjangan")
		}
	case request.Berakhir:
		v.Ended = "Hak akses telah berakhir."
		if a.EndReason == "enam_bulan" {
			v.Ended, v.EnamBulan = "Hak akses ditutup: batas 6 bulan tanpa SK Forum Satu Data Daerah telah tercapai.", true
		}
	case request.Dicabut:
		v.Ended = "Hak akses dicabut: " + a.CabutReason
	}
	v.Accounts, v.Fasilitas = accountRows(p, a, names)
	if registratorCan(p, request.UnggahSKForum) {
		v.SKForumAction = permohonanPath(p.ID, "/sk-forum")
		if d, ok := a.Docs[request.DocSKForumSatuData]; ok {
			v.SKForumName = d.OriginalName
		}
	}
	return akv.Panel(v), nil
}

// readPDFUpload reads the one file of an upload form into memory (at most the document limit and one
// byte, so the store can tell a file that is too large) and checks its electronic signatures against the
// configured trust roots (TTE_TRUST_ROOTS).
func (s *Server) readPDFUpload(r *http.Request, field string) ([]byte, string, pdfsig.Result, error) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return nil, "", pdfsig.Result{}, err
	}
	file, header := formFile(r, field)
	if file == nil {
		return nil, "", pdfsig.Result{}, nil
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, dokumen.RuleFor(dokumen.Dokumen).MaxBytes+1))
	if err != nil {
		return nil, "", pdfsig.Result{}, err
	}
	return b, header.Filename, s.tte.Check(b, s.now()), nil
}

func uploadFlash(label string, sig pdfsig.Result) string {
	switch sig.Status {
	case pdfsig.Sah:
		names := ""
		for i, sg := range sig.Signers {
			if i > 0 {
				names += ", "
			}
			names += sg.Name
		}
		return label + " diunggah. Tanda tangan elektronik sah: " + names + "."
	case pdfsig.PenerbitTidakDipercaya:
		return label + " diunggah. Tanda tangan elektronik ditemukan, tetapi penerbit sertifikatnya tidak dipercaya; petugas akan memeriksanya."
	case pdfsig.BelumDiperiksa:
		return label + " diunggah. Tanda tangan digital terdeteksi, tetapi berkas tidak dapat diperiksa secara kriptografis."
	}
	return label + " diunggah. Tanda tangan elektronik tidak ditemukan; jika ditandatangani basah, pastikan pindaian lengkap dan terbaca."
}

func isAgreementDoc(kind request.DocKind) bool {
	switch kind {
	case request.DocPKS, request.DocNDA, request.DocPKSTTD, request.DocNDATTD, request.DocSKForumSatuData:
		return true
	}
	return false
}

// aksesRoles may open the staff pages of Tahap 4–6.
var aksesRoles = []account.Role{account.RoleProdusenData, account.RoleOperatorSepakat, account.RoleAdmin}
