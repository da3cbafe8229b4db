package webhookhttp

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"
)

var (
	// ErrInvalidURL is wrapped when a webhook URL is not something we will
	// ever call: not http(s), no host, credentials in the URL, a bad port.
	ErrInvalidURL = errors.New("webhookhttp: invalid webhook URL")
	// ErrForbiddenTarget is wrapped when a webhook URL, a redirect or a
	// resolved address points at a network we must not reach from inside:
	// loopback, private, link-local (cloud metadata), and the like.
	ErrForbiddenTarget = errors.New("webhookhttp: forbidden webhook target")
	// ErrRedirectRefused is wrapped when a redirect is not followed: too
	// many hops, or a downgrade from https to http.
	ErrRedirectRefused = errors.New("webhookhttp: redirect refused")
)

// Client timeouts. The overall deadline is the caller's (see [Guard.Client]);
// these bound the phases so one slow phase cannot eat it all.
const (
	dialTimeout           = 5 * time.Second
	tlsHandshakeTimeout   = 5 * time.Second
	responseHeaderTimeout = 10 * time.Second
	// maxRedirects gives a tenant that moved its endpoint (http to https, a
	// trailing slash) a few hops of grace, and a redirect loop none.
	maxRedirects = 3
	// maxURLLen keeps absurd input out of logs and the database; real
	// endpoints are far shorter.
	maxURLLen = 4096
)

// Guard decides which addresses a webhook may reach. The zero value is the
// production setting: only public unicast addresses.
//
// AllowLoopback admits 127.0.0.0/8 and ::1 (tests, and a developer's laptop);
// AllowPrivate admits RFC 1918, CGNAT (100.64.0.0/10, used by overlay VPNs)
// and IPv6 unique-local addresses (self-hosting next to the CRM). Neither
// ever admits link-local addresses (the cloud metadata service lives at
// 169.254.169.254), unspecified, multicast, broadcast, reserved or
// documentation ranges, or IPv6 transition prefixes that tunnel to an IPv4
// address we cannot see.
type Guard struct {
	AllowLoopback bool
	AllowPrivate  bool // for tests and self-hosting only
}

// CheckURL parses a tenant-supplied webhook URL and refuses what the client
// would refuse anyway, so a bad URL is rejected when the tenant saves it
// rather than on the first delivery. It does not resolve host names:
// resolution can change between now and the request (DNS rebinding), so the
// address check that matters is the one [Guard.Client] makes at dial time.
//
// Accepted: http or https, an ASCII host (an international domain name in
// its xn-- form), any port, no user:password. A literal IP host in a
// forbidden range wraps [ErrForbiddenTarget], as does a host that is a
// number in disguise ("2130706433", "0x7f.1", "127.1"): such spellings are
// read as IPv4 addresses by some resolvers and never name a real host. Other
// problems wrap [ErrInvalidURL].
func (g Guard) CheckURL(raw string) (*url.URL, error) {
	if len(raw) > maxURLLen {
		return nil, fmt.Errorf("check webhook URL: longer than %d bytes: %w", maxURLLen, ErrInvalidURL)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("parse webhook URL: %w", errors.Join(ErrInvalidURL, err))
	}
	if err := g.checkURL(u); err != nil {
		return nil, err
	}
	return u, nil
}

func (g Guard) checkURL(u *url.URL) error {
	if u.Scheme != "https" && u.Scheme != "http" {
		return fmt.Errorf("check webhook URL scheme %q: %w", truncate(u.Scheme, 16), ErrInvalidURL)
	}
	if u.Opaque != "" || u.Host == "" {
		return fmt.Errorf("check webhook URL: no host: %w", ErrInvalidURL)
	}
	// Credentials in a tenant URL would be sent as Basic auth to whoever the
	// host turns out to be, and end up in our logs; tenants authenticate us
	// by the signature instead.
	if u.User != nil {
		return fmt.Errorf("check webhook URL: contains user info: %w", ErrInvalidURL)
	}
	host := u.Hostname()
	if host == "" {
		return fmt.Errorf("check webhook URL: empty host: %w", ErrInvalidURL)
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 {
			return fmt.Errorf("check webhook URL port %q: %w", truncate(port, 16), ErrInvalidURL)
		}
	}
	// net/http maps a non-ASCII host through IDNA before dialling, and IDNA
	// mapping can fold look-alikes ("127.0.0.①", "127。0。0。1") into
	// something else entirely. Checking the string we were given would then not be checking
	// the host we reach, so we take only the ASCII (xn--) form, where the two
	// are the same.
	for i := range len(host) {
		if host[i] >= utf8.RuneSelf {
			return fmt.Errorf("check webhook URL host %q: non-ASCII, use its xn-- form: %w", truncate(host, 64), ErrInvalidURL)
		}
	}
	if addr, err := netip.ParseAddr(host); err == nil {
		if !g.allowed(addr) {
			return fmt.Errorf("check webhook URL host %s: %w", addr, ErrForbiddenTarget)
		}
		return nil
	}
	if numericHost(host) {
		return fmt.Errorf("check webhook URL host %q: numeric host name: %w", truncate(host, 64), ErrForbiddenTarget)
	}
	return nil
}

// numericHost reports whether host looks like an IPv4 address in one of the
// legacy inet_aton spellings (decimal, octal or hex parts, fewer than four
// parts). No top-level domain is numeric, so the last label decides.
func numericHost(host string) bool {
	host = strings.TrimSuffix(host, ".")
	last := host[strings.LastIndexByte(host, '.')+1:]
	if last == "" {
		return false
	}
	if hex, ok := strings.CutPrefix(strings.ToLower(last), "0x"); ok {
		return strings.Trim(hex, "0123456789abcdef") == ""
	}
	return strings.Trim(last, "0123456789") == ""
}

// Control is a [net.Dialer] Control function that refuses to connect to an
// address the guard does not allow. It runs after name resolution, on the
// exact address the socket is about to connect to, so a host name that
// resolves (or re-resolves) to a forbidden address is caught however the name
// was obtained. [Guard.Client] uses it; other dialers that reach
// tenant-chosen hosts should too.
func (g Guard) Control(network, address string, _ syscall.RawConn) error {
	switch network {
	case "tcp", "tcp4", "tcp6":
	default:
		return fmt.Errorf("check dial network %q: %w", network, ErrForbiddenTarget)
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("parse dial address %q: %w", address, errors.Join(ErrForbiddenTarget, err))
	}
	if !g.allowed(ap.Addr()) {
		return fmt.Errorf("check dial address %s: %w", ap.Addr(), ErrForbiddenTarget)
	}
	return nil
}

// Client returns an HTTP client for tenant-supplied URLs. Every request and
// every redirect target goes through [Guard.CheckURL], and every connection
// through [Guard.Control]. It follows at most 3 redirects and never from
// https to http, ignores proxy environment variables (a proxy would make the
// dial-time check see the proxy's address, not the tenant's), and bounds
// each phase: 5 s to connect, 5 s for TLS, 10 s for response headers, and
// timeout for the whole exchange including reading the body. Read response
// bodies with [ReadCapped].
func (g Guard) Client(timeout time.Duration) *http.Client {
	return g.client(timeout, g.Control)
}

// client lets tests wrap the Control function to record dial attempts.
func (g Guard) client(timeout time.Duration, control func(network, address string, c syscall.RawConn) error) *http.Client {
	dialer := &net.Dialer{
		Timeout:   dialTimeout,
		KeepAlive: 30 * time.Second,
		Control:   control,
	}
	base := &http.Transport{
		Proxy:                  nil,
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    tlsHandshakeTimeout,
		ResponseHeaderTimeout:  responseHeaderTimeout,
		ExpectContinueTimeout:  1 * time.Second,
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 64 << 10,
	}
	return &http.Client{
		Transport:     &guardedTransport{guard: g, base: base},
		CheckRedirect: g.checkRedirect,
		Timeout:       timeout,
	}
}

// guardedTransport checks the URL of every request, including the first one,
// which http.Client's CheckRedirect never sees.
type guardedTransport struct {
	guard Guard
	base  *http.Transport
}

func (t *guardedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.guard.checkURL(req.URL); err != nil {
		// The RoundTripper contract: close the body even on error.
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, err
	}
	return t.base.RoundTrip(req)
}

// CloseIdleConnections lets http.Client.CloseIdleConnections reach the pool.
func (t *guardedTransport) CloseIdleConnections() { t.base.CloseIdleConnections() }

func (g Guard) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > maxRedirects {
		return fmt.Errorf("follow redirect: more than %d: %w", maxRedirects, ErrRedirectRefused)
	}
	if req.URL.Scheme != "https" {
		for _, prev := range via {
			if prev.URL.Scheme == "https" {
				return fmt.Errorf("follow redirect: https to %s: %w", truncate(req.URL.Scheme, 16), ErrRedirectRefused)
			}
		}
	}
	// RoundTrip checks again; checking here too makes the error say that it
	// was the redirect that was refused.
	if err := g.checkURL(req.URL); err != nil {
		return fmt.Errorf("follow redirect: %w", err)
	}
	return nil
}

// addrClass sorts addresses into what a Guard may allow.
type addrClass int

const (
	classPublic addrClass = iota
	classLoopback
	classPrivate
	classForbidden
)

func (g Guard) allowed(a netip.Addr) bool {
	switch classify(a) {
	case classPublic:
		return true
	case classLoopback:
		return g.AllowLoopback
	case classPrivate:
		return g.AllowPrivate
	default:
		return false
	}
}

type prefixClass struct {
	prefix netip.Prefix
	class  addrClass
}

// v4Special lists the IPv4 ranges that are not plain public unicast
// (IANA IPv4 Special-Purpose Address Registry, plus multicast and class E).
var v4Special = []prefixClass{
	{netip.MustParsePrefix("0.0.0.0/8"), classForbidden},       // "this network"; 0.0.0.0 reaches the local host on Linux
	{netip.MustParsePrefix("10.0.0.0/8"), classPrivate},        // RFC 1918
	{netip.MustParsePrefix("100.64.0.0/10"), classPrivate},     // CGNAT, also overlay VPNs
	{netip.MustParsePrefix("127.0.0.0/8"), classLoopback},      // loopback
	{netip.MustParsePrefix("169.254.0.0/16"), classForbidden},  // link-local, cloud metadata
	{netip.MustParsePrefix("172.16.0.0/12"), classPrivate},     // RFC 1918
	{netip.MustParsePrefix("192.0.0.0/24"), classForbidden},    // IETF protocol assignments
	{netip.MustParsePrefix("192.0.2.0/24"), classForbidden},    // TEST-NET-1
	{netip.MustParsePrefix("192.88.99.0/24"), classForbidden},  // deprecated 6to4 relay anycast
	{netip.MustParsePrefix("192.168.0.0/16"), classPrivate},    // RFC 1918
	{netip.MustParsePrefix("198.18.0.0/15"), classForbidden},   // benchmarking
	{netip.MustParsePrefix("198.51.100.0/24"), classForbidden}, // TEST-NET-2
	{netip.MustParsePrefix("203.0.113.0/24"), classForbidden},  // TEST-NET-3
	{netip.MustParsePrefix("224.0.0.0/4"), classForbidden},     // multicast
	{netip.MustParsePrefix("240.0.0.0/4"), classForbidden},     // reserved, incl. 255.255.255.255 broadcast
}

var (
	v6Loopback    = netip.IPv6Loopback()
	v6UniqueLocal = netip.MustParsePrefix("fc00::/7")
	v6NAT64       = netip.MustParsePrefix("64:ff9b::/96")
	v6Global      = netip.MustParsePrefix("2000::/3")
	// Inside 2000::/3, ranges that are not ordinary destinations.
	v6GlobalExceptions = []netip.Prefix{
		// IETF protocol assignments, including Teredo (2001::/32), whose
		// relays deliver to an IPv4 address hidden in the low bits.
		netip.MustParsePrefix("2001::/23"),
		netip.MustParsePrefix("2001:db8::/32"), // documentation
		// 6to4: relays deliver to the IPv4 address in bits 16-47, which
		// could be anything; the mechanism is deprecated (RFC 7526).
		netip.MustParsePrefix("2002::/16"),
		netip.MustParsePrefix("3fff::/20"), // documentation (RFC 9637)
	}
)

func classify(a netip.Addr) addrClass {
	// Zones only mean something for link-local addresses, which are
	// forbidden anyway; refusing all of them avoids reasoning about the rest.
	if !a.IsValid() || a.Zone() != "" {
		return classForbidden
	}
	// An IPv4-mapped address (::ffff:a.b.c.d) is connected to as the IPv4
	// address it maps, so it is exactly as allowed as that address.
	a = a.Unmap()
	if a.Is4() {
		return classify4(a)
	}
	return classify6(a)
}

func classify4(a netip.Addr) addrClass {
	for _, s := range v4Special {
		if s.prefix.Contains(a) {
			return s.class
		}
	}
	return classPublic
}

// classify6 allows only global unicast (2000::/3) by default and lists the
// few other ranges with a meaning; everything else (unspecified, the
// deprecated IPv4-compatible ::/96, link-local, site-local, multicast,
// discard-only, local-use NAT64, ...) is forbidden.
func classify6(a netip.Addr) addrClass {
	switch {
	case a == v6Loopback:
		return classLoopback
	case v6UniqueLocal.Contains(a):
		return classPrivate
	case v6NAT64.Contains(a):
		// The well-known NAT64 prefix reaches the embedded IPv4 address
		// through the operator's translator: allow it only when that IPv4
		// address is public. Loopback or private through NAT64 would be the
		// translator's own networks, never ours to allow.
		b := a.As16()
		if classify4(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})) == classPublic {
			return classPublic
		}
		return classForbidden
	case v6Global.Contains(a):
		for _, p := range v6GlobalExceptions {
			if p.Contains(a) {
				return classForbidden
			}
		}
		return classPublic
	default:
		return classForbidden
	}
}
