package account

import "strings"

const (
	minUsername = 4
	maxUsername = 32
)

// NormalizeUsername trims s and checks that it is 4 to 32 ASCII letters, digits, '.' and '_'. It returns the
// username lowercased, because usernames are unique case-insensitively.
func NormalizeUsername(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errUsernameEmpty
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) && s[i] != '.' && s[i] != '_' {
			return "", errUsernameChars
		}
	}
	if len(s) < minUsername || len(s) > maxUsername {
		return "", errUsernameLength
	}
	return strings.ToLower(s), nil
}
