package validate

import (
	"errors"
	"strings"
)

// Refusal is a rule saying no to what someone tried, as a sentence in Indonesian for the person acting. Domain
// packages declare their refusals where the rule lives; pages show the sentence as it is.
type Refusal string

func (r Refusal) Error() string { return string(r) }

// MessageOf returns the sentence of the refusal inside err, or "" when err is not a refusal.
func MessageOf(err error) string {
	if r, ok := errors.AsType[Refusal](err); ok {
		return strings.TrimSpace(string(r))
	}
	return ""
}
