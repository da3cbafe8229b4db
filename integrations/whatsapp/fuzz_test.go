package whatsapp_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/whatsapp"
)

// The seeds run as ordinary tests; `go test -fuzz` explores from them.

func FuzzParseNotification(f *testing.F) {
	// Small seeds: the fuzzer minimises every new input it finds, and
	// minimising descendants of a 9 KB payload stalls a short run. So the
	// full payload goes in one change at a time, compacted.
	seeds := splitChanges(f, fullPayload)
	seeds = append(seeds,
		`{"object":"whatsapp_business_account","entry":[]}`,
		`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"42"},"contacts":[{"wa_id":"1","profile":{"name":"A"}}],"messages":[{"from":"1","id":"w","timestamp":"1","type":"text","text":{"body":"hi"}}]}}]}]}`,
		`{"object":"whatsapp_business_account","entry":[{"id":1,"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"42"},"statuses":[{"id":"w","status":"failed","timestamp":9e99,"errors":[{"code":131047},{"code":"x"}]}]}}]}]}`,
		`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"42"},"messages":[{"from":"+1","from_user_id":"US.1","id":"w","image":{"id":"m"},"location":{"latitude":"x"}}]}}]}]}`,
		`{"object":"page"}`,
		`null`,
		`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":null}]}]}`,
		"\xff\xfe",
	)
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		n, err := whatsapp.ParseNotification(body)
		if err != nil {
			require.ErrorIs(t, err, whatsapp.ErrMalformed)
			require.Empty(t, n.Events)
			return
		}
		require.LessOrEqual(t, len(n.Events), whatsapp.MaxEvents)
		require.GreaterOrEqual(t, n.Skipped, 0)
		for _, ev := range n.Events {
			set := 0
			for _, ok := range []bool{ev.Message != nil, ev.Status != nil, ev.Error != nil} {
				if ok {
					set++
				}
			}
			require.Equal(t, 1, set, "exactly one of Message, Status, Error")
			require.NotEmpty(t, ev.PhoneNumberID)
			requireBounded(t, ev.PhoneNumberID, ev.WABAID, ev.DisplayPhoneNumber)
			if m := ev.Message; m != nil {
				require.NotEmpty(t, m.ID)
				require.True(t, m.From != "" || m.FromUserID != "")
				if m.From != "" {
					require.True(t, strings.HasPrefix(m.From, "+"))
					require.LessOrEqual(t, len(m.From), 16)
				}
				requireBounded(t, m.ID, m.From, m.FromUserID, m.Username, m.ProfileName, string(m.Type), m.Text, m.Payload, m.ReactionTo, m.ContextID)
				require.LessOrEqual(t, len(m.Errors), 16)
				if m.Media != nil {
					requireBounded(t, m.Media.ID, m.Media.MimeType, m.Media.SHA256, m.Media.Caption, m.Media.Filename)
				}
			}
			if s := ev.Status; s != nil {
				require.NotEmpty(t, s.MessageID)
				require.NotEmpty(t, s.Status)
				requireBounded(t, s.MessageID, string(s.Status), s.RecipientID, s.RecipientUserID, s.ConversationID, s.ConversationOrigin, s.CallbackData)
				require.LessOrEqual(t, len(s.Errors), 16)
				err := s.Err()
				require.Equal(t, s.Status == whatsapp.StatusFailed, err != nil)
				if err != nil {
					_, isAPI := errors.AsType[*whatsapp.APIError](err)
					require.True(t, isAPI)
				}
			}
		}
	})
}

// splitChanges turns a notification into one compact notification per
// change.
func splitChanges(f *testing.F, payload string) []string {
	f.Helper()
	var n struct {
		Object string `json:"object"`
		Entry  []struct {
			ID      string            `json:"id"`
			Changes []json.RawMessage `json:"changes"`
		} `json:"entry"`
	}
	require.NoError(f, json.Unmarshal([]byte(payload), &n))
	var out []string
	for _, e := range n.Entry {
		for _, c := range e.Changes {
			var buf bytes.Buffer
			require.NoError(f, json.Compact(&buf, c))
			out = append(out, `{"object":"`+n.Object+`","entry":[{"id":"`+e.ID+`","changes":[`+buf.String()+`]}]}`)
		}
	}
	require.NotEmpty(f, out)
	return out
}

// requireBounded checks the package's promise: no string above 64 KiB, and
// no UTF-8 sequence cut in half by the capping.
func requireBounded(t *testing.T, ss ...string) {
	t.Helper()
	for _, s := range ss {
		require.LessOrEqual(t, len(s), 65536)
		if utf8.ValidString(s) {
			continue
		}
		// encoding/json replaces invalid UTF-8 in strings, so any invalid
		// sequence here was created by cutting.
		require.Fail(t, "invalid UTF-8 after capping", "%q", s)
	}
}

func FuzzVerifySignature(f *testing.F) {
	f.Add("app-secret", []byte(`{"object":"whatsapp_business_account","entry":[]}`), "")
	f.Add("key", []byte("The quick brown fox jumps over the lazy dog"), "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
	f.Add("", []byte{}, "sha256=")
	f.Add("s", []byte{0, 1, 2}, "sha256=zz")
	f.Add("s", []byte("x"), "sha1=0000")
	f.Fuzz(func(t *testing.T, secret string, body []byte, header string) {
		err := whatsapp.VerifySignature(secret, body, header)
		if err != nil {
			require.ErrorIs(t, err, whatsapp.ErrBadSignature)
		}
		if secret == "" {
			require.Error(t, err, "an empty secret never verifies")
			return
		}
		// Our own signature always verifies, and only for these bytes.
		good := whatsapp.Sign(secret, body)
		require.NoError(t, whatsapp.VerifySignature(secret, body, good))
		// Exactly the right digest verifies, in either hex case.
		rest, hasPrefix := strings.CutPrefix(header, "sha256=")
		want := hasPrefix && strings.EqualFold(rest, strings.TrimPrefix(good, "sha256="))
		require.Equal(t, want, err == nil, "header %q", header)
		tampered := append(append([]byte(nil), body...), 'x')
		require.ErrorIs(t, whatsapp.VerifySignature(secret, tampered, good), whatsapp.ErrBadSignature)
	})
}
