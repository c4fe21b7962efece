// Package account holds the pure rules for registrator and staff accounts: identity numbers (NIK, NIP),
// contact details, usernames, passwords and their hashes, staff roles and the kategori pemohon.
//
// Nothing here does I/O. Validation errors carry a plain Indonesian message meant to be shown beside the form
// field, so err.Error() of a validation error is safe to render.
package account

import (
	"strings"
	"unicode"
)

// inputError is a validation problem whose message is written for the user, in Indonesian, to be shown beside
// the form field. It is a string type rather than errors.New so that the messages can be full sentences.
type inputError string

func (e inputError) Error() string { return string(e) }

// Validation errors. Their messages are shown to the user as they are.
const (
	errNIKEmpty       inputError = "NIK wajib diisi."
	errNIKNotDigits   inputError = "NIK hanya boleh berisi angka."
	errNIKLength      inputError = "NIK harus terdiri dari 16 digit angka."
	errNIKProvinsi    inputError = "Kode provinsi pada NIK (2 digit pertama) tidak dikenal."
	errNIKDay         inputError = "Tanggal lahir pada NIK (digit ke-7 dan ke-8) harus 01 sampai 31, atau 41 sampai 71 untuk perempuan."
	errNIKMonth       inputError = "Bulan lahir pada NIK (digit ke-9 dan ke-10) harus 01 sampai 12."
	errNIKDate        inputError = "Tanggal lahir pada NIK (digit ke-7 sampai ke-12) bukan tanggal yang valid."
	errNIKFuture      inputError = "Tanggal lahir pada NIK berada di masa depan."
	errNIKTooYoung    inputError = "Pemilik NIK harus sudah berusia 17 tahun."
	errNIKSerial      inputError = "Nomor urut pada NIK (4 digit terakhir) tidak boleh 0000."
	errNIPEmpty       inputError = "NIP wajib diisi."
	errNIPNotDigits   inputError = "NIP hanya boleh berisi angka dan spasi."
	errNIPLength      inputError = "NIP harus terdiri dari 18 digit angka."
	errNIPBirthDate   inputError = "Tanggal lahir pada NIP (8 digit pertama, TTTTBBHH) bukan tanggal yang valid."
	errNIPTMTMonth    inputError = "Bulan TMT CPNS pada NIP (digit ke-13 dan ke-14) harus 01 sampai 12."
	errNIPTMTTooEarly inputError = "Tahun TMT CPNS pada NIP (digit ke-9 sampai ke-12) paling cepat 18 tahun setelah tahun lahir."
	errNIPGender      inputError = "Kode jenis kelamin pada NIP (digit ke-15) harus 1 atau 2."
	errNIPSerial      inputError = "Nomor urut pada NIP (3 digit terakhir) tidak boleh 000."
	errPhoneEmpty     inputError = "Nomor handphone wajib diisi."
	errPhoneChars     inputError = "Nomor handphone hanya boleh berisi angka, spasi, titik, tanda hubung, dan tanda + di depan."
	errPhonePrefix    inputError = "Nomor handphone harus nomor seluler yang diawali 08, 628, atau +628."
	errPhoneShort     inputError = "Nomor handphone terlalu pendek: dalam bentuk 08… harus 10 sampai 13 digit."
	errPhoneLong      inputError = "Nomor handphone terlalu panjang: dalam bentuk 08… harus 10 sampai 13 digit."
	errEmailEmpty     inputError = "Email wajib diisi."
	errEmailPlain     inputError = "Tulis alamat email saja, tanpa nama, spasi, atau tanda < >."
	errEmailAt        inputError = "Alamat email harus memuat tepat satu tanda @."
	errEmailLocal     inputError = "Bagian email sebelum tanda @ kosong atau memuat karakter yang tidak diizinkan."
	errEmailDomain    inputError = "Domain email (bagian setelah tanda @) tidak valid, contoh: nama@bappenas.go.id."
	errEmailLong      inputError = "Alamat email terlalu panjang."
	errUsernameEmpty  inputError = "Username wajib diisi."
	errUsernameChars  inputError = "Username hanya boleh berisi huruf, angka, titik (.), dan garis bawah (_)."
	errUsernameLength inputError = "Username harus terdiri dari 4 sampai 32 karakter."
	errPasswordEmpty  inputError = "Kata sandi wajib diisi."
	errPasswordShort  inputError = "Kata sandi minimal 12 karakter."
	errPasswordLong   inputError = "Kata sandi maksimal 256 karakter."
	errPasswordCommon inputError = "Kata sandi ini terlalu umum dan mudah ditebak. Pilih kata sandi lain."
	errPasswordUser   inputError = "Kata sandi tidak boleh memuat username."
	errPasswordNIK    inputError = "Kata sandi tidak boleh memuat NIK."
	errRoleUnknown    inputError = "Peran tidak dikenal."
	errKategoriEmpty  inputError = "Pilih kategori pemohon."
	errKategoriBad    inputError = "Kategori pemohon tidak dikenal."
)

// stripSpace removes every white-space character, so "3273 0101 ..." and "19670627 199803 1 004" become plain digits.
func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// allDigits reports whether s is non-empty and only ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi reads a run of ASCII digits already checked by allDigits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
