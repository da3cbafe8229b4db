package chatswitch

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/internal/inbox"
)

func TestDecodeFrame(t *testing.T) {
	t.Parallel()
	f, err := decodeFrame([]byte(`{"type":"switch","to":"sms","phone":" +1 415 555 0100 ","extra":1}`))
	require.NoError(t, err)
	require.Equal(t, visitorFrame{Type: frameSwitch, To: inbox.KindSMS, Phone: "+1 415 555 0100"}, f)
	id := uuid.New()
	f, err = decodeFrame([]byte(`{"type":"switch_revert","switchId":"` + id.String() + `"}`))
	require.NoError(t, err)
	require.Equal(t, id, f.SwitchID)
	_, err = decodeFrame([]byte(`{"type":"switch_cancel"}`))
	require.NoError(t, err)

	for frame, field := range map[string]string{
		`{"type":"switch","to":"webchat","phone":"+14155550100"}`:                "to",
		`{"type":"switch","to":"sms"}`:                                           "phone",
		`{"type":"switch","to":"sms","phone":"` + strings.Repeat("1", 40) + `"}`: "phone",
		`{"type":"switch_revert","switchId":"nope"}`:                             "switchId",
		`{"type":"switch_revert","switchId":"{` + id.String() + `}"}`:            "switchId",
	} {
		_, err := decodeFrame([]byte(frame))
		requireInput(t, err, field)
	}
	for _, frame := range []string{``, `[]`, `{"type":"message"}`, `{"type":7}`, `nonsense`} {
		_, err := decodeFrame([]byte(frame))
		require.ErrorIs(t, err, errUnknownFrame, frame)
	}
}

func FuzzDecodeFrame(f *testing.F) {
	for _, s := range []string{
		`{"type":"switch","to":"sms","phone":"+14155550100"}`,
		`{"type":"switch","to":"whatsapp","phone":"07911 123456"}`,
		`{"type":"switch_revert","switchId":"6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f"}`,
		`{"type":"switch_cancel"}`, `{"type":"switch","to":null}`, `{`, `{"type":"switch","phone":"\u0000"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := decodeFrame(data)
		if err != nil {
			return
		}
		switch fr.Type {
		case frameSwitch:
			if fr.To != inbox.KindSMS && fr.To != inbox.KindWhatsApp || fr.Phone == "" || len(fr.Phone) > 32 {
				t.Fatalf("accepted %+v", fr)
			}
		case frameSwitchRevert, frameSwitchCancel:
		default:
			t.Fatalf("accepted type %q", fr.Type)
		}
	})
}

func FuzzParseLink(f *testing.F) {
	key := []byte("0123456789abcdef0123456789abcdef")
	now := time.Unix(1_800_000_000, 0)
	good := signLink(key, uuid.MustParse("6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f"), uuid.MustParse("0e1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f"), now.Add(time.Hour))
	f.Add(good)
	f.Add(good[:len(good)-1] + "A")
	f.Add("")
	f.Add("a.b")
	f.Fuzz(func(t *testing.T, token string) {
		sw, v, err := parseLink(key, token, now)
		if err != nil {
			require.ErrorIs(t, err, ErrBadLink)
			return
		}
		// Only the one token we signed verifies: one encoding per token.
		require.Equal(t, good, token)
		require.NotEqual(t, uuid.Nil, sw)
		require.NotEqual(t, uuid.Nil, v)
	})
}
