package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// The national-volume data set for `make bench` (`portal seed --nasional`): every province, kab/kota and
// K/L with an akun, 100,000 permohonan across all states, 1,000,000 audit rows, some bimtek and pengaduan.
// It writes var/bench-login.json with what the benchmark signs in with; development only.

// nasionalPassword is every registrator's password of the set and the bench staff member's.
const nasionalPassword = "Nasional-Regsosek-2026"

// BenchLogin is what cmd/bench reads to sign in.
type BenchLogin struct {
	Registrator  string `json:"registrator"`
	Password     string `json:"password"`
	PermohonanID int64  `json:"permohonan_id"`
	Staff        string `json:"staff"`
	TOTPSecret   string `json:"totp_secret"`
	SearchTerm   string `json:"search_term"`
}

func seedNasional(ctx context.Context, st *store.Store, varDir string, stdout io.Writer) error {
	const staffName = "nasional.petugas"
	var secret string
	existing, err := st.FindStaffByUsername(ctx, staffName)
	switch {
	case err == nil:
		secret, err = st.StaffTOTPSecret(ctx, existing.ID)
	case errors.Is(err, store.ErrNotFound):
		var roles []string
		for _, r := range account.AllRoles {
			roles = append(roles, string(r))
		}
		if secret, err = createStaff(ctx, st, staffName, "Petugas Uji Beban", "", nasionalPassword, roles, false); err == nil {
			existing, err = st.FindStaffByUsername(ctx, staffName)
		}
	}
	if err != nil {
		return err
	}
	hash, err := account.HashPassword(nasionalPassword)
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := st.SeedNasional(ctx, store.NasionalOptions{Permohonan: 100_000, Bimtek: 3_000, Pengaduan: 5_000, Audit: 1_000_000,
		PasswordHash: hash, StaffID: existing.ID, Now: time.Now()})
	if err != nil {
		return err
	}
	if res.Loaded {
		fmt.Fprintf(stdout, "Data skala nasional dimuat dalam %.0f detik.\n", time.Since(start).Seconds())
	}
	fmt.Fprintf(stdout, "Data skala nasional: %d akun, %d permohonan, %d baris log audit.\n", res.Akun, res.Permohonan, res.Audit)
	b, err := json.MarshalIndent(BenchLogin{Registrator: res.Username, Password: nasionalPassword, PermohonanID: res.PermohonanID,
		Staff: staffName, TOTPSecret: secret, SearchTerm: res.SearchTerm}, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(varDir, "bench-login.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Login uji beban ditulis ke %s.\n", path)
	return nil
}
