package dasbor

import "github.com/bappenas/portal-regsosek/internal/indo"

// Figure is one figure as the public may see it: a withheld figure carries no value at all, so nothing
// downstream (page, chart, download) can leak it by mistake.
type Figure struct {
	Value      int64
	Suppressed bool
	// Missing is true when the release has no such figure.
	Missing bool
}

// Text is the figure in Indonesian format, or the suppressed mark.
func (f Figure) Text() string {
	switch {
	case f.Suppressed:
		return SuppressedMark
	case f.Missing:
		return "–"
	}
	return indo.Int(f.Value)
}

// Ratio is a percentage built from two figures: it is withheld when either is.
type Ratio struct {
	Percent    float64
	Suppressed bool
	Missing    bool
}

// Text is the percentage in Indonesian format, or the suppressed mark.
func (r Ratio) Text() string {
	switch {
	case r.Suppressed:
		return SuppressedMark
	case r.Missing:
		return "–"
	}
	return indo.Percent(r.Percent)
}

// Data is a release after disclosure control, ready to show: it holds no withheld value.
type Data struct {
	Provinces []Wilayah
	figures   map[Key]Figure
	// SuppressedCount is how many figures were withheld.
	SuppressedCount int
	names           map[string]string
}

// NewData applies disclosure control (Suppress) to a complete, valid release.
func NewData(values []Value, provinces []Wilayah, minKeluarga int) *Data {
	hidden := Suppress(values, provinces, minKeluarga)
	d := &Data{Provinces: provinces, figures: make(map[Key]Figure, len(values)), names: provinceNames(provinces)}
	for _, v := range values {
		if _, h := hidden[v.Key()]; h {
			d.figures[v.Key()] = Figure{Suppressed: true}
			d.SuppressedCount++
			continue
		}
		d.figures[v.Key()] = Figure{Value: v.Nilai}
	}
	return d
}

// Get returns one figure.
func (d *Data) Get(indikator, wilayah, rincian string) Figure {
	f, ok := d.figures[Key{indikator, wilayah, rincian}]
	if !ok {
		return Figure{Missing: true}
	}
	return f
}

// Share returns a figure as a percentage of its indicator's parent (or of another total, when parent is
// given) for the same wilayah.
func (d *Data) Share(indikator, wilayah, rincian string) Ratio {
	in, _ := Find(indikator)
	part := d.Get(indikator, wilayah, rincian)
	whole := d.Get(in.Parent, wilayah, "")
	switch {
	case part.Missing || whole.Missing || in.Parent == "":
		return Ratio{Missing: true}
	case part.Suppressed || whole.Suppressed:
		return Ratio{Suppressed: true}
	case whole.Value == 0:
		return Ratio{Missing: true}
	}
	return Ratio{Percent: 100 * float64(part.Value) / float64(whole.Value)}
}

// Name returns the name of a wilayah code ("Nasional" for 00).
func (d *Data) Name(wilayah string) string { return d.names[wilayah] }

// Known reports whether a wilayah code is Nasional or a province of the release.
func (d *Data) Known(wilayah string) bool {
	_, ok := d.names[wilayah]
	return ok
}
