package db

import (
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Cursor is a keyset position (created_at, id) for "newest first" lists. It is
// opaque to clients; a page continues strictly after it, so concurrent inserts
// never shift or repeat a page.
type Cursor struct {
	Time time.Time
	ID   uuid.UUID
}

// ErrBadCursor is returned for a cursor this server did not issue.
var ErrBadCursor = errors.New("invalid cursor")

// Encode returns the opaque form.
func (c Cursor) Encode() string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.Time.UTC().Format(time.RFC3339Nano) + "|" + c.ID.String()))
}

// DecodeCursor parses an opaque cursor; an empty string is no cursor.
func DecodeCursor(s string) (*Cursor, error) {
	if s == "" {
		return nil, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, ErrBadCursor
	}
	ts, id, ok := strings.Cut(string(raw), "|")
	if !ok {
		return nil, ErrBadCursor
	}
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return nil, ErrBadCursor
	}
	u, err := uuid.Parse(id)
	if err != nil {
		return nil, ErrBadCursor
	}
	return &Cursor{Time: t, ID: u}, nil
}

// TimeOrNil is the time for a query parameter, nil without a cursor.
func (c *Cursor) TimeOrNil() *time.Time {
	if c == nil {
		return nil
	}
	return &c.Time
}

// IDOrNil is the id for a query parameter, nil without a cursor.
func (c *Cursor) IDOrNil() *uuid.UUID {
	if c == nil {
		return nil
	}
	return &c.ID
}
