package webhookhttp

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Addresses that no Guard setting may reach.
var alwaysForbidden = []string{
	"0.0.0.0", "0.1.2.3", "0.255.255.255",
	"169.254.169.254", "169.254.0.1", "169.254.255.255",
	"192.0.0.8", "192.0.0.170", "192.0.2.1", "192.88.99.1",
	"198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9",
	"224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
	"::", "::ffff:0.0.0.0", "fe80::1", "fe80::a9fe:a9fe", "febf::1", "fec0::1",
	"ff02::1", "ff05::1:3", "100::1", "::127.0.0.1", "::10.0.0.1", "::8.8.8.8",
	// IPv4-mapped forms of the above.
	"::ffff:169.254.169.254", "::ffff:a9fe:a9fe", "::ffff:224.0.0.1", "::ffff:255.255.255.255",
	// NAT64 well-known prefix embedding anything but a public address,
	// including loopback and private: those belong to the translator.
	"64:ff9b::7f00:1", "64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b::10.0.0.1",
	"64:ff9b::c0a8:101", "64:ff9b::", "64:ff9b::100.64.0.1",
	// Local-use NAT64 (RFC 8215): we cannot know what it translates to.
	"64:ff9b:1::808:808",
	// 6to4 and Teredo wrap IPv4 addresses a relay will deliver to.
	"2002:7f00:1::1", "2002:a9fe:a9fe::1", "2002:808:808::1",
	"2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::1",
	// Documentation.
	"2001:db8::1", "3fff::1",
	// Zoned addresses.
	"fe80::1%eth0", "::1%lo", "2606:4700:4700::1111%eth0",
}

var loopbackAddrs = []string{"127.0.0.1", "127.0.0.53", "127.255.255.254", "::1", "::ffff:127.0.0.1", "::ffff:7f00:1"}

var privateAddrs = []string{
	"10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1", "192.168.255.255",
	"100.64.0.1", "100.127.255.255", "fc00::1", "fd12:3456:789a::1", "fdff:ffff::1",
	"::ffff:10.0.0.1", "::ffff:192.168.1.1", "::ffff:100.64.0.1",
}

var publicAddrs = []string{
	"8.8.8.8", "1.1.1.1", "93.184.216.34", "11.0.0.1", "9.255.255.255",
	"172.15.255.255", "172.32.0.0", "100.63.255.255", "100.128.0.0", "169.253.255.255", "169.255.0.0",
	"192.167.255.255", "192.169.0.0", "198.17.255.255", "198.20.0.0", "223.255.255.255",
	"126.255.255.255", "128.0.0.1", "1.0.0.0",
	"::ffff:8.8.8.8", "64:ff9b::808:808", "64:ff9b::8.8.4.4",
	"2606:4700:4700::1111", "2001:4860:4860::8888", "2a00:1450:4001:80b::200e", "2001:200::1", "3ffe::1",
}

func TestControlTable(t *testing.T) {
	t.Parallel()

	type want struct{ strict, loopback, private, both bool }
	cases := map[string]want{}
	for _, a := range alwaysForbidden {
		cases[a] = want{}
	}
	for _, a := range loopbackAddrs {
		cases[a] = want{loopback: true, both: true}
	}
	for _, a := range privateAddrs {
		cases[a] = want{private: true, both: true}
	}
	for _, a := range publicAddrs {
		cases[a] = want{true, true, true, true}
	}

	guards := []struct {
		name  string
		guard Guard
		pick  func(want) bool
	}{
		{"strict", Guard{}, func(w want) bool { return w.strict }},
		{"loopback", Guard{AllowLoopback: true}, func(w want) bool { return w.loopback }},
		{"private", Guard{AllowPrivate: true}, func(w want) bool { return w.private }},
		{"both", Guard{AllowLoopback: true, AllowPrivate: true}, func(w want) bool { return w.both }},
	}
	for addr, w := range cases {
		for _, g := range guards {
			t.Run(g.name+"/"+addr, func(t *testing.T) {
				t.Parallel()
				ip, err := netip.ParseAddr(addr)
				require.NoError(t, err)
				// Control only parses and judges the address; no socket is
				// ever created here.
				for _, network := range []string{"tcp", networkFor(ip)} {
					err := g.guard.Control(network, netip.AddrPortFrom(ip, 443).String(), nil)
					if g.pick(w) {
						require.NoError(t, err, "%s %s", network, addr)
					} else {
						require.ErrorIs(t, err, ErrForbiddenTarget, "%s %s", network, addr)
					}
				}
			})
		}
	}
}

func networkFor(ip netip.Addr) string {
	if ip.Is4() || ip.Is4In6() {
		return "tcp4"
	}
	return "tcp6"
}

func TestControlRefusesOddInput(t *testing.T) {
	t.Parallel()

	g := Guard{AllowLoopback: true, AllowPrivate: true}
	for _, tt := range []struct{ network, address string }{
		{"udp", "8.8.8.8:53"},
		{"unix", "/var/run/docker.sock"},
		{"tcp", "8.8.8.8"},
		{"tcp", "example.com:443"},
		{"tcp", ""},
		{"tcp", "[::1]"},
	} {
		require.ErrorIs(t, g.Control(tt.network, tt.address, nil), ErrForbiddenTarget, "%s %s", tt.network, tt.address)
	}
}

func TestCheckURL(t *testing.T) {
	t.Parallel()

	tests := []struct {
		raw   string
		guard Guard
		want  error // nil: accepted
	}{
		{"https://crm.example.com/hooks/switchboard", Guard{}, nil},
		{"http://crm.example.com", Guard{}, nil},
		{"HTTPS://CRM.Example.COM:8443/a?b=c#d", Guard{}, nil},
		{"https://crm.example.com:1/", Guard{}, nil},
		{"https://crm.example.com:65535/", Guard{}, nil},
		{"https://8.8.8.8/", Guard{}, nil},
		{"https://[2606:4700:4700::1111]:443/", Guard{}, nil},
		{"https://[64:ff9b::808:808]/", Guard{}, nil},
		{"https://localhost/", Guard{}, nil}, // names are judged at dial time
		{"https://xn--bcher-kva.example/", Guard{}, nil},
		{"https://a.b.c.d.e.example.com./x", Guard{}, nil},
		{"http://127.0.0.1:8080/", Guard{AllowLoopback: true}, nil},
		{"http://[::1]:8080/", Guard{AllowLoopback: true}, nil},
		{"http://10.1.2.3/", Guard{AllowPrivate: true}, nil},

		{"ftp://crm.example.com/", Guard{}, ErrInvalidURL},
		{"file:///etc/passwd", Guard{}, ErrInvalidURL},
		{"gopher://crm.example.com/", Guard{}, ErrInvalidURL},
		{"javascript:alert(1)", Guard{}, ErrInvalidURL},
		{"//crm.example.com/", Guard{}, ErrInvalidURL},
		{"crm.example.com/hook", Guard{}, ErrInvalidURL},
		{"https:crm.example.com", Guard{}, ErrInvalidURL},
		{"https:///path", Guard{}, ErrInvalidURL},
		{"https://", Guard{}, ErrInvalidURL},
		{"", Guard{}, ErrInvalidURL},
		{"https://user:pass@crm.example.com/", Guard{}, ErrInvalidURL},
		{"https://user@crm.example.com/", Guard{}, ErrInvalidURL},
		{"https://@crm.example.com/", Guard{}, ErrInvalidURL},
		{"https://crm.example.com:0/", Guard{}, ErrInvalidURL},
		{"https://crm.example.com:65536/", Guard{}, ErrInvalidURL},
		{"https://crm.example.com:99999999999999999999/", Guard{}, ErrInvalidURL},
		{"https://crm.example.com:-1/", Guard{}, ErrInvalidURL},
		{"https://:443/", Guard{}, ErrInvalidURL},
		{"https://[::1/", Guard{}, ErrInvalidURL},
		{"https://crm.example.com/\x00", Guard{}, ErrInvalidURL},
		{"https://bücher.example/", Guard{}, ErrInvalidURL},
		{"http://127.0.0.①/", Guard{}, ErrInvalidURL},
		{"http://127。0。0。1/", Guard{}, ErrInvalidURL},
		{"http://ｌｏｃａｌｈｏｓｔ/", Guard{}, ErrInvalidURL},
		{"https://crm.example.com/" + strings.Repeat("a", maxURLLen), Guard{}, ErrInvalidURL},

		{"http://127.0.0.1/", Guard{}, ErrForbiddenTarget},
		{"http://127.0.0.1:8080/", Guard{AllowPrivate: true}, ErrForbiddenTarget},
		{"http://[::1]/", Guard{}, ErrForbiddenTarget},
		{"http://[::ffff:127.0.0.1]/", Guard{}, ErrForbiddenTarget},
		{"http://[::ffff:7f00:1]/", Guard{}, ErrForbiddenTarget},
		{"http://169.254.169.254/latest/meta-data/", Guard{AllowLoopback: true, AllowPrivate: true}, ErrForbiddenTarget},
		{"http://[::ffff:169.254.169.254]/", Guard{AllowLoopback: true, AllowPrivate: true}, ErrForbiddenTarget},
		{"http://[64:ff9b::a9fe:a9fe]/", Guard{AllowLoopback: true, AllowPrivate: true}, ErrForbiddenTarget},
		{"http://[fe80::1%25eth0]/", Guard{AllowLoopback: true, AllowPrivate: true}, ErrForbiddenTarget},
		{"http://0.0.0.0:8080/", Guard{AllowLoopback: true}, ErrForbiddenTarget},
		{"http://[::]:8080/", Guard{AllowLoopback: true}, ErrForbiddenTarget},
		{"http://10.0.0.1/", Guard{}, ErrForbiddenTarget},
		{"http://172.16.5.4/", Guard{}, ErrForbiddenTarget},
		{"http://192.168.1.1/", Guard{}, ErrForbiddenTarget},
		{"http://100.64.0.1/", Guard{}, ErrForbiddenTarget},
		{"http://[fd00::1]/", Guard{}, ErrForbiddenTarget},
		{"http://224.0.0.1/", Guard{}, ErrForbiddenTarget},
		{"http://255.255.255.255/", Guard{}, ErrForbiddenTarget},
		{"http://[2002:7f00:1::1]/", Guard{}, ErrForbiddenTarget},
		// IPv4 in the spellings inet_aton accepts and Go's parser does not.
		{"http://2130706433/", Guard{}, ErrForbiddenTarget},
		{"http://0x7f000001/", Guard{}, ErrForbiddenTarget},
		{"http://0x7f.1/", Guard{}, ErrForbiddenTarget},
		{"http://127.1/", Guard{}, ErrForbiddenTarget},
		{"http://0177.0.0.1/", Guard{}, ErrForbiddenTarget},
		{"http://169.254.43518/", Guard{}, ErrForbiddenTarget},
		{"http://0/", Guard{}, ErrForbiddenTarget},
		{"http://8.8.8.8.8/", Guard{}, ErrForbiddenTarget},
		{"http://1.2.3.4./", Guard{}, ErrForbiddenTarget},
		{"http://0X7F.0X0.0X0.0X1/", Guard{}, ErrForbiddenTarget},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", truncate(tt.raw, 60)), func(t *testing.T) {
			t.Parallel()
			u, err := tt.guard.CheckURL(tt.raw)
			if tt.want == nil {
				require.NoError(t, err)
				require.NotNil(t, u)
				return
			}
			require.ErrorIs(t, err, tt.want)
			require.Nil(t, u)
		})
	}
}

// dialRecorder wraps a Guard's Control function for tests. It records every
// address the dialer asked about and every address actually let through to
// connect(2), and, as a safety net for this machine's rule that tests talk to
// loopback only, refuses anything non-loopback even if the guard were to
// allow it (recording that as a violation the test then reports).
type dialRecorder struct {
	mu         sync.Mutex
	seen       []string
	connected  []string
	violations []string
}

func (r *dialRecorder) control(g Guard) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, c syscall.RawConn) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.seen = append(r.seen, address)
		if err := g.Control(network, address, c); err != nil {
			return err
		}
		ap, err := netip.ParseAddrPort(address)
		if err != nil || !ap.Addr().Unmap().IsLoopback() {
			r.violations = append(r.violations, address)
			return errors.New("test safety net: refusing to connect outside loopback")
		}
		r.connected = append(r.connected, address)
		return nil
	}
}

func (r *dialRecorder) snapshot() (seen, connected, violations []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.seen...), append([]string(nil), r.connected...), append([]string(nil), r.violations...)
}

type testBundle struct {
	client   *http.Client
	recorder *dialRecorder
}

func setup(t *testing.T, g Guard) *testBundle {
	t.Helper()
	rec := &dialRecorder{}
	client := g.client(10*time.Second, rec.control(g))
	t.Cleanup(func() {
		client.CloseIdleConnections()
		_, _, violations := rec.snapshot()
		require.Empty(t, violations, "the guard let a non-loopback address through to the dialer")
	})
	return &testBundle{client: client, recorder: rec}
}

// trust makes the bundle's client accept srv's self-signed certificate.
func (b *testBundle) trust(srv *httptest.Server) {
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	b.client.Transport.(*guardedTransport).base.TLSClientConfig.RootCAs = pool
}

// countingServer is an httptest server on 127.0.0.1 that counts requests.
func countingServer(t *testing.T, tls bool, h http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if h != nil {
			h(w, r)
			return
		}
		_, _ = io.WriteString(w, "ok")
	})
	var srv *httptest.Server
	if tls {
		srv = httptest.NewTLSServer(handler)
	} else {
		srv = httptest.NewServer(handler)
	}
	t.Cleanup(srv.Close)
	return srv, &hits
}

// result is what a test needs from a response; the helpers below read and
// close the body themselves so no test holds an open response.
type result struct {
	status int
	body   string
}

func get(t *testing.T, c *http.Client, rawURL string) (result, error) {
	t.Helper()
	return do(t, c, http.MethodGet, rawURL, "")
}

func do(t *testing.T, c *http.Client, method, rawURL, body string) (result, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, rawURL, strings.NewReader(body))
	require.NoError(t, err)
	resp, err := c.Do(req)
	if err != nil {
		return result{}, err
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := ReadCapped(resp, 1<<10)
	require.NoError(t, err)
	return result{status: resp.StatusCode, body: string(data)}, nil
}

func TestClientLoopbackRefusedByDefault(t *testing.T) {
	t.Parallel()

	srv, hits := countingServer(t, false, nil)
	b := setup(t, Guard{})

	_, err := get(t, b.client, srv.URL)
	require.ErrorIs(t, err, ErrForbiddenTarget)
	require.Equal(t, Failed, ClassifyError(err))
	require.Zero(t, hits.Load())
	seen, connected, _ := b.recorder.snapshot()
	require.Empty(t, seen, "a literal loopback URL is refused before any dial")
	require.Empty(t, connected)
}

func TestClientLoopbackAllowed(t *testing.T) {
	t.Parallel()

	srv, hits := countingServer(t, false, nil)
	b := setup(t, Guard{AllowLoopback: true})

	res, err := get(t, b.client, srv.URL)
	require.NoError(t, err)
	require.Equal(t, "ok", res.body)
	require.Equal(t, Delivered, Classify(res.status))
	require.Equal(t, int64(1), hits.Load())
	_, connected, _ := b.recorder.snapshot()
	require.Equal(t, []string{srv.Listener.Addr().String()}, connected)
}

func TestClientHostnameResolvingToLoopbackRefusedAtDial(t *testing.T) {
	t.Parallel()

	srv, hits := countingServer(t, false, nil)
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	b := setup(t, Guard{})

	// CheckURL cannot know what "localhost" resolves to; the dial check can.
	_, err := get(t, b.client, fmt.Sprintf("http://localhost:%d/", port))
	require.ErrorIs(t, err, ErrForbiddenTarget)
	require.Zero(t, hits.Load())
	seen, connected, _ := b.recorder.snapshot()
	require.NotEmpty(t, seen, "the dialer must have asked about the resolved address")
	for _, a := range seen {
		ap, err := netip.ParseAddrPort(a)
		require.NoError(t, err)
		require.True(t, ap.Addr().IsLoopback(), a)
	}
	require.Empty(t, connected)

	// And with loopback allowed, the same name connects.
	ok := setup(t, Guard{AllowLoopback: true})
	res, err := get(t, ok.client, fmt.Sprintf("http://localhost:%d/", port))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.status)
	require.Equal(t, int64(1), hits.Load())
}

func TestTransportDialRefusesForbiddenAddressBeforeConnect(t *testing.T) {
	t.Parallel()

	// Skip the URL check and go straight to the dialer, to prove the last
	// line of defence on its own. Nothing is sent: Control runs before
	// connect(2) and refuses.
	for _, target := range []string{
		"http://169.254.169.254/latest/meta-data/",
		"http://10.1.2.3:8080/",
		"http://[::ffff:a9fe:a9fe]/",
		"http://[64:ff9b::a9fe:a9fe]/",
		"http://0.0.0.0:80/",
	} {
		t.Run(target, func(t *testing.T) {
			t.Parallel()
			g := Guard{AllowLoopback: true}
			b := setup(t, g)
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, target, nil)
			require.NoError(t, err)
			resp, err := b.client.Transport.(*guardedTransport).base.RoundTrip(req)
			if resp != nil {
				_ = resp.Body.Close()
			}
			require.ErrorIs(t, err, ErrForbiddenTarget)
			seen, connected, _ := b.recorder.snapshot()
			require.Len(t, seen, 1)
			require.Empty(t, connected)
		})
	}
}

func TestClientRedirectToForbiddenRefused(t *testing.T) {
	t.Parallel()

	for _, target := range []string{
		"http://169.254.169.254/latest/meta-data/iam/security-credentials/",
		"http://10.0.0.7/admin",
		"http://[::ffff:169.254.169.254]/",
		"http://[fd00::1]/",
		"http://2130706433/",
		"http://user:pw@127.0.0.1/",
		"gopher://127.0.0.1:6379/_FLUSHALL",
		"file:///etc/passwd",
	} {
		t.Run(target, func(t *testing.T) {
			t.Parallel()
			srv, hits := countingServer(t, false, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, target, http.StatusFound)
			})
			b := setup(t, Guard{AllowLoopback: true})

			_, err := get(t, b.client, srv.URL)
			require.Error(t, err)
			require.Equal(t, Failed, ClassifyError(err))
			require.True(t, errors.Is(err, ErrForbiddenTarget) || errors.Is(err, ErrInvalidURL), "%v", err)
			require.Equal(t, int64(1), hits.Load())
			seen, connected, _ := b.recorder.snapshot()
			require.Equal(t, []string{srv.Listener.Addr().String()}, seen, "only the loopback server was dialled")
			require.Equal(t, seen, connected)
		})
	}
}

func TestClientRedirectToLoopbackNameRefusedAtDial(t *testing.T) {
	t.Parallel()

	// A redirect to a host name passes the URL check, whatever the name
	// resolves to; the dial check must then refuse the resolved address. A
	// first hop that this guard lets through would have to be a private or
	// public server, which tests may not contact, so the two steps the
	// client takes for a redirect are driven by hand.
	target, targetHits := countingServer(t, false, nil)
	port := target.Listener.Addr().(*net.TCPAddr).Port
	b := setup(t, Guard{AllowPrivate: true})

	prev, err := http.NewRequestWithContext(t.Context(), http.MethodGet, "https://crm.example.com/", nil)
	require.NoError(t, err)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, fmt.Sprintf("https://localhost:%d/", port), nil)
	require.NoError(t, err)
	require.NoError(t, b.client.CheckRedirect(req, []*http.Request{prev}), "names pass the URL check")

	resp, err := b.client.Transport.RoundTrip(req)
	if resp != nil {
		_ = resp.Body.Close()
	}
	require.ErrorIs(t, err, ErrForbiddenTarget)
	require.Zero(t, targetHits.Load())
	seen, connected, _ := b.recorder.snapshot()
	require.NotEmpty(t, seen)
	require.Empty(t, connected)
}

func TestClientRedirectHTTPSToHTTPRefused(t *testing.T) {
	t.Parallel()

	plain, plainHits := countingServer(t, false, nil)
	secure, secureHits := countingServer(t, true, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+"/downgraded", http.StatusMovedPermanently)
	})
	b := setup(t, Guard{AllowLoopback: true})
	b.trust(secure)

	_, err := get(t, b.client, secure.URL)
	require.ErrorIs(t, err, ErrRedirectRefused)
	require.Equal(t, Failed, ClassifyError(err))
	require.Equal(t, int64(1), secureHits.Load())
	require.Zero(t, plainHits.Load())
}

func TestClientRedirectHTTPToHTTPSFollowed(t *testing.T) {
	t.Parallel()

	secure, secureHits := countingServer(t, true, nil)
	plain, _ := countingServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, secure.URL+"/upgraded", http.StatusPermanentRedirect)
	})
	b := setup(t, Guard{AllowLoopback: true})
	b.trust(secure)

	// 308 keeps the method and body, so this is what a moved webhook
	// endpoint looks like to the delivery job.
	res, err := do(t, b.client, http.MethodPost, plain.URL, `{"a":1}`)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.status)
	require.Equal(t, int64(1), secureHits.Load())
}

func TestClientRedirectLimit(t *testing.T) {
	t.Parallel()

	// /n redirects to /n-1 until /0, which answers 200.
	srv, hits := countingServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		var n int
		_, err := fmt.Sscanf(r.URL.Path, "/%d", &n)
		if err != nil || n == 0 {
			_, _ = io.WriteString(w, "done")
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/%d", n-1), http.StatusFound)
	})
	b := setup(t, Guard{AllowLoopback: true})

	res, err := get(t, b.client, srv.URL+"/3")
	require.NoError(t, err, "three redirects are followed")
	require.Equal(t, "done", res.body)
	require.Equal(t, int64(4), hits.Load())

	_, err = get(t, b.client, srv.URL+"/4")
	require.ErrorIs(t, err, ErrRedirectRefused)
	require.Equal(t, int64(4+4), hits.Load(), "the fourth redirect is not followed")
}

func TestClientUserInfoRefused(t *testing.T) {
	t.Parallel()

	srv, hits := countingServer(t, false, nil)
	b := setup(t, Guard{AllowLoopback: true})
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	u.User = url.UserPassword("admin", "hunter2")

	_, err = get(t, b.client, u.String())
	require.ErrorIs(t, err, ErrInvalidURL)
	require.Zero(t, hits.Load())
	seen, _, _ := b.recorder.snapshot()
	require.Empty(t, seen)
}

func TestClientSettings(t *testing.T) {
	t.Parallel()

	c := Guard{}.Client(20 * time.Second)
	require.Equal(t, 20*time.Second, c.Timeout)
	require.NotNil(t, c.CheckRedirect)
	gt, ok := c.Transport.(*guardedTransport)
	require.True(t, ok)
	tr := gt.base
	// Proxy from the environment would make the dial check see the proxy.
	require.Nil(t, tr.Proxy)
	require.Equal(t, 5*time.Second, tr.TLSHandshakeTimeout)
	require.Equal(t, 10*time.Second, tr.ResponseHeaderTimeout)
	require.NotNil(t, tr.DialContext)
	require.Nil(t, tr.DialTLSContext, "TLS must go through the guarded DialContext")
	require.Nil(t, tr.Dial) //nolint:staticcheck // making sure the deprecated hook is unused too
}

func TestRoundTripClosesBodyWhenRefused(t *testing.T) {
	t.Parallel()

	b := setup(t, Guard{})
	body := &closeRecorder{Reader: strings.NewReader("{}")}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://127.0.0.1:1/", body)
	require.NoError(t, err)
	resp, err := b.client.Transport.RoundTrip(req)
	if resp != nil {
		_ = resp.Body.Close()
	}
	require.ErrorIs(t, err, ErrForbiddenTarget)
	require.True(t, body.closed.Load())
}

type closeRecorder struct {
	io.Reader
	closed atomic.Bool
}

func (c *closeRecorder) Close() error { c.closed.Store(true); return nil }
