package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	"github.com/bappenas/portal-regsosek/templates/components"
	pv "github.com/bappenas/portal-regsosek/templates/pages/permohonan"
)

// The permohonan hak akses of a signed-in registrator (pedoman §3.3.5 Tahap 1.2). Every look-up is scoped
// to the registrator's own account: another account's permohonan does not exist for them.

func instansiOf(reg *account.Registrator) request.Instansi {
	kat, _ := account.ParseKategori(reg.Kategori)
	return request.Instansi{Kategori: kat, Kode: reg.InstansiKode}
}

func permohonanPath(id int64, rest string) string {
	return "/permohonan/" + strconv.FormatInt(id, 10) + rest
}

// ownPermohonan loads the permohonan in the URL if it belongs to the signed-in registrator's account.
func (s *Server) ownPermohonan(w http.ResponseWriter, r *http.Request) (request.Permohonan, *account.Registrator, bool) {
	reg := currentUser(r.Context()).Registrator
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return request.Permohonan{}, nil, false
	}
	p, err := s.store.FindPermohonan(r.Context(), id, reg.AkunID)
	if err != nil {
		s.renderError(w, r, err)
		return p, nil, false
	}
	return p, reg, true
}

// notEditable sends a registrator who tries to change a submitted permohonan back to its page.
func (s *Server) notEditable(w http.ResponseWriter, r *http.Request, p request.Permohonan) bool {
	if p.State.Editable() {
		return false
	}
	if r.Method != http.MethodGet {
		// A form posted from a page that went stale: say so plainly.
		s.renderMessage(w, r, http.StatusConflict, "Tidak dapat diubah", store.ErrNotEditable.Error())
		return true
	}
	s.sessions.Put(r.Context(), sessFlash, store.ErrNotEditable.Error())
	http.Redirect(w, r, permohonanPath(p.ID, ""), http.StatusSeeOther)
	return true
}

// names resolves every wilayah a permohonan mentions, in one query.
func (s *Server) names(ctx context.Context, p request.Permohonan) (func(string) string, error) {
	codes := []string{p.Header.Cakupan}
	for _, row := range p.Rows {
		if row.PenggunaWilayah != "" {
			codes = append(codes, row.PenggunaWilayah)
		}
	}
	m, err := s.store.WilayahNames(ctx, codes)
	if err != nil {
		return nil, err
	}
	return func(code string) string {
		if n, ok := m[code]; ok {
			return n
		}
		return code
	}, nil
}

func (s *Server) handlePermohonanCreate(w http.ResponseWriter, r *http.Request) {
	reg := currentUser(r.Context()).Registrator
	id, err := s.store.CreatePermohonan(r.Context(), reg.AkunID, nil, s.actor(r), s.now())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, permohonanPath(id, ""), http.StatusSeeOther)
}

func (s *Server) handlePerubahanCreate(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok {
		return
	}
	id, err := s.store.CreatePermohonan(r.Context(), reg.AkunID, &p.ID, s.actor(r), s.now())
	if errors.Is(err, store.ErrConflict) {
		s.sessions.Put(r.Context(), sessFlash, "Perubahan hanya dapat diajukan untuk permohonan yang hak aksesnya sudah diberikan.")
		http.Redirect(w, r, permohonanPath(p.ID, ""), http.StatusSeeOther)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Perubahan permohonan dibuat. Tambahkan pengguna baru; hak akses yang sudah diberikan tetap berlaku.")
	http.Redirect(w, r, permohonanPath(id, ""), http.StatusSeeOther)
}

// rowViews renders rows for the tables, with each row's first problem when the permohonan is editable.
func rowViews(p request.Permohonan, inst request.Instansi, names func(string) string, withProblems bool) []pv.RowView {
	dups := request.DuplicateRows(p.Rows)
	out := make([]pv.RowView, len(p.Rows))
	for i, row := range p.Rows {
		pengguna := row.Pengguna
		if row.PenggunaJenis == request.PenggunaDesa && row.PenggunaWilayah != "" {
			pengguna += " (" + names(row.PenggunaWilayah) + ")"
		}
		v := pv.RowView{ID: strconv.FormatInt(row.ID, 10), JenisData: request.Label(request.JenisDataOptions, row.JenisData),
			Media: request.Label(request.MediaOptions, row.Media), Pengguna: pengguna, Tujuan: row.Tujuan,
			Operator: row.OperatorNama, NIP: row.OperatorNIP, Email: row.OperatorEmail, IsNew: row.IsNew,
			EditHref:   permohonanPath(p.ID, "/kebutuhan/"+strconv.FormatInt(row.ID, 10)),
			DeleteHref: permohonanPath(p.ID, "/kebutuhan/"+strconv.FormatInt(row.ID, 10)+"/hapus")}
		if row.JenisData == request.BNBA && row.TujuanBNBA != "" {
			v.TujuanBNBA = "Tujuan sah: " + request.Label(request.TujuanBNBAOptions, row.TujuanBNBA)
		}
		if withProblems && row.IsNew {
			if _, errs := request.ValidateRow(inst, p.Header.Cakupan, row); errs.Any() {
				v.Problem = "Belum lengkap: " + errs.All()[0].Message
			} else if msg, ok := dups[row.ID]; ok {
				v.Problem = msg
			}
		}
		out[i] = v
	}
	return out
}

func (s *Server) docViews(p request.Permohonan, inst request.Instansi) []pv.DocView {
	var out []pv.DocView
	templates := map[request.DocKind]string{request.DocSuratPermohonan: "surat-permohonan", request.DocKAK: "kak"}
	for _, req := range request.RequiredDocuments(inst, p.Rows) {
		v := pv.DocView{Kind: string(req.Kind), Label: req.Label, Why: req.Why, Optional: req.Optional,
			UploadAction: permohonanPath(p.ID, "/dokumen/"+string(req.Kind))}
		if t, ok := templates[req.Kind]; ok {
			v.TemplateHref = permohonanPath(p.ID, "/templat/"+t+".pdf")
		}
		if d, ok := p.Docs[req.Kind]; ok {
			v.Present, v.Name, v.Href = true, d.OriginalName, "/dokumen/"+strconv.FormatInt(d.ID, 10)
		}
		out = append(out, v)
	}
	// Documents uploaded earlier that the rows no longer require stay listed, so nothing disappears unseen.
	for kind, d := range p.Docs {
		found := false
		for _, v := range out {
			found = found || v.Kind == string(kind)
		}
		if !found {
			out = append(out, pv.DocView{Kind: string(kind), Label: request.DocLabels[kind], Why: "Tidak diperlukan lagi oleh isian saat ini.",
				Optional: true, Present: true, Name: d.OriginalName, Href: "/dokumen/" + strconv.FormatInt(d.ID, 10),
				UploadAction: permohonanPath(p.ID, "/dokumen/"+string(kind))})
		}
	}
	return out
}

func headerFields(p request.Permohonan, names func(string) string) []pv.Field {
	role := "Walidata"
	if p.Kategori != string(account.KategoriPusat) {
		role = "Koordinator Forum Satu Data Daerah"
	}
	f := []pv.Field{
		{Label: "Pemohon", Value: p.InstansiNama},
		{Label: "Cakupan wilayah", Value: names(p.Header.Cakupan)},
		{Label: "Narahubung (" + role + ")", Value: strings.TrimSpace(p.Header.NarahubungNama + " — " + p.Header.NarahubungJabatan)},
		{Label: "NIP", Value: p.Header.NarahubungNIP},
		{Label: "Email", Value: p.Header.NarahubungEmail},
		{Label: "No HP", Value: p.Header.NarahubungPhone},
	}
	if p.Kategori != string(account.KategoriPusat) {
		f = append(f, pv.Field{Label: "Forum Satu Data", Value: map[string]string{"ya": "Sudah ada", "tidak": "Belum ada", "": "-"}[p.Header.ForumSatuData]})
	}
	return f
}

func tierLabel(t int) string {
	if t == 0 {
		return "-"
	}
	return "Tingkat " + strconv.Itoa(t) + " (" + map[int]string{2: "Agregat Terpilah", 3: "Mikro", 4: "BNBA"}[t] + ")"
}

func sectionHref(p request.Permohonan, prob request.Problem) string {
	switch prob.Section {
	case "cakupan":
		return permohonanPath(p.ID, "/cakupan")
	case "kebutuhan":
		if prob.RowID != 0 {
			return permohonanPath(p.ID, "/kebutuhan/"+strconv.FormatInt(prob.RowID, 10))
		}
		return permohonanPath(p.ID, "/kebutuhan")
	}
	return permohonanPath(p.ID, "/dokumen")
}

func (s *Server) tasks(p request.Permohonan, inst request.Instansi, problems []request.Problem) []pv.Task {
	status := func(section string, started bool) (string, string) {
		if !started {
			return "Belum dimulai", "tag-todo"
		}
		for _, pr := range problems {
			if pr.Section == section {
				return "Belum lengkap", "tag-todo"
			}
		}
		return "Selesai", "tag-done"
	}
	newRows := 0
	for _, r := range p.Rows {
		if r.IsNew {
			newRows++
		}
	}
	c1, k1 := status("cakupan", p.HeaderSaved)
	c2, k2 := status("kebutuhan", newRows > 0)
	c3, k3 := status("dokumen", len(p.Docs) > 0)
	c4, k4 := "Siap diajukan", "tag-done"
	if len(problems) > 0 {
		c4, k4 = "Belum dapat diajukan", "tag-todo"
	}
	return []pv.Task{
		{Label: "Cakupan dan Narahubung", Href: permohonanPath(p.ID, "/cakupan"), Status: c1, StatusClass: k1},
		{Label: "Identifikasi Kebutuhan Hak Akses dan Media Akses", Href: permohonanPath(p.ID, "/kebutuhan"), Status: c2, StatusClass: k2},
		{Label: "Dokumen", Href: permohonanPath(p.ID, "/dokumen"), Status: c3, StatusClass: k3},
		{Label: "Periksa dan Ajukan", Href: permohonanPath(p.ID, "/periksa"), Status: c4, StatusClass: k4},
	}
}

var eventLabels = map[string]string{
	"buat": "Draf permohonan dibuat", "buat_perubahan": "Draf perubahan permohonan dibuat", "ajukan": "Permohonan diajukan",
	"ajukan_perbaikan": "Perbaikan diajukan", "tarik": "Permohonan ditarik",
	// Tahap 2–3.
	"verifikasi_teknis": "Terverifikasi: dokumen dan data sesuai", "kembalikan_teknis": "Data Belum Sesuai: dikembalikan untuk perbaikan",
	"verifikasi_substansi": "Diteruskan kepada produsen data untuk keputusan",
	"kembalikan_substansi": "Dikembalikan untuk perbaikan oleh verifikator substansi",
	"minta_rekomendasi":    "Rekomendasi diminta kepada direktur pengampu", "rekomendasi": "Rekomendasi direktur pengampu diberikan",
	"setujui": "Permohonan diputuskan: disetujui", "tolak": "Permohonan ditolak",
}

func (s *Server) timeline(ctx context.Context, id int64) ([]pv.Event, error) {
	list, err := s.store.Timeline(ctx, id)
	if err != nil {
		return nil, err
	}
	out := make([]pv.Event, len(list))
	for i, e := range list {
		n, tahap := e.ToState.Tahap()
		what := eventLabels[e.Event]
		if what == "" {
			what = aksesEventLabels[e.Event] // Tahap 4–6, akses.go
		}
		if what == "" {
			what = e.ToState.Label()
		}
		out[i] = pv.Event{When: indo.DateTime(e.At), Tahap: fmt.Sprintf("Tahap %d %s", n, tahap), What: what,
			Who: account.Role(e.ActorRole).Label(), Note: e.Note}
	}
	return out, nil
}

func (s *Server) handlePermohonanDetail(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok {
		return
	}
	inst := instansiOf(reg)
	names, err := s.names(r.Context(), p)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	events, err := s.timeline(r.Context(), p.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	n, tahap := p.State.Tahap()
	notes, err := s.notesFor(r.Context(), p)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := pv.DetailView{Page: s.page(r, "Permohonan "+p.Reference), ID: strconv.FormatInt(p.ID, 10), Reference: p.Reference,
		Status: p.State.Label(), Tahap: fmt.Sprintf("Tahap %d %s", n, tahap), Instansi: p.InstansiNama, Parent: p.ParentRef,
		Editable: p.State.Editable(), Header: headerFields(p, names), Rows: rowViews(p, inst, names, p.State.Editable()),
		Docs: s.docViews(p, inst), Timeline: events, Tier: tierLabel(request.MaxTier(p.Rows)),
		SixMonth: request.SixMonthLimit(inst, p.Rows, p.DocSet()[request.DocSKForumSatuData])}
	if v.Editable {
		v.Tasks = s.tasks(p, inst, request.CheckSubmission(inst, p.Header, p.Rows, p.DocSet()))
	}
	applyNotes(notes, v.Rows, v.Docs)
	if decisions, err := s.store.RowDecisions(r.Context(), p.ID); err != nil {
		s.renderError(w, r, err)
		return
	} else {
		for i, row := range p.Rows {
			if d, ok := decisions[row.ID]; ok {
				v.Rows[i].Decision = "Keputusan: " + review.DecisionText(row, d)
			}
		}
	}
	if p.SubmittedAt != nil {
		v.ReceiptHref = permohonanPath(p.ID, "/bukti.pdf")
	}
	if registratorCan(p, request.Tarik) {
		v.WithdrawHref = permohonanPath(p.ID, "/tarik")
	}
	if p.State == request.Draft {
		v.DeleteAction = permohonanPath(p.ID, "/hapus")
	}
	if p.State == request.AksesDiberikan {
		v.PerubahanAction = permohonanPath(p.ID, "/perubahan")
	}
	if v.Akses, err = s.aksesPanel(r, p, names); err != nil { // Tahap 4–6, akses.go
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pv.Detail(v))
}

// --- Cakupan dan narahubung -----------------------------------------------------------------------

func (s *Server) cakupanChoice(ctx context.Context, inst request.Instansi, selected, errMsg string) (components.Choice, error) {
	c := components.Choice{Name: "cakupan_wilayah", Label: "Cakupan Wilayah", Required: true, Selected: selected, Error: errMsg,
		Placeholder: "Pilih cakupan wilayah", Hint: "Wilayah data yang diminta, sesuai kewenangan instansi (§3.2.3)."}
	switch inst.Kategori {
	case account.KategoriPusat:
		c.Options = append(c.Options, components.Option{Value: request.Nasional, Label: "Nasional"})
		provs, err := s.store.ListProvinsi(ctx)
		if err != nil {
			return c, err
		}
		c.Groups = append(c.Groups, components.OptGroup{Label: "Provinsi", Options: toOptions(provs)})
	case account.KategoriProvinsi:
		path, err := s.store.FindWilayahPath(ctx, inst.Kode)
		if err != nil {
			return c, err
		}
		c.Options = append(c.Options, components.Option{Value: inst.Kode, Label: "Provinsi " + path.Provinsi.Nama})
		kabs, err := s.store.ListKabupatenKota(ctx, inst.Kode)
		if err != nil {
			return c, err
		}
		c.Groups = append(c.Groups, components.OptGroup{Label: "Kabupaten/Kota", Options: toOptions(kabs)})
	case account.KategoriKabKota:
		path, err := s.store.FindWilayahPath(ctx, inst.Kode)
		if err != nil {
			return c, err
		}
		c.Options = append(c.Options, components.Option{Value: inst.Kode, Label: path.KabupatenKota.Nama})
	}
	return c, nil
}

func (s *Server) cakupanView(r *http.Request, p request.Permohonan, inst request.Instansi, h request.Header, errs validate.Errors) (pv.CakupanView, error) {
	cak, err := s.cakupanChoice(r.Context(), inst, h.Cakupan, errs.Get("cakupan_wilayah"))
	if err != nil {
		return pv.CakupanView{}, err
	}
	v := pv.CakupanView{Page: s.page(r, "Cakupan dan Narahubung"), Action: permohonanPath(p.ID, "/cakupan"), Cakupan: cak,
		Role: "Walidata", Nama: h.NarahubungNama, Jabatan: h.NarahubungJabatan, NIP: h.NarahubungNIP, Email: h.NarahubungEmail,
		Phone: h.NarahubungPhone, Errors: errs}
	if inst.Pemda() {
		v.Role = "Koordinator Forum Satu Data Daerah"
		v.Forum = &components.Choice{Name: "forum_satu_data", Label: "Apakah daerah Anda telah memiliki Forum Satu Data?", Required: true,
			Options:  []components.Option{{Value: "ya", Label: "Sudah, ada SK Penetapan Forum Satu Data Daerah"}, {Value: "tidak", Label: "Belum"}},
			Selected: h.ForumSatuData, Error: errs.Get("forum_satu_data"),
			Hint: "Tanpa SK Forum Satu Data, hak akses Sepakat hanya berlaku 6 bulan (§3.2.5)."}
	}
	return v, nil
}

func (s *Server) handleCakupanForm(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok || s.notEditable(w, r, p) {
		return
	}
	h := p.Header
	inst := instansiOf(reg)
	if h.Cakupan == "" && inst.Kategori == account.KategoriKabKota {
		h.Cakupan = inst.Kode
	}
	var errs validate.Errors
	if p.HeaderSaved {
		_, errs = request.ValidateHeader(inst, h)
	}
	v, err := s.cakupanView(r, p, inst, h, errs)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pv.Cakupan(v))
}

func (s *Server) handleCakupanSave(w http.ResponseWriter, r *http.Request) {
	p, reg, ok := s.ownPermohonan(w, r)
	if !ok || s.notEditable(w, r, p) {
		return
	}
	inst := instansiOf(reg)
	h := request.Header{Cakupan: strings.TrimSpace(r.PostFormValue("cakupan_wilayah")),
		NarahubungNama: validate.Clean(r.PostFormValue("narahubung_nama"), 150), NarahubungJabatan: validate.Clean(r.PostFormValue("narahubung_jabatan"), 150),
		NarahubungNIP: validate.Clean(r.PostFormValue("narahubung_nip"), 24), NarahubungEmail: validate.Clean(r.PostFormValue("narahubung_email"), 200),
		NarahubungPhone: validate.Clean(r.PostFormValue("narahubung_no_hp"), 20), ForumSatuData: r.PostFormValue("forum_satu_data")}
	if h.ForumSatuData != "ya" && h.ForumSatuData != "tidak" {
		h.ForumSatuData = ""
	}
	norm, errs := request.ValidateHeader(inst, h)
	// Save what was typed (normalised where valid), even with errors: a draft never loses an entry.
	if err := s.store.SaveHeader(r.Context(), p.ID, reg.AkunID, norm, s.now()); err != nil {
		s.renderError(w, r, err)
		return
	}
	if errs.Any() {
		v, err := s.cakupanView(r, p, inst, norm, errs)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, pv.Cakupan(v))
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "Cakupan dan narahubung disimpan.")
	http.Redirect(w, r, permohonanPath(p.ID, ""), http.StatusSeeOther)
}
