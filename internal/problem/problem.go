// Package problem holds the errors every domain package returns for a
// caller's mistakes: a bad value in a request, and a thing that does not
// exist or is not the caller's to see. The domains re-export them under their
// own names; the API boundary (graph's error presenter) maps them once.
package problem

import (
	"errors"
	"fmt"
)

// ErrNotFound covers "does not exist" and "not yours to see" alike, so that a
// caller cannot learn of another tenant's data from the difference.
var ErrNotFound = errors.New("not found")

// InputError is a bad value in a request, naming the field it concerns.
type InputError struct{ Field, Message string }

func (e *InputError) Error() string { return e.Field + ": " + e.Message }

// Input returns an InputError for field.
func Input(field, format string, args ...any) error {
	return &InputError{Field: field, Message: fmt.Sprintf(format, args...)}
}
