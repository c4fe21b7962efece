package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Settings for running the portal as a service: behind a reverse proxy, on several instances, watched and with a
// retention schedule (issue 14). Each is documented in README.md, "Configuration".

// Retention says how long personal data and secrets are kept once their purpose is served (UU 27/2022:
// minimisation). The retention job (internal/jobs) applies it every hour.
type Retention struct {
	// KTPDays is how long a registrator's KTP scan is kept after the verifikator akun decided on it (the
	// activation, a rejection, or the end of the official's term): its only purpose is that check
	// (RETENSI_KTP_HARI, default 90).
	KTPDays int
	// MailDays is how long the record of a sent email (recipient, subject, kind, times, attempts) is kept;
	// its body is dropped at delivery in production (RETENSI_SUREL_HARI, default 180). A failed email keeps
	// its body this long too, for a retry.
	MailDays int
}

// Mail TLS modes (SMTP_TLS).
const (
	MailTLSStartTLS = "starttls" // connect in clear, upgrade with STARTTLS as SMTP_STARTTLS says (port 587)
	MailTLSImplicit = "implicit" // TLS from the first byte (port 465)
)

// Mail AUTH mechanisms (SMTP_AUTH).
const (
	MailAuthAuto  = "auto" // PLAIN when the server offers it, else LOGIN
	MailAuthPlain = "plain"
	MailAuthLogin = "login"
)

func loadOps(c *Config, get func(name, def string) string) []error {
	var errs []error
	var err error
	if c.TrustedProxies, err = ParseProxies(get("TRUSTED_PROXIES", "")); err != nil {
		errs = append(errs, fmt.Errorf("TRUSTED_PROXIES: %w", err))
	}
	c.MetricsAddr = get("METRICS_ADDR", "")
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			errs = append(errs, errors.New("METRICS_ADDR must be host:port, such as 127.0.0.1:9464"))
		} else if c.MetricsAddr == c.ListenAddr {
			errs = append(errs, errors.New("METRICS_ADDR must differ from LISTEN_ADDR: metrics are not for the public"))
		}
	}
	if c.DBMaxConns, err = strconv.Atoi(get("DB_MAX_CONNS", "20")); err != nil || c.DBMaxConns < 4 || c.DBMaxConns > 500 {
		errs = append(errs, errors.New("DB_MAX_CONNS must be a number of connections from 4 to 500"))
	}
	// One argon2id hash per CPU (more would not go faster), at most three: each holds 64 MiB, and a flood must
	// not cost more than a few hundred MB however many CPUs the machine has.
	defHash := strconv.Itoa(min(max(1, runtime.GOMAXPROCS(0)), 3))
	if c.HashConcurrency, err = strconv.Atoi(get("PASSWORD_HASH_CONCURRENCY", defHash)); err != nil || c.HashConcurrency < 1 || c.HashConcurrency > 64 {
		errs = append(errs, errors.New("PASSWORD_HASH_CONCURRENCY must be a number from 1 to 64 (each uses 64 MiB)"))
	}
	if c.Retention.KTPDays, err = strconv.Atoi(get("RETENSI_KTP_HARI", "90")); err != nil || c.Retention.KTPDays < 1 || c.Retention.KTPDays > 3650 {
		errs = append(errs, errors.New("RETENSI_KTP_HARI must be a number of days from 1 to 3650"))
	}
	if c.Retention.MailDays, err = strconv.Atoi(get("RETENSI_SUREL_HARI", "180")); err != nil || c.Retention.MailDays < 1 || c.Retention.MailDays > 3650 {
		errs = append(errs, errors.New("RETENSI_SUREL_HARI must be a number of days from 1 to 3650"))
	}

	c.Mail.TLS = get("SMTP_TLS", MailTLSStartTLS)
	switch c.Mail.TLS {
	case MailTLSStartTLS, MailTLSImplicit:
	default:
		errs = append(errs, errors.New("SMTP_TLS must be starttls or implicit"))
	}
	c.Mail.Auth = get("SMTP_AUTH", MailAuthAuto)
	switch c.Mail.Auth {
	case MailAuthAuto, MailAuthPlain, MailAuthLogin:
	default:
		errs = append(errs, errors.New("SMTP_AUTH must be auto, plain or login"))
	}
	if c.Mail.Timeout, err = time.ParseDuration(get("SMTP_TIMEOUT", "30s")); err != nil || c.Mail.Timeout <= 0 {
		errs = append(errs, errors.New("SMTP_TIMEOUT must be a duration such as 30s"))
	}
	return errs
}

// ParseProxies reads a comma-separated list of CIDR prefixes or single addresses ("10.0.0.0/8, 192.0.2.7").
func ParseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if p, err := netip.ParsePrefix(part); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an address nor a CIDR prefix", part)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}
