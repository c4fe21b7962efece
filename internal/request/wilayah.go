package request

// Reference records as the store returns them: wilayah (for the cakupan and the pickers) and the
// kementerian/lembaga.

// Wilayah is one region of any level, by its dotted Kemendagri code.
type Wilayah struct {
	Kode string
	Nama string
}

// KL is one kementerian/lembaga.
type KL struct {
	KodeBA string
	Nama   string
}

// WilayahPath is a chosen region with the name of every level above it.
type WilayahPath struct {
	Provinsi, KabupatenKota, Kecamatan, DesaKelurahan Wilayah
}
