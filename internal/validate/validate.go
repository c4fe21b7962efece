// Package validate holds the field-to-message error type that forms render beside their inputs.
package validate

// FieldError is one message for one form input, named as in the HTML.
type FieldError struct {
	Field   string
	Message string
}

// Errors keeps at most one message per field, in the order they were added, which is the order the error
// summary lists them. The zero value is ready to use.
type Errors struct {
	list []FieldError
}

// Add records msg for field unless the field already has a message: the first problem found is the one shown.
func (e *Errors) Add(field, msg string) {
	if e.Get(field) != "" {
		return
	}
	e.list = append(e.list, FieldError{Field: field, Message: msg})
}

// Get returns the message for field, or "".
func (e *Errors) Get(field string) string {
	if e == nil {
		return ""
	}
	for _, fe := range e.list {
		if fe.Field == field {
			return fe.Message
		}
	}
	return ""
}

// Any reports whether there is at least one error.
func (e *Errors) Any() bool { return e != nil && len(e.list) > 0 }

// All returns the errors in the order they were added.
func (e *Errors) All() []FieldError {
	if e == nil {
		return nil
	}
	return e.list
}

// Error lets Errors travel as an error; it names the fields only, never the values.
func (e *Errors) Error() string {
	s := "validation failed:"
	for _, fe := range e.All() {
		s += " " + fe.Field
	}
	return s
}

// Then returns e followed by the messages of o for fields e has none for: a form's own reasons (text too
// long, nothing chosen) first, then the rule's.
func (e Errors) Then(o Errors) Errors {
	for _, fe := range o.list {
		e.Add(fe.Field, fe.Message)
	}
	return e
}
