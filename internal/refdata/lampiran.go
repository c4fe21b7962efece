package refdata

import (
	"embed"
	"encoding/csv"
	"fmt"
)

//go:embed lampiran/*.csv
var lampiranFiles embed.FS

// Lampiran2Row is one indicator of pedoman Lampiran 2: Prioritas Nasional, Program Prioritas and the RKP 2023
// indicator Data Regsosek can support.
type Lampiran2Row struct{ PrioritasNasional, ProgramPrioritas, Indikator string }

// Lampiran3Row is one programme of pedoman Lampiran 3: a kementerian/lembaga and its programme Data Regsosek
// can support.
type Lampiran3Row struct{ KementerianLembaga, Program string }

func readLampiran(name string, columns int) ([][]string, error) {
	f, err := lampiranFiles.Open("lampiran/" + name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = columns
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("refdata: %s: %w", name, err)
	}
	return recs[1:], nil
}

// Lampiran2 returns pedoman Lampiran 2 in its order.
func Lampiran2() ([]Lampiran2Row, error) {
	recs, err := readLampiran("lampiran_2.csv", 3)
	if err != nil {
		return nil, err
	}
	out := make([]Lampiran2Row, len(recs))
	for i, r := range recs {
		out[i] = Lampiran2Row{r[0], r[1], r[2]}
	}
	return out, nil
}

// Lampiran3 returns pedoman Lampiran 3 in its order.
func Lampiran3() ([]Lampiran3Row, error) {
	recs, err := readLampiran("lampiran_3.csv", 2)
	if err != nil {
		return nil, err
	}
	out := make([]Lampiran3Row, len(recs))
	for i, r := range recs {
		out[i] = Lampiran3Row{r[0], r[1]}
	}
	return out, nil
}
