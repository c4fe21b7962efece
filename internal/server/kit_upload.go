package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"

	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Upload forms that lose nothing. A form with files is read part by part: its text fields go into
// r.PostForm as ParseMultipartForm would put them, each file is spooled (in memory up to spoolMemory, then in a
// temporary file), and a file over its limit is read to its end without being kept, so the fields after it
// still arrive. The handler then shows the form again with every value typed, and beside the file the limit
// and the size sent (status 413), instead of a bare "too large". Only a body beyond uploadBodyLimit is cut,
// and then the fields sent before the cut are still kept.

const spoolMemory = 1 << 20

// upFile is a chosen file as received.
type upFile struct {
	Name string
	Size int64
	mem  []byte
	tmp  *os.File
}

// Reader reads the file from its start.
func (f *upFile) Reader() io.Reader {
	if f.tmp != nil {
		_, _ = f.tmp.Seek(0, io.SeekStart)
		return f.tmp
	}
	return bytes.NewReader(f.mem)
}

// uploadForm is a multipart form as read by readUpload.
type uploadForm struct {
	files map[string]*upFile
	// tooLarge names the file fields over their limit, with the size sent (at least).
	tooLarge map[string]int64
	// cut is set when the body passed uploadBodyLimit: the fields after that point are missing.
	cut bool
	// inputErrs are the fields checkUpload refused, for a form of reshowForms to show beside them.
	inputErrs validate.Errors
}

// file returns the file chosen for a field, or nil.
func (f *uploadForm) file(name string) *upFile { return f.files[name] }

// Close removes the temporary files.
func (f *uploadForm) Close() {
	for _, x := range f.files {
		x.close()
	}
}

// close removes the file's temporary file, if it has one.
func (f *upFile) close() {
	if f.tmp != nil {
		f.tmp.Close()
		os.Remove(f.tmp.Name())
	}
}

// readUpload reads a multipart form; limits gives each file field its largest size (a field not named gets
// 10 MB). It fails on a body that is not a multipart form at all, and on text checkInput would refuse
// (checkUpload).
func (s *Server) readUpload(r *http.Request, limits map[string]int64) (*uploadForm, error) {
	form, err := s.readParts(r, limits)
	var diskErr *fs.PathError
	if err != nil && !errors.Is(err, http.ErrNotMultipart) && !errors.Is(err, http.ErrMissingBoundary) && !errors.As(err, &diskErr) {
		// A body that is not a well-formed multipart form (a bad part header, a NUL in a file name) is the
		// client's mistake: 400, as renderError answers ErrNotMultipart. A temporary file that cannot be
		// written stays the server's error.
		err = fmt.Errorf("%w: %v", http.ErrNotMultipart, err)
	}
	if err == nil {
		err = checkUpload(r, form)
	}
	if err != nil && form != nil {
		form.Close()
	}
	return form, err
}

// readParts reads the parts of a multipart form into r.PostForm and spooled files.
func (s *Server) readParts(r *http.Request, limits map[string]int64) (*uploadForm, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, err
	}
	form := &uploadForm{files: map[string]*upFile{}, tooLarge: map[string]int64{}}
	r.PostForm, r.Form = url.Values{}, url.Values{}
	for k, vs := range r.URL.Query() {
		r.Form[k] = vs
	}
	text := int64(0)
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return form, nil
		}
		if err != nil {
			return form, s.cutShort(form, err)
		}
		name := part.FormName()
		if part.FileName() == "" && !isFileField(part) {
			b, err := io.ReadAll(io.LimitReader(part, 1<<20-text+1))
			if err != nil {
				return form, s.cutShort(form, err)
			}
			if text += int64(len(b)); text > 1<<20 {
				return form, errors.New("server: upload form fields over 1 MB")
			}
			r.PostForm.Add(name, string(b))
			r.Form.Add(name, string(b))
			continue
		}
		if part.FileName() == "" {
			continue // a file input left empty
		}
		limit, ok := limits[name]
		if !ok {
			limit = 10 << 20
		}
		f, n, err := spool(part, limit)
		if err != nil && !errors.Is(err, errOverLimit) {
			form.Close()
			return form, s.cutShort(form, err)
		}
		if errors.Is(err, errOverLimit) {
			rest, err := io.Copy(io.Discard, part)
			form.tooLarge[name] = n + rest
			if err != nil {
				return form, s.cutShort(form, err)
			}
			continue
		}
		f.Name = part.FileName()
		form.files[name] = f
	}
}

// isFileField reports whether a part comes from a file input (its disposition names a file, maybe "").
func isFileField(p *multipart.Part) bool {
	_, params, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
	_, has := params["filename"]
	return err == nil && has
}

// cutShort records a body cut at uploadBodyLimit; any other read error is returned.
func (s *Server) cutShort(form *uploadForm, err error) error {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		form.cut = true
		return nil
	}
	return err
}

var errOverLimit = errors.New("over limit")

// spool keeps up to limit bytes of r, in memory up to spoolMemory and in a temporary file beyond; with more
// than limit it returns errOverLimit and how much it read.
func spool(r io.Reader, limit int64) (*upFile, int64, error) {
	head := make([]byte, spoolMemory)
	n, err := io.ReadFull(r, head)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		if int64(n) > limit {
			return nil, int64(n), errOverLimit
		}
		return &upFile{mem: head[:n], Size: int64(n)}, int64(n), nil
	}
	if err != nil {
		return nil, int64(n), err
	}
	tmp, err := os.CreateTemp("", "portal-unggah-*")
	if err != nil {
		return nil, int64(n), err
	}
	f := &upFile{tmp: tmp}
	if _, err := tmp.Write(head); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, int64(n), err
	}
	rest, err := io.Copy(tmp, io.LimitReader(r, limit-int64(n)+1))
	total := int64(n) + rest
	if err == nil && total > limit {
		err = errOverLimit
	}
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, total, err
	}
	f.Size = total
	return f, total, nil
}

// sizeText says a size for people: "12,3 MB", "850 KB".
func sizeText(n int64) string {
	if n < 1<<20 {
		return indo.Int((n+1023)>>10) + " KB"
	}
	return indo.Decimal(float64(n)/(1<<20), 1) + " MB"
}

// tooLargeMessage is what stands beside a file over its limit.
func tooLargeMessage(label string, sent int64, rule dokumen.Rule) string {
	return label + " yang dipilih berukuran " + sizeText(sent) + ", melebihi batas " + rule.SizeText() +
		". Pilih berkas yang lebih kecil (" + rule.Label + "); isian lain di halaman ini tetap tersimpan."
}
