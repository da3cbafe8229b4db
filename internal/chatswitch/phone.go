package chatswitch

import (
	"strings"

	"github.com/switchboard/switchboard/integrations/sms"
)

// callingCodes maps ISO 3166-1 alpha-2 countries to their calling code, for
// numbers a visitor types without one. Countries whose national numbers start
// with a trunk prefix 0 drop it (07911 123456 in GB is +447911123456).
var callingCodes = map[string]string{
	"US": "1", "CA": "1", "GB": "44", "IE": "353", "DE": "49", "FR": "33", "ES": "34", "IT": "39", "NL": "31",
	"BE": "32", "CH": "41", "AT": "43", "PT": "351", "SE": "46", "NO": "47", "DK": "45", "FI": "358", "PL": "48",
	"AU": "61", "NZ": "64", "IN": "91", "SG": "65", "JP": "81", "BR": "55", "MX": "52", "AR": "54", "ZA": "27",
	"AE": "971", "IL": "972", "TR": "90", "NG": "234", "KE": "254", "PH": "63", "ID": "62", "MY": "60",
}

// KnownCountry says whether NormalizePhone can use country as a default.
func KnownCountry(country string) bool { _, ok := callingCodes[country]; return ok }

// NormalizePhone turns what a person typed into E.164. A number starting
// with + or 00 is international; any other needs defaultCountry (ISO
// alpha-2), whose trunk prefix 0 is dropped. It reports false for anything
// that is not plausibly a phone number.
func NormalizePhone(s, defaultCountry string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 32 {
		return "", false
	}
	switch {
	case strings.HasPrefix(s, "+"):
	case strings.HasPrefix(s, "00"):
		s = "+" + s[2:]
	default:
		code, ok := callingCodes[defaultCountry]
		if !ok || s == "" {
			return "", false
		}
		national := strings.TrimLeft(s, " ")
		if code != "1" {
			national = strings.TrimPrefix(national, "0")
		} else {
			// NANP numbers are often typed with the leading 1.
			digits := strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return r
				}
				return -1
			}, national)
			if len(digits) == 11 && digits[0] == '1' {
				national = digits[1:]
			}
		}
		s = "+" + code + national
	}
	e164, ok := sms.NormalizeE164(s)
	if !ok {
		return "", false
	}
	if strings.HasPrefix(e164, "+1") && len(e164) != 12 {
		return "", false // NANP numbers are exactly ten digits after the 1
	}
	return e164, true
}
