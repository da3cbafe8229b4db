package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// AWS's own Signature Version 4 example for S3 (GET /test.txt with a Range,
// 2013-05-24): the signature must come out exactly as AWS documents it.
func TestSignV4MatchesAWSExample(t *testing.T) {
	t.Parallel()
	req, err := http.NewRequest(http.MethodGet, "https://examplebucket.s3.amazonaws.com/test.txt", nil)
	require.NoError(t, err)
	req.Header.Set("Range", "bytes=0-9")
	signV4(req, emptySHA256, "us-east-1", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC))
	require.Equal(t, "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"+
		"SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"+
		"Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", req.Header.Get("Authorization"))
}

// fakeS3 is an S3-compatible bucket: it checks each request's SigV4
// signature and payload hash (403 SignatureDoesNotMatch otherwise) and serves
// PUT, HEAD and ranged GET of objects.
type fakeS3 struct {
	mu      sync.Mutex
	objects map[string][]byte
	secret  string
}

func (f *fakeS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	sum := sha256.Sum256(body)
	if r.Header.Get("X-Amz-Content-Sha256") != hex.EncodeToString(sum[:]) {
		http.Error(w, "<Error><Code>XAmzContentSHA256Mismatch</Code></Error>", http.StatusBadRequest)
		return
	}
	// Re-sign a copy with the secret this bucket knows and compare.
	check := r.Clone(context.Background())
	check.Header = r.Header.Clone()
	check.Header.Del("Authorization")
	at, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		http.Error(w, "<Error><Code>AccessDenied</Code></Error>", http.StatusForbidden)
		return
	}
	check.Host, check.URL.Host = r.Host, r.Host
	signV4(check, r.Header.Get("X-Amz-Content-Sha256"), "eu-west-1", "test-access", f.secret, at)
	if check.Header.Get("Authorization") != r.Header.Get("Authorization") {
		http.Error(w, "<Error><Code>SignatureDoesNotMatch</Code></Error>", http.StatusForbidden)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	switch r.Method {
	case http.MethodPut:
		f.objects[r.URL.Path] = body
	case http.MethodGet, http.MethodHead:
		obj, ok := f.objects[r.URL.Path]
		if !ok {
			http.Error(w, "<Error><Code>NoSuchKey</Code></Error>", http.StatusNotFound)
			return
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(obj))
	default:
		http.Error(w, "", http.StatusMethodNotAllowed)
	}
}

func TestS3PutOpenSeekAndRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	bucket := &fakeS3{objects: map[string][]byte{}, secret: "test-secret"}
	srv := httptest.NewServer(bucket)
	t.Cleanup(srv.Close)
	s, err := NewS3(S3Options{Endpoint: srv.URL, Region: "eu-west-1", Bucket: "calls", AccessKey: "test-access", SecretKey: "test-secret", Prefix: "sb/"})
	require.NoError(t, err)

	data := []byte(strings.Repeat("0123456789", 1000))
	require.NoError(t, s.Put(ctx, "recordings/t1/c1.wav", bytes.NewReader(data)))
	require.Contains(t, bucket.objects, "/calls/sb/recordings/t1/c1.wav")

	f, err := s.Open(ctx, "recordings/t1/c1.wav")
	require.NoError(t, err)
	all, err := io.ReadAll(f)
	require.NoError(t, err)
	require.Equal(t, data, all)
	// A player skipping ahead: a ranged read from the new offset.
	end, err := f.Seek(-5, io.SeekEnd)
	require.NoError(t, err)
	require.Equal(t, int64(len(data)-5), end)
	tail, err := io.ReadAll(f)
	require.NoError(t, err)
	require.Equal(t, "56789", string(tail))
	_, err = f.Seek(100, io.SeekStart)
	require.NoError(t, err)
	chunk := make([]byte, 4)
	_, err = io.ReadFull(f, chunk)
	require.NoError(t, err)
	require.Equal(t, "0123", string(chunk))
	require.NoError(t, f.Close())
	// http.ServeContent is what serves recordings: it must work over S3 too.
	f, err = s.Open(ctx, "recordings/t1/c1.wav")
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	get := httptest.NewRequest(http.MethodGet, "/r.wav", nil)
	get.Header.Set("Range", "bytes=10-19")
	http.ServeContent(rec, get, "r.wav", time.Time{}, f)
	require.Equal(t, http.StatusPartialContent, rec.Code)
	require.Equal(t, "0123456789", rec.Body.String())
	require.NoError(t, f.Close())

	_, err = s.Open(ctx, "recordings/t1/none.wav")
	require.ErrorIs(t, err, ErrNotFound)
	require.Error(t, s.Put(ctx, "../escape", strings.NewReader("x")))

	wrong, err := NewS3(S3Options{Endpoint: srv.URL, Region: "eu-west-1", Bucket: "calls", AccessKey: "test-access", SecretKey: "not-the-secret"})
	require.NoError(t, err)
	err = wrong.Put(ctx, "recordings/x.wav", strings.NewReader("x"))
	require.ErrorContains(t, err, "403 SignatureDoesNotMatch")

	_, err = NewS3(S3Options{Endpoint: "ftp://x", Region: "r", Bucket: "b", AccessKey: "a", SecretKey: "s"})
	require.Error(t, err)
}

func TestParseS3URL(t *testing.T) {
	t.Parallel()
	o, err := ParseS3URL("s3+https://AK:SK%2Fx@s3.eu-west-1.amazonaws.com/calls/sb/rec?region=eu-west-1")
	require.NoError(t, err)
	require.Equal(t, S3Options{Endpoint: "https://s3.eu-west-1.amazonaws.com", Region: "eu-west-1", Bucket: "calls",
		AccessKey: "AK", SecretKey: "SK/x", Prefix: "sb/rec/"}, o)
	o, err = ParseS3URL("s3+http://minio:secret@127.0.0.1:9000/recordings?region=us-east-1")
	require.NoError(t, err)
	require.Equal(t, "http://127.0.0.1:9000", o.Endpoint)
	require.Empty(t, o.Prefix)
	for _, bad := range []string{"https://AK:SK@host/b?region=r", "s3+ftp://AK:SK@host/b?region=r", "s3+https://AK:SK@host/?region=r",
		"s3+https://AK:SK@host/b", "s3+https://host/b?region=r", "::"} {
		_, err := ParseS3URL(bad)
		require.Error(t, err, bad)
	}
}
