package request

// PelatihanPeserta is a further kind of training evidence (issue 13 item 7): a participant of a bimtek class
// of the same instansi who passed, with the operator's NIP/NIK — the operator's own training, with its
// certificate number.
const PelatihanPeserta = "peserta_bimtek"

// PesertaRef is a passed participant as the evidence names it.
type PesertaRef struct {
	ID        int64
	Nama, NIP string
	Nomor     string // the certificate's number
	Bimtek    string // the bimtek's reference
}

// MsgPesertaBukanOperator refuses a participant who is not the row's operator.
const MsgPesertaBukanOperator = "Peserta yang dipilih bukan operator ini: NIP/NIK peserta berbeda dengan NIP/NIK operator."
