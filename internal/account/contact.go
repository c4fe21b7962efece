package account

import "strings"

// Indonesian mobile numbers in the national form 08... are 10 to 13 digits long.
const (
	minPhoneDigits = 10
	maxPhoneDigits = 13
)

// NormalizePhone accepts an Indonesian mobile number written 08..., 628... or +628..., with spaces, dots or
// dashes between the digits, that is 10-13 digits long in the national 08... form, and returns it in E.164
// (+628...). Landlines (021...) and numbers without a prefix are refused.
func NormalizePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errPhoneEmpty
	}
	plus := strings.HasPrefix(s, "+")
	digits := strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r
		case r == ' ' || r == '.' || r == '-':
			return -1
		}
		return '!'
	}, strings.TrimPrefix(s, "+"))
	if strings.ContainsRune(digits, '!') {
		return "", errPhoneChars
	}
	var national string
	switch {
	case strings.HasPrefix(digits, "628"):
		national = "0" + digits[2:]
	case !plus && strings.HasPrefix(digits, "08"):
		national = digits
	default:
		return "", errPhonePrefix
	}
	switch {
	case len(national) < minPhoneDigits:
		return "", errPhoneShort
	case len(national) > maxPhoneDigits:
		return "", errPhoneLong
	}
	return "+62" + national[1:], nil
}

// Limits from RFC 5321: 64 octets for the local part, 254 for a whole address that fits a forward path.
const (
	maxEmailLocal = 64
	maxEmail      = 254
)

// NormalizeEmail trims s, checks that it is a plain address (no display name, exactly one @, a domain with a
// dot), lowercases the domain and returns the address. The local part keeps its case: mail servers may
// distinguish it, even though few do.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errEmailEmpty
	}
	if strings.ContainsAny(s, " \t\r\n<>\"()") {
		return "", errEmailPlain
	}
	if strings.Count(s, "@") != 1 {
		return "", errEmailAt
	}
	local, domain, _ := strings.Cut(s, "@")
	domain = strings.ToLower(domain)
	switch {
	case len(s) > maxEmail || len(local) > maxEmailLocal:
		return "", errEmailLong
	case !validLocalPart(local):
		return "", errEmailLocal
	case !validDomain(domain):
		return "", errEmailDomain
	}
	return local + "@" + domain, nil
}

// validLocalPart accepts RFC 5322 dot-atoms: atext characters in dot-separated non-empty runs. Quoted local
// parts are legal but not accepted here: nobody in government mail uses them.
func validLocalPart(local string) bool {
	if local == "" {
		return false
	}
	for _, atom := range strings.Split(local, ".") {
		if atom == "" {
			return false
		}
		for i := 0; i < len(atom); i++ {
			c := atom[i]
			if !isAlnum(c) && !strings.ContainsRune("!#$%&'*+/=?^_`{|}~-", rune(c)) {
				return false
			}
		}
	}
	return true
}

// validDomain accepts a lowercase ASCII host name with at least two labels, each of letters, digits and inner
// hyphens, ending in an alphabetic top-level label of two or more letters.
func validDomain(domain string) bool {
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if !isAlnum(l[i]) && l[i] != '-' {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) < 2 {
		return false
	}
	for i := 0; i < len(tld); i++ {
		if tld[i] < 'a' || tld[i] > 'z' {
			return false
		}
	}
	return true
}

// IsGoID reports whether email is an address under a *.go.id domain (Indonesian government institutions).
// It is used to flag an Email Unit Kerja for the verifier, not to refuse it.
func IsGoID(email string) bool {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return false
	}
	domain := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(email[at+1:])), ".")
	return strings.HasSuffix(domain, ".go.id") && len(domain) > len(".go.id")
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
