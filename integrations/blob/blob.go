// Package blob stores recordings and other large files by key. The media node
// writes recordings through a Store; the API reads them back to serve them
// through short-lived signed URLs. Dir is the default (a local directory shared
// by processes on one machine); an S3-compatible Store is configured for
// several machines.
package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
)

// Store puts and opens blobs by key.
type Store interface {
	// Put stores r's bytes under key, replacing any earlier blob; the blob is
	// visible to Open only once complete.
	Put(ctx context.Context, key string, r io.Reader) error
	// Open returns the blob under key; a missing key wraps ErrNotFound.
	Open(ctx context.Context, key string) (io.ReadSeekCloser, error)
}

// ErrNotFound is returned by Open for a key with no blob.
var ErrNotFound = errors.New("blob: not found")

// Keys are paths of safe segments: "recordings/<tenant>/<call>.wav".
var validKey = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$`)

// Dir stores blobs as files under a directory.
type Dir struct{ Root string }

// checkKey refuses keys that could leave the store's root or prefix.
func checkKey(key string) error {
	if !validKey.MatchString(key) || len(key) > 512 {
		return fmt.Errorf("blob: invalid key %q", key)
	}
	return nil
}

func (d Dir) path(key string) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
	}
	return filepath.Join(d.Root, filepath.FromSlash(key)), nil
}

// Put writes to a temporary file and renames it, so readers never see half a blob.
func (d Dir) Put(ctx context.Context, key string, r io.Reader) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("put blob: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".put-*")
	if err != nil {
		return fmt.Errorf("put blob: %w", err)
	}
	defer func() { _ = os.Remove(f.Name()) }() // fails harmlessly once renamed
	if _, err := io.Copy(f, r); err != nil {
		_ = f.Close()
		return fmt.Errorf("put blob: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("put blob: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("put blob: %w", err)
	}
	if err := os.Rename(f.Name(), p); err != nil {
		return fmt.Errorf("put blob: %w", err)
	}
	return nil
}

// Open opens the file under key.
func (d Dir) Open(_ context.Context, key string) (io.ReadSeekCloser, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p) //nolint:gosec // key is validated above
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("open blob %q: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("open blob: %w", err)
	}
	return f, nil
}
