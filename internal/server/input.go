package server

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Input is checked once, here, before any handler sees it: every path, query parameter, form field (name
// and value) and uploaded file name must be valid UTF-8 without NUL or other control characters (a form
// value may hold tabs and line breaks) and within a length. PostgreSQL refuses such text, and a page that
// passed it on would fail with a 500; a file name or a CSV would carry it further. What fails is answered
// with a 4xx, never stored:
//
//   - a path: 400;
//   - a query parameter (a filter, a page number): dropped, and the page is served without it with a notice
//     and status 400;
//   - a form field: the forms listed in reshowForms show the message beside the field (422), every other form
//     answers 400 naming the fields.

// Length bounds, in characters. No form of the portal takes more than 5 000 in one field (a pengaduan's isi).
const (
	maxPathLen       = 2048
	maxQueryValueLen = 500
	maxFormValueLen  = 10000
	maxFieldNameLen  = 200
)

// Messages of a refused value.
const (
	msgBadChars = "Isian ini berisi karakter yang tidak diizinkan (karakter kontrol atau bukan teks UTF-8). Ketik ulang isian ini."
	msgTooLong  = "Isian ini terlalu panjang."
	noticeQuery = "Sebagian parameter pencarian atau filter berisi karakter yang tidak diizinkan atau terlalu panjang, dan diabaikan."
)

// reshowForms are the forms whose handler shows a value refused here beside its field (inputErrors); the
// public ones, where a person is most likely to paste something odd.
var reshowForms = map[string]bool{
	"/masuk":            true,
	"/lupa-kata-sandi":  true,
	"/pengaduan":        true,
	"/pengaduan/status": true,
}

const (
	inputErrorsKey ctxKey = iota + 300
	inputNoticeKey
)

// textProblem says what is wrong with s as input: "" when nothing. lineBreaks allows tab, CR and LF.
func textProblem(s string, maxLen int, lineBreaks bool) string {
	if !utf8.ValidString(s) {
		return msgBadChars
	}
	n := 0
	for _, r := range s {
		n++
		if unicode.IsControl(r) && !(lineBreaks && (r == '\t' || r == '\n' || r == '\r')) {
			return msgBadChars
		}
	}
	if n > maxLen {
		return msgTooLong
	}
	return ""
}

// checkInput is the middleware of the rules above. It parses a form body itself (multipart with the same
// memory bound the upload handlers use), so a malformed body is a 400 here rather than an error in a handler.
func (s *Server) checkInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if textProblem(r.URL.Path, maxPathLen, false) != "" {
			s.renderMessage(w, r, http.StatusBadRequest, "Alamat tidak sah", "Alamat halaman berisi karakter yang tidak diizinkan. Periksa kembali alamatnya.")
			return
		}
		if q, dropped := cleanQuery(r.URL.RawQuery); dropped {
			r.URL.RawQuery = q
			r.Form = nil
			r = r.WithContext(context.WithValue(r.Context(), inputNoticeKey, noticeQuery))
			w = &statusOverride{ResponseWriter: w, from: http.StatusOK, to: http.StatusBadRequest}
		}
		if r.Method == http.MethodPost && !streamedUpload(r.URL.Path) {
			errs, status := parseAndCheckBody(r)
			if status != 0 {
				s.renderStatus(w, r, status)
				return
			}
			if errs.Any() {
				if !reshowForms[r.URL.Path] {
					s.renderInputRefused(w, r, errs)
					return
				}
				blankBadFields(r, errs)
				r = r.WithContext(context.WithValue(r.Context(), inputErrorsKey, errs))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// cleanQuery returns the raw query without the parameters that fail textProblem, and whether any did. A query
// that does not even parse is dropped whole.
func cleanQuery(raw string) (string, bool) {
	if raw == "" {
		return raw, false
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return "", true
	}
	dropped := false
	for name, vals := range q {
		bad := textProblem(name, maxFieldNameLen, false) != ""
		for _, v := range vals {
			bad = bad || textProblem(v, maxQueryValueLen, false) != ""
		}
		if bad {
			delete(q, name)
			dropped = true
		}
	}
	if !dropped {
		return raw, false
	}
	return q.Encode(), true
}

// parseAndCheckBody parses a form body and returns the fields that fail textProblem, or the status of a body
// that cannot be read at all (413 over the limit, 400 malformed).
func parseAndCheckBody(r *http.Request) (validate.Errors, int) {
	var errs validate.Errors
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	switch ct {
	case "multipart/form-data":
		err = r.ParseMultipartForm(1 << 20)
	case "application/x-www-form-urlencoded":
		err = r.ParseForm()
	default:
		return errs, 0
	}
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return errs, http.StatusRequestEntityTooLarge
		}
		return errs, http.StatusBadRequest
	}
	errs = checkFields(r.PostForm)
	if r.MultipartForm != nil {
		for name, files := range r.MultipartForm.File {
			for _, f := range files {
				checkFileName(&errs, name, f.Filename)
			}
		}
	}
	return errs, 0
}

// checkFields returns the form fields whose name or value fails textProblem.
func checkFields(form url.Values) validate.Errors {
	var errs validate.Errors
	for name, vals := range form {
		if p := textProblem(name, maxFieldNameLen, false); p != "" {
			errs.Add(safeFieldName(name), p)
			continue
		}
		for _, v := range vals {
			if p := textProblem(v, maxFormValueLen, true); p != "" {
				errs.Add(name, p)
				break
			}
		}
	}
	return errs
}

// checkFileName adds the message of a chosen file's name that fails textProblem.
func checkFileName(errs *validate.Errors, field, name string) {
	if textProblem(name, 255, false) != "" {
		errs.Add(field, "Nama berkas berisi karakter yang tidak diizinkan. Ganti nama berkas lalu unggah lagi.")
	}
}

// streamedUpload names the forms readUpload reads part by part (kit_upload.go), keeping every field of a form
// with a file over its limit: checkInput leaves their body to it, and readUpload checks each part by the same
// rules (checkUpload).
func streamedUpload(path string) bool {
	return path == "/pengaduan" || dokumenUploadPath.MatchString(path)
}

var dokumenUploadPath = regexp.MustCompile(`^/permohonan/[^/]+/dokumen(/[^/]+)?$`)

// checkUpload applies the rules above to a form read by readUpload: a refused field is blanked and its file
// dropped. A form of reshowForms gets the messages to show beside the fields; any other is refused whole (the
// errors returned as the error, which renderError answers with renderInputRefused).
func checkUpload(r *http.Request, form *uploadForm) error {
	errs := checkFields(r.PostForm)
	for name, f := range form.files {
		checkFileName(&errs, name, f.Name)
	}
	if !errs.Any() {
		return nil
	}
	for _, fe := range errs.All() {
		if f := form.files[fe.Field]; f != nil {
			delete(form.files, fe.Field)
			f.close()
		}
	}
	blankBadFields(r, errs)
	if !reshowForms[r.URL.Path] {
		return &errs
	}
	form.inputErrs = errs
	return nil
}

// safeFieldName stands in for a field name that is itself bad, so the message can be shown.
func safeFieldName(string) string { return "formulir" }

// blankBadFields empties the refused values, so a handler that shows the form again never echoes or stores them.
func blankBadFields(r *http.Request, errs validate.Errors) {
	for _, fe := range errs.All() {
		name := fe.Field
		for _, f := range []url.Values{r.PostForm, r.Form} {
			if f != nil {
				if _, ok := f[name]; ok {
					f[name] = []string{""}
				}
			}
		}
	}
	if r.MultipartForm != nil {
		for _, fe := range errs.All() {
			delete(r.MultipartForm.File, fe.Field)
		}
	}
	for name := range r.PostForm {
		if textProblem(name, maxFieldNameLen, false) != "" {
			delete(r.PostForm, name)
			delete(r.Form, name)
		}
	}
}

// inputErrors returns the fields checkInput refused, for a form of reshowForms to show beside them.
func inputErrors(r *http.Request) validate.Errors {
	errs, _ := r.Context().Value(inputErrorsKey).(validate.Errors)
	return errs
}

// inputNotice is the notice of a dropped query parameter, for the layout.
func inputNotice(ctx context.Context) string {
	n, _ := ctx.Value(inputNoticeKey).(string)
	return n
}

// renderInputRefused answers a form refused here that its handler does not show again: 400, with the fields
// named and nothing stored.
func (s *Server) renderInputRefused(w http.ResponseWriter, r *http.Request, errs validate.Errors) {
	var fields []string
	for _, fe := range errs.All() {
		fields = append(fields, fe.Field)
	}
	slices.Sort(fields)
	s.renderMessage(w, r, http.StatusBadRequest, "Isian tidak dapat diterima", "Isian "+strings.Join(quoteAll(fields), ", ")+
		" berisi karakter yang tidak diizinkan (karakter kontrol atau bukan teks UTF-8) atau terlalu panjang. Tidak ada yang disimpan. "+
		"Kembali ke formulir, perbaiki isian tersebut, lalu kirim lagi.")
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = "\u201c" + s + "\u201d"
	}
	return out
}

// statusOverride answers with to where the handler says from (a page served without a refused filter).
type statusOverride struct {
	http.ResponseWriter
	from, to int
	wrote    bool
}

func (o *statusOverride) WriteHeader(code int) {
	if !o.wrote && code == o.from {
		code = o.to
	}
	o.wrote = true
	o.ResponseWriter.WriteHeader(code)
}

func (o *statusOverride) Write(b []byte) (int, error) {
	if !o.wrote {
		o.WriteHeader(http.StatusOK)
	}
	return o.ResponseWriter.Write(b)
}

func (o *statusOverride) Unwrap() http.ResponseWriter { return o.ResponseWriter }
