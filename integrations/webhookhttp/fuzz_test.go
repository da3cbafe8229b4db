package webhookhttp

import (
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// FuzzVerify feeds arbitrary headers and bodies to Verify. It must never
// panic, must only ever fail with ErrBadSignature or ErrTimestamp, and must
// accept only when one of the offered signatures is exactly the one we
// compute independently for that id, timestamp and body. It also signs the
// fuzzed id and body for real and checks that the round trip holds, that any
// change to the body breaks it, and that garbage around a valid signature
// does not hide it.
func FuzzVerify(f *testing.F) {
	f.Add(vectorMsgID, "1614265330", vectorSignature, []byte(vectorBody), false, int64(0))
	f.Add(vectorMsgID, "1614265330", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "+vectorSignature, []byte(vectorBody), false, int64(0))
	f.Add(vectorMsgID, "1614265330", "v2,abc v1a,def", []byte(vectorBody), true, int64(-300))
	f.Add(vectorMsgID, "01614265330", vectorSignature, []byte(vectorBody), true, int64(301))
	f.Add("msg.1", "2", "v1,", []byte("x"), true, int64(0))
	f.Add("", "", "", []byte(nil), false, int64(0))
	f.Add("msg_1", "+1614265330", "v1,,,, ,v1 v1", []byte("{}"), true, int64(1_000_000))
	f.Add("msg_\x00\n", "99999999999999999999", "v1,"+strings.Repeat("A", 44), []byte("\xff\xfe"), true, int64(-1_000_000))

	key := func() []byte {
		k, err := ParseSecret(vectorSecret)
		if err != nil {
			panic(err)
		}
		return k
	}()
	otherKey := []byte("a different key of twenty-four+ bytes")
	now := time.Unix(vectorTimestamp, 0)
	const tolerance = 5 * time.Minute

	f.Fuzz(func(t *testing.T, id, tsText, sigs string, body []byte, appendReal bool, skew int64) {
		h := http.Header{}
		h.Set(HeaderID, id)
		h.Set(HeaderTimestamp, tsText)
		if appendReal {
			if ts, ok := parseTimestamp(tsText); ok {
				sigs += " " + Sign(key, id, time.Unix(ts, 0), body)
			}
		}
		h.Set(HeaderSignature, sigs)

		err := Verify([][]byte{otherKey, key}, h, body, now, tolerance)
		if err != nil {
			require.True(t, errors.Is(err, ErrBadSignature) || errors.Is(err, ErrTimestamp), "unexpected error %v", err)
		} else {
			ts, ok := parseTimestamp(tsText)
			require.True(t, ok, "accepted a non-canonical timestamp %q", tsText)
			require.NotEmpty(t, id)
			require.NotContains(t, id, ".")
			want := Sign(key, id, time.Unix(ts, 0), body)
			require.Contains(t, strings.Split(sigs, " "), want, "accepted without the right signature")
			age := now.Sub(time.Unix(ts, 0))
			require.LessOrEqual(t, age.Abs(), tolerance)
		}

		if id == "" || strings.Contains(id, ".") {
			return
		}
		skew %= 1_000_000 // keep the sending time within a sane range
		sent := now.Add(time.Duration(skew) * time.Second)
		real := Headers(key, id, sent, body)

		err = Verify([][]byte{key}, real, body, now, tolerance)
		if d := time.Duration(skew) * time.Second; d.Abs() <= tolerance {
			require.NoError(t, err)
		} else {
			require.ErrorIs(t, err, ErrTimestamp)
		}
		require.ErrorIs(t, Verify([][]byte{otherKey}, real, body, now, tolerance), ErrBadSignature)
		require.ErrorIs(t, Verify([][]byte{key}, real, append(append([]byte(nil), body...), '\n'), now, tolerance), ErrBadSignature)
		if len(body) > 0 {
			require.ErrorIs(t, Verify([][]byte{key}, real, body[:len(body)-1], now, tolerance), ErrBadSignature)
		}
	})
}

// FuzzCheckURL checks CheckURL against independent judges: what it accepts
// must be http(s) with a host and no user info; an accepted IP literal must
// be one the standard library itself calls global unicast and non-private;
// loosening the guard never refuses more; and accepting is stable under
// re-serialisation (what we store is what we checked).
func FuzzCheckURL(f *testing.F) {
	for _, seed := range []string{
		"https://crm.example.com/hooks/switchboard",
		"http://crm.example.com:8080/a?b=c#d",
		"HTTPS://CRM.Example.COM:8443/",
		"https://8.8.8.8/",
		"https://[2606:4700:4700::1111]:443/",
		"https://[64:ff9b::808:808]/",
		"http://127.0.0.1:8080/",
		"http://[::1]/",
		"http://[::ffff:127.0.0.1]/",
		"http://[::ffff:169.254.169.254]/",
		"http://[64:ff9b::a9fe:a9fe]/",
		"http://[fe80::1%25eth0]/",
		"http://169.254.169.254/latest/meta-data/",
		"http://10.0.0.1/", "http://100.64.0.1/", "http://[fd00::1]/",
		"http://0.0.0.0/", "http://[::]/",
		"http://2130706433/", "http://0x7f.1/", "http://127.1/", "http://0177.0.0.1/",
		"http://user:pass@crm.example.com/",
		"https://@crm.example.com/",
		"https://crm.example.com:0/", "https://crm.example.com:65536/",
		"ftp://crm.example.com/", "file:///etc/passwd", "javascript:alert(1)",
		"//crm.example.com", "https:crm.example.com", "https:///x", "",
		"http://localhost/", "http://localhost./", "http://a.localhost/",
		"http://[2002:7f00:1::1]/", "http://[2001::1]/",
		"http://crm.example.com\\@127.0.0.1/",
		"http://127.0.0.1#@crm.example.com/",
		"http://crm.example.com%00.evil/",
		"http://①②⑦.0.0.1/",
		"http://127.0.0.①/",
		"http://127。0。0。1/",
		"http://[::ffff:7f00:1]:80/",
	} {
		f.Add(seed)
	}

	guards := []Guard{{}, {AllowLoopback: true}, {AllowPrivate: true}, {AllowLoopback: true, AllowPrivate: true}}

	f.Fuzz(func(t *testing.T, raw string) {
		accepted := make([]bool, len(guards))
		for i, g := range guards {
			u, err := g.CheckURL(raw)
			if err != nil {
				require.Nil(t, u)
				require.True(t, errors.Is(err, ErrInvalidURL) || errors.Is(err, ErrForbiddenTarget), "unexpected error %v", err)
				continue
			}
			accepted[i] = true
			require.Contains(t, []string{"http", "https"}, u.Scheme)
			require.Nil(t, u.User)
			host := u.Hostname()
			require.NotEmpty(t, host)
			for _, r := range host {
				require.Less(t, r, rune(0x80), "accepted non-ASCII host %q", host)
			}

			if ip, err := netip.ParseAddr(host); err == nil {
				require.Empty(t, ip.Zone())
				std := net.IP(ip.Unmap().AsSlice())
				loopback := std.IsLoopback()
				private := std.IsPrivate() || netip.MustParsePrefix("100.64.0.0/10").Contains(ip.Unmap())
				require.True(t, loopback || private || std.IsGlobalUnicast(), "accepted non-unicast %s", ip)
				require.False(t, std.IsUnspecified() || std.IsMulticast() || std.IsLinkLocalUnicast() || std.IsLinkLocalMulticast(), "accepted %s", ip)
				require.False(t, loopback && !g.AllowLoopback, "accepted loopback %s", ip)
				require.False(t, private && !g.AllowPrivate, "accepted private %s", ip)
			}

			again, err := g.CheckURL(u.String())
			require.NoError(t, err, "re-serialised %q as %q", raw, u.String())
			require.Equal(t, host, again.Hostname())
		}
		// Loosening a guard never refuses what a stricter one accepted.
		if accepted[0] {
			require.Equal(t, []bool{true, true, true, true}, accepted)
		}
		if accepted[1] || accepted[2] {
			require.True(t, accepted[3])
		}
	})
}
