package webhookhttp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestClassify(t *testing.T) {
	t.Parallel()

	tests := []struct {
		code int
		want Outcome
	}{
		{0, Retry},
		{200, Delivered}, {201, Delivered}, {202, Delivered}, {204, Delivered}, {299, Delivered},
		{410, Gone},
		{408, Retry}, {409, Retry}, {425, Retry}, {429, Retry},
		{500, Retry}, {501, Retry}, {502, Retry}, {503, Retry}, {504, Retry}, {599, Retry},
		{400, Failed}, {401, Failed}, {403, Failed}, {404, Failed}, {405, Failed}, {413, Failed}, {422, Failed}, {499, Failed},
		{100, Failed}, {199, Failed},
		{300, Failed}, {301, Failed}, {302, Failed}, {304, Failed}, {307, Failed}, {308, Failed},
		{-1, Failed}, {99, Failed}, {600, Failed}, {999, Failed},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, Classify(tt.code), "status %d", tt.code)
	}
}

func TestClassifyError(t *testing.T) {
	t.Parallel()

	tests := []struct {
		err  error
		want Outcome
	}{
		{fmt.Errorf("get: %w", ErrForbiddenTarget), Failed},
		{fmt.Errorf("get: %w", ErrInvalidURL), Failed},
		{fmt.Errorf("get: %w", ErrRedirectRefused), Failed},
		{errors.New("dial tcp: connection refused"), Retry},
		{context.DeadlineExceeded, Retry},
		{context.Canceled, Retry},
		{io.ErrUnexpectedEOF, Retry},
		{nil, Retry},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, ClassifyError(tt.err), "%v", tt.err)
	}
}

func TestOutcomeString(t *testing.T) {
	t.Parallel()

	require.Equal(t, "delivered", Delivered.String())
	require.Equal(t, "retry", Retry.String())
	require.Equal(t, "failed", Failed.String())
	require.Equal(t, "gone", Gone.String())
	require.Equal(t, "Outcome(0)", Outcome(0).String())
}

func TestReadCapped(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name string
		body string
		n    int64
		want string
	}{
		{"truncated", "hello world", 5, "hello"},
		{"shorter than cap", "short", 1024, "short"},
		{"exactly the cap", "exact", 5, "exact"},
		{"zero cap", "anything", 0, ""},
		{"negative cap", "anything", -3, ""},
		{"empty body", "", 10, ""},
	}
	for _, tt := range tests {
		rc := &closeRecorder{Reader: strings.NewReader(tt.body)}
		got, err := ReadCapped(&http.Response{Body: rc}, tt.n)
		require.NoError(t, err, tt.name)
		require.Equal(t, tt.want, string(got), tt.name)
		require.True(t, rc.closed.Load(), tt.name)
	}

	got, err := ReadCapped(nil, 10)
	require.NoError(t, err)
	require.Nil(t, got)

	failing := &closeRecorder{Reader: io.MultiReader(strings.NewReader("par"), errReader{})}
	got, err = ReadCapped(&http.Response{Body: failing}, 10)
	require.ErrorIs(t, err, io.ErrClosedPipe)
	require.Equal(t, "par", string(got))
	require.True(t, failing.closed.Load())
}

func TestReadCappedBoundsHugeBody(t *testing.T) {
	t.Parallel()

	// An endpoint streaming forever must not make us read forever: we read
	// the cap plus at most drainLimit, then close.
	body := &countingReader{}
	rc := &closeRecorder{Reader: body}
	got, err := ReadCapped(&http.Response{Body: rc}, 100)
	require.NoError(t, err)
	require.Len(t, got, 100)
	require.LessOrEqual(t, body.n, int64(100+drainLimit))
	require.True(t, rc.closed.Load())
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrClosedPipe }

// countingReader is an endless stream of 'x' that counts what was read.
type countingReader struct{ n int64 }

func (c *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	c.n += int64(len(p))
	return len(p), nil
}
