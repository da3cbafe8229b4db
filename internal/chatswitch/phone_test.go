package chatswitch

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNormalizePhone(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in, country, want string
	}{
		{"+1 (415) 555-0100", "", "+14155550100"},
		{"(415) 555-0100", "US", "+14155550100"},
		{"1 415 555 0100", "US", "+14155550100"},
		{"07911 123456", "GB", "+447911123456"},
		{"0044 7911 123456", "US", "+447911123456"},
		{"030 1234567", "DE", "+49301234567"},
	} {
		got, ok := NormalizePhone(c.in, c.country)
		require.True(t, ok, c.in)
		require.Equal(t, c.want, got, c.in)
	}
	for _, c := range []struct{ in, country string }{
		{"415 555 0100", ""},   // no default country
		{"415 555 0100", "XX"}, // unknown country
		{"+1 415 555", ""},     // too short for NANP
		{"hello", "US"},
		{"+0123456789", ""},
		{"", "US"},
		{"+1415555\x000100", ""},
	} {
		_, ok := NormalizePhone(c.in, c.country)
		require.False(t, ok, c.in)
	}
}

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"+14155550100", "(415) 555-0100", "07911 123456", "0044 7911", "+", "00", "0", "1", "+1-", "٣٣٣"} {
		f.Add(s, "US")
		f.Add(s, "GB")
	}
	f.Fuzz(func(t *testing.T, s, country string) {
		got, ok := NormalizePhone(s, country)
		if !ok {
			return
		}
		// Whatever came in, what comes out fits the database's check.
		if !e164.MatchString(got) {
			t.Fatalf("NormalizePhone(%q, %q) = %q", s, country, got)
		}
	})
}
