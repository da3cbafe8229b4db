package blob

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

// S3 stores blobs in a bucket of an S3-compatible service (AWS S3, MinIO,
// Cloudflare R2, Ceph…), addressed path-style ({endpoint}/{bucket}/{key}) and
// signed with AWS Signature Version 4. It needs no SDK: a blob store only
// puts and reads objects.
type S3 struct {
	endpoint *url.URL
	opts     S3Options
	http     *http.Client
	now      func() time.Time
}

// S3Options configure an S3 store.
type S3Options struct {
	// Endpoint is the service's base URL, e.g. https://s3.eu-west-1.amazonaws.com
	// or http://127.0.0.1:9000 for a local MinIO.
	Endpoint  string
	Region    string // e.g. us-east-1; S3-compatible services often accept any
	Bucket    string
	AccessKey string
	SecretKey string
	// Prefix is put before every key, e.g. "switchboard/".
	Prefix string
	// HTTP is the client to use; nil uses one with a 60 s timeout.
	HTTP *http.Client
}

// NewS3 checks opts and returns the store. It does not contact the service.
func NewS3(opts S3Options) (*S3, error) {
	u, err := url.Parse(opts.Endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("s3: endpoint %q must be an absolute http(s) URL", opts.Endpoint)
	}
	if opts.Bucket == "" || opts.Region == "" || opts.AccessKey == "" || opts.SecretKey == "" {
		return nil, errors.New("s3: bucket, region, access key and secret key are required")
	}
	client := opts.HTTP
	if client == nil {
		client = &http.Client{Timeout: 60 * time.Second}
	}
	return &S3{endpoint: u, opts: opts, http: client, now: time.Now}, nil
}

func (s *S3) objectURL(key string) (*url.URL, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	u := *s.endpoint
	u.Path = strings.TrimRight(u.Path, "/") + "/" + s.opts.Bucket + "/" + s.opts.Prefix + key
	u.RawPath = ""
	return &u, nil
}

// Put uploads r in one PUT. The body is spooled to a temporary file first:
// the signature covers its SHA-256 and the request needs its length.
func (s *S3) Put(ctx context.Context, key string, r io.Reader) error {
	u, err := s.objectURL(key)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp("", "switchboard-s3-*")
	if err != nil {
		return fmt.Errorf("put blob: %w", err)
	}
	defer func() { _ = os.Remove(f.Name()) }()
	defer func() { _ = f.Close() }() // read-only by then
	h := sha256.New()
	size, err := io.Copy(io.MultiWriter(f, h), r)
	if err != nil {
		return fmt.Errorf("put blob: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("put blob: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, u.String(), f)
	if err != nil {
		return fmt.Errorf("put blob: %w", err)
	}
	req.ContentLength = size
	resp, err := s.do(req, hex.EncodeToString(h.Sum(nil)))
	if err != nil {
		return fmt.Errorf("put blob %q: %w", key, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("put blob %q: %w", key, s3Error(resp))
	}
	return nil
}

// Open returns the object under key; reads after a Seek fetch from there with
// a Range request, so a player can skip through a long recording.
func (s *S3) Open(ctx context.Context, key string) (io.ReadSeekCloser, error) {
	u, err := s.objectURL(key)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("open blob: %w", err)
	}
	resp, err := s.do(req, emptySHA256)
	if err != nil {
		return nil, fmt.Errorf("open blob %q: %w", key, err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return nil, fmt.Errorf("open blob %q: %w", key, ErrNotFound)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("open blob %q: %w", key, s3Error(resp))
	}
	size, err := strconv.ParseInt(resp.Header.Get("Content-Length"), 10, 64)
	if err != nil || size < 0 {
		return nil, fmt.Errorf("open blob %q: no length in the reply", key)
	}
	return &s3Object{store: s, ctx: ctx, url: u.String(), size: size}, nil
}

// s3Object reads an object from its current offset with one ranged GET,
// reopened after each Seek.
type s3Object struct {
	store *S3
	ctx   context.Context //nolint:containedctx // an io.Reader has no ctx of its own; it is the Open call's
	url   string
	size  int64
	pos   int64
	body  io.ReadCloser
}

func (o *s3Object) Read(p []byte) (int, error) {
	if o.pos >= o.size {
		return 0, io.EOF
	}
	if o.body == nil {
		req, err := http.NewRequestWithContext(o.ctx, http.MethodGet, o.url, nil)
		if err != nil {
			return 0, err
		}
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", o.pos))
		resp, err := o.store.do(req, emptySHA256)
		if err != nil {
			return 0, fmt.Errorf("read blob: %w", err)
		}
		// 206 for a range; a plain 200 (the whole object) is right only from 0.
		whole := resp.StatusCode == http.StatusOK && o.pos == 0
		if resp.StatusCode != http.StatusPartialContent && !whole {
			defer resp.Body.Close()
			return 0, fmt.Errorf("read blob: %w", s3Error(resp))
		}
		o.body = resp.Body
	}
	n, err := o.body.Read(p)
	o.pos += int64(n)
	if errors.Is(err, io.EOF) && o.pos < o.size {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

func (o *s3Object) Seek(offset int64, whence int) (int64, error) {
	var pos int64
	switch whence {
	case io.SeekStart:
		pos = offset
	case io.SeekCurrent:
		pos = o.pos + offset
	case io.SeekEnd:
		pos = o.size + offset
	default:
		return o.pos, errors.New("seek blob: bad whence")
	}
	if pos < 0 {
		return o.pos, errors.New("seek blob: negative position")
	}
	if pos != o.pos && o.body != nil {
		_ = o.body.Close()
		o.body = nil
	}
	o.pos = pos
	return pos, nil
}

func (o *s3Object) Close() error {
	if o.body != nil {
		return o.body.Close()
	}
	return nil
}

const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

func (s *S3) do(req *http.Request, payloadSHA256 string) (*http.Response, error) {
	signV4(req, payloadSHA256, s.opts.Region, s.opts.AccessKey, s.opts.SecretKey, s.now().UTC())
	return s.http.Do(req)
}

// s3Error names an S3 error reply by its status and, when there is one, the
// Code of its XML body.
func s3Error(resp *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	code := ""
	if i := strings.Index(string(body), "<Code>"); i >= 0 {
		if j := strings.Index(string(body[i:]), "</Code>"); j > 0 {
			code = string(body[i+len("<Code>") : i+j])
		}
	}
	if code != "" {
		return fmt.Errorf("s3 replied %d %s", resp.StatusCode, code)
	}
	return fmt.Errorf("s3 replied %d", resp.StatusCode)
}

// signV4 adds AWS Signature Version 4 headers to req for service s3: the
// host, the payload hash, the date and every x-amz-* and Range header are
// signed.
func signV4(req *http.Request, payloadSHA256, region, accessKey, secretKey string, now time.Time) {
	amzDate := now.Format("20060102T150405Z")
	day := now.Format("20060102")
	req.Header.Set("X-Amz-Date", amzDate)
	req.Header.Set("X-Amz-Content-Sha256", payloadSHA256)

	headers := map[string]string{"host": req.URL.Host}
	for name, values := range req.Header {
		lower := strings.ToLower(name)
		if strings.HasPrefix(lower, "x-amz-") || lower == "range" || lower == "content-type" {
			headers[lower] = strings.TrimSpace(strings.Join(values, ","))
		}
	}
	names := make([]string, 0, len(headers))
	for n := range headers {
		names = append(names, n)
	}
	sort.Strings(names)
	var canonicalHeaders strings.Builder
	for _, n := range names {
		canonicalHeaders.WriteString(n + ":" + headers[n] + "\n")
	}
	signed := strings.Join(names, ";")
	canonical := strings.Join([]string{
		req.Method,
		req.URL.EscapedPath(),
		canonicalQuery(req.URL.Query()),
		canonicalHeaders.String(),
		signed,
		payloadSHA256,
	}, "\n")
	scope := day + "/" + region + "/s3/aws4_request"
	sum := sha256.Sum256([]byte(canonical))
	toSign := "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(sum[:])
	key := hmacSHA256([]byte("AWS4"+secretKey), day)
	for _, part := range []string{region, "s3", "aws4_request"} {
		key = hmacSHA256(key, part)
	}
	signature := hex.EncodeToString(hmacSHA256(key, toSign))
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+accessKey+"/"+scope+",SignedHeaders="+signed+",Signature="+signature)
}

func canonicalQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			parts = append(parts, awsEscape(k)+"="+awsEscape(v))
		}
	}
	return strings.Join(parts, "&")
}

// awsEscape is RFC 3986 percent-encoding as SigV4 wants it.
func awsEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// ParseS3URL reads an S3 store's configuration from one URL, so it can live
// in one setting like a database URL:
//
//	s3+https://ACCESS_KEY:SECRET_KEY@s3.eu-west-1.amazonaws.com/bucket/prefix?region=eu-west-1
//	s3+http://minio:minio-secret@127.0.0.1:9000/recordings?region=us-east-1
//
// The endpoint is the scheme after "s3+" and the host; the first path
// segment is the bucket and the rest, if any, the key prefix.
func ParseS3URL(raw string) (S3Options, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return S3Options{}, errors.New("s3 url: not a URL")
	}
	scheme, ok := strings.CutPrefix(u.Scheme, "s3+")
	if !ok || (scheme != "http" && scheme != "https") || u.Host == "" {
		return S3Options{}, errors.New("s3 url: must be s3+https://KEY:SECRET@host/bucket[/prefix]?region=REGION (or s3+http://)")
	}
	secret, _ := u.User.Password()
	bucket, prefix, _ := strings.Cut(strings.Trim(u.Path, "/"), "/")
	if prefix != "" {
		prefix += "/"
	}
	opts := S3Options{Endpoint: scheme + "://" + u.Host, Region: u.Query().Get("region"), Bucket: bucket,
		AccessKey: u.User.Username(), SecretKey: secret, Prefix: prefix}
	if opts.Bucket == "" || opts.Region == "" || opts.AccessKey == "" || opts.SecretKey == "" {
		return S3Options{}, errors.New("s3 url: the access key, secret key, bucket and ?region= are required")
	}
	return opts, nil
}
