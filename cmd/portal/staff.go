package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/pquerna/otp/totp"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/config"
	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/store"
)

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// staffCommand handles `portal staff create --username U --role R [--role R2] [--nama N] [--email E]`.
func staffCommand(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: portal staff create --username U --role ROLE [--role ROLE...] [--nama NAMA] [--email EMAIL]")
	}
	fs := flag.NewFlagSet("staff create", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	username := fs.String("username", "", "username (4-32: letters, digits, . and _)")
	nama := fs.String("nama", "", "full name")
	email := fs.String("email", "", "email address")
	var roles multiFlag
	fs.Var(&roles, "role", "role (repeatable): "+roleList())
	if err := fs.Parse(args[1:]); err != nil {
		return fmt.Errorf("staff create: %w", err)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	password := crypt.RandomToken()[:20]
	secret, err := createStaff(ctx, st, *username, *nama, *email, password, roles, true)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Akun petugas %s dibuat.\nKata sandi (sekali tampil): %s\nRahasia TOTP (base32): %s\n"+
		"Masukkan rahasia ke aplikasi autentikator (otpauth://totp/Portal%%20Regsosek:%s?secret=%s&issuer=Portal%%20Regsosek).\n",
		*username, password, secret, *username, secret)
	return nil
}

func roleList() string {
	var names []string
	for _, r := range account.AllRoles {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}

// createStaff validates and creates a staff account and returns its new TOTP secret.
func createStaff(ctx context.Context, st *store.Store, username, nama, email, password string, roles []string, oneTime bool) (string, error) {
	u, err := account.NormalizeUsername(username)
	if err != nil {
		return "", fmt.Errorf("--username: %w", err)
	}
	if len(roles) == 0 {
		return "", errors.New("at least one --role is required: " + roleList())
	}
	var clean []account.Role
	for _, r := range roles {
		role, err := account.ParseRole(r)
		if err != nil {
			return "", fmt.Errorf("--role %q: %w (roles: %s)", r, err, roleList())
		}
		clean = append(clean, role)
	}
	if nama == "" {
		nama = u
	}
	if email == "" {
		email = u + "@bappenas.go.id"
	}
	if email, err = account.NormalizeEmail(email); err != nil {
		return "", fmt.Errorf("--email: %w", err)
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Portal Regsosek", AccountName: u})
	if err != nil {
		return "", err
	}
	hash, err := account.HashPassword(password)
	if err != nil {
		return "", err
	}
	_, err = st.CreateStaff(ctx, account.NewStaff{Username: u, Nama: nama, Email: email, PasswordHash: hash,
		TOTPSecret: key.Secret(), Roles: clean, MustChangePassword: oneTime}, account.Actor{Kind: account.ActorSistem})
	return key.Secret(), err
}

// demoPassword is the password of every demo staff account; demo data exists only outside production.
const demoPassword = "Demo-Regsosek-2026"

// seedDemo creates one demo staff member per role, once, and prints the table of demo logins.
func seedDemo(ctx context.Context, st *store.Store, stdout io.Writer) error {
	fmt.Fprintln(stdout, "\nLogin demo petugas (kata sandi sama untuk semua; kode TOTP dari rahasia base32):")
	fmt.Fprintf(stdout, "  %-22s %-26s %-20s %s\n", "PERAN", "USERNAME", "KATA SANDI", "RAHASIA TOTP")
	for _, role := range account.AllRoles {
		username := "demo." + strings.ReplaceAll(string(role), "_", ".")
		existing, err := st.FindStaffByUsername(ctx, username)
		var secret string
		switch {
		case err == nil:
			if secret, err = st.StaffTOTPSecret(ctx, existing.ID); err != nil {
				return err
			}
		case errors.Is(err, store.ErrNotFound):
			if secret, err = createStaff(ctx, st, username, "Demo "+role.Label(), "", demoPassword, []string{string(role)}, false); err != nil {
				return err
			}
		default:
			return err
		}
		fmt.Fprintf(stdout, "  %-22s %-26s %-20s %s\n", role, username, demoPassword, secret)
	}
	fmt.Fprintln(stdout, "  Kode TOTP saat ini: `oathtool --totp -b RAHASIA`, atau tambahkan rahasia ke aplikasi autentikator.")
	return nil
}
