package sms_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/sms"
	"github.com/switchboard/switchboard/integrations/sms/smstest"
)

const (
	testAccount = "AC0123456789abcdef0123456789abcdef"
	testMessage = "SM0123456789abcdef0123456789abcdef"
	testService = "MG0123456789abcdef0123456789abcdef"
)

// inboundForm is a minimal inbound SMS as Twilio posts it.
func inboundForm() url.Values {
	return url.Values{
		"MessageSid":  {testMessage},
		"SmsSid":      {testMessage},
		"AccountSid":  {testAccount},
		"From":        {"+14155550100"},
		"To":          {"+15005550006"},
		"Body":        {"hello"},
		"NumMedia":    {"0"},
		"NumSegments": {"1"},
		"SmsStatus":   {"received"},
		"ApiVersion":  {"2010-04-01"},
	}
}

func TestParseInboundWithMediaThroughFake(t *testing.T) {
	t.Parallel()
	srv := smstest.NewServer(t, "", "")
	hook := newWebhook(t, srv.AuthToken, publicURL)
	media := []sms.Media{
		{URL: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", ContentType: "image/jpeg"},
		{URL: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2", ContentType: "application/pdf"},
	}

	resp := srv.InboundWith(t, hook.srv.URL, publicURL, smstest.InboundParams{
		From: "+447700900123", To: "+15005550006", Body: "", MessagingServiceSID: testService, Media: media,
	})
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "handler error: %v", hook.err())

	got := hook.received()
	require.Len(t, got, 1)
	require.Regexp(t, `^MM[0-9a-f]{32}$`, got[0].MessageSID)
	require.Equal(t, testService, got[0].MessagingServiceSID)
	require.Equal(t, "+447700900123", got[0].From)
	require.Empty(t, got[0].Body)
	require.Equal(t, media, got[0].Media)
}

func TestParseInbound(t *testing.T) {
	t.Parallel()
	v := inboundForm()
	v.Set("From", "+1 (415) 555-0100")
	v.Set("NumMedia", "1")
	v.Set("MediaUrl0", "https://api.twilio.com/media/ME1")
	v.Set("MediaContentType0", "image/png")
	v.Set("NumSegments", "3")

	got, err := sms.ParseInbound(v)
	require.NoError(t, err)
	require.Equal(t, sms.InboundMessage{
		MessageSID:  testMessage,
		AccountSID:  testAccount,
		From:        "+14155550100",
		To:          "+15005550006",
		Body:        "hello",
		Media:       []sms.Media{{URL: "https://api.twilio.com/media/ME1", ContentType: "image/png"}},
		NumSegments: 3,
	}, got)

	// Short codes and alphanumeric senders are not phone numbers and are
	// kept as sent.
	v = inboundForm()
	v.Set("From", "Switchboard")
	v.Set("To", "55555")
	got, err = sms.ParseInbound(v)
	require.NoError(t, err)
	require.Equal(t, "Switchboard", got.From)
	require.Equal(t, "55555", got.To)
}

func TestParseInboundMalformed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		mutate  func(url.Values)
		mention string
	}{
		{"missing MessageSid", func(v url.Values) { v.Del("MessageSid") }, "MessageSid"},
		{"call SID as MessageSid", func(v url.Values) { v.Set("MessageSid", "CA0123456789abcdef0123456789abcdef") }, "MessageSid"},
		{"short MessageSid", func(v url.Values) { v.Set("MessageSid", "SM123") }, "MessageSid"},
		{"missing AccountSid", func(v url.Values) { v.Del("AccountSid") }, "AccountSid"},
		{"bad MessagingServiceSid", func(v url.Values) { v.Set("MessagingServiceSid", "MGnothex") }, "MessagingServiceSid"},
		{"missing From", func(v url.Values) { v.Del("From") }, "From"},
		{"missing To", func(v url.Values) { v.Set("To", "") }, "To"},
		{"plus but not E.164", func(v url.Values) { v.Set("From", "+1-800-FLOWERS") }, "From"},
		{"repeated From", func(v url.Values) { v.Add("From", "+14155550199") }, "From"},
		{"Body not UTF-8", func(v url.Values) { v.Set("Body", "\xff\xfe") }, "Body"},
		{"NumMedia not a number", func(v url.Values) { v.Set("NumMedia", "two") }, "NumMedia"},
		{"NumMedia negative", func(v url.Values) { v.Set("NumMedia", "-1") }, "NumMedia"},
		{"NumMedia over 10", func(v url.Values) { v.Set("NumMedia", "11") }, "NumMedia"},
		{
			"NumMedia without its URLs", func(v url.Values) {
				v.Set("NumMedia", "2")
				v.Set("MediaUrl0", "https://a.example/1")
				v.Set("MediaContentType0", "image/png")
			}, "MediaUrl1 missing",
		},
		{"URL beyond NumMedia", func(v url.Values) { v.Set("MediaUrl0", "https://a.example/1") }, "MediaUrl0"},
		{"content type beyond NumMedia", func(v url.Values) { v.Set("MediaContentType3", "image/png") }, "MediaContentType3"},
		{
			"non-canonical media index", func(v url.Values) {
				v.Set("NumMedia", "1")
				v.Set("MediaUrl00", "https://a.example/1")
			}, "MediaUrl00",
		},
		{
			"media URL not http", func(v url.Values) {
				v.Set("NumMedia", "1")
				v.Set("MediaUrl0", "javascript:alert(1)")
				v.Set("MediaContentType0", "image/png")
			}, "MediaUrl0",
		},
		{
			"media content type garbage", func(v url.Values) {
				v.Set("NumMedia", "1")
				v.Set("MediaUrl0", "https://a.example/1")
				v.Set("MediaContentType0", "/;;")
			}, "MediaContentType0",
		},
		{"NumSegments not a number", func(v url.Values) { v.Set("NumSegments", "1.5") }, "NumSegments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := inboundForm()
			tt.mutate(v)
			_, err := sms.ParseInbound(v)
			require.ErrorIs(t, err, sms.ErrMalformed)
			require.ErrorContains(t, err, tt.mention)
		})
	}
}

func TestParseInboundRefusesOtherChannels(t *testing.T) {
	t.Parallel()
	for _, from := range []string{"whatsapp:+14155550100", "messenger:123456", "rcs:+14155550100"} {
		v := inboundForm()
		v.Set("From", from)
		_, err := sms.ParseInbound(v)
		require.ErrorIs(t, err, sms.ErrUnsupportedChannel, from)
		require.ErrorIs(t, err, sms.ErrMalformed, from)
	}
}

func statusForm(status string) url.Values {
	return url.Values{
		"MessageSid":    {testMessage},
		"SmsSid":        {testMessage},
		"AccountSid":    {testAccount},
		"MessageStatus": {status},
		"SmsStatus":     {status},
		"From":          {"+15005550006"},
		"To":            {"+14155550100"},
		"ApiVersion":    {"2010-04-01"},
	}
}

func TestParseStatusCallback(t *testing.T) {
	t.Parallel()
	for _, s := range []sms.Status{
		sms.StatusQueued, sms.StatusSending, sms.StatusSent, sms.StatusDelivered, sms.StatusUndelivered,
		sms.StatusFailed, sms.StatusRead, sms.StatusAccepted, sms.StatusScheduled, sms.StatusCanceled,
		sms.StatusReceiving, sms.StatusReceived,
	} {
		got, err := sms.ParseStatusCallback(statusForm(string(s)))
		require.NoError(t, err, s)
		require.Equal(t, s, got.Status)
	}

	v := statusForm("undelivered")
	v.Set("ErrorCode", "30003")
	v.Set("ErrorMessage", "Unreachable destination handset")
	v.Set("MessagingServiceSid", testService)
	v.Set("RawDlrDoneDate", "2401311402")
	got, err := sms.ParseStatusCallback(v)
	require.NoError(t, err)
	require.Equal(t, sms.StatusCallback{
		MessageSID:          testMessage,
		AccountSID:          testAccount,
		MessagingServiceSID: testService,
		Status:              sms.StatusUndelivered,
		ErrorCode:           30003,
		ErrorMessage:        "Unreachable destination handset",
		From:                "+15005550006",
		To:                  "+14155550100",
		RawDlrDoneDate:      "2401311402",
	}, got)
	require.True(t, got.Status.Final())
	require.False(t, sms.StatusSent.Final())
}

func TestParseStatusCallbackMalformed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		mutate  func(url.Values)
		mention string
	}{
		{"missing MessageStatus", func(v url.Values) { v.Del("MessageStatus") }, "MessageStatus"},
		{"unknown MessageStatus", func(v url.Values) { v.Set("MessageStatus", "teleported") }, "MessageStatus"},
		{"missing MessageSid", func(v url.Values) { v.Del("MessageSid") }, "MessageSid"},
		{"missing AccountSid", func(v url.Values) { v.Del("AccountSid") }, "AccountSid"},
		{"ErrorCode not a number", func(v url.Values) { v.Set("ErrorCode", "30003x") }, "ErrorCode"},
		{"WhatsApp To", func(v url.Values) { v.Set("To", "whatsapp:+14155550100") }, "To"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := statusForm("delivered")
			tt.mutate(v)
			_, err := sms.ParseStatusCallback(v)
			require.ErrorIs(t, err, sms.ErrMalformed)
			require.ErrorContains(t, err, tt.mention)
		})
	}
}

func TestStatusCallbacksRoundTrip(t *testing.T) {
	t.Parallel()
	srv := smstest.NewServer(t, "", "")
	hook := newWebhook(t, srv.AuthToken, "")
	// Twilio signs a status callback over the StatusCallback URL given at
	// send time, so that is the handler's public URL.
	callback := hook.srv.URL + "/twilio/status?tenant=t1&msg=42"
	hook.publicURL = callback

	sent, err := srv.Client().Send(t.Context(), sms.SendParams{
		From: "+15005550006", To: "+14155550100", Body: "your order shipped", StatusCallback: callback,
	})
	require.NoError(t, err)

	for _, s := range []sms.Status{sms.StatusSent, sms.StatusDelivered} {
		resp := srv.Deliver(t, sent.SID, s)
		require.Equal(t, http.StatusOK, resp.StatusCode, "handler error: %v", hook.err())
		require.NoError(t, resp.Body.Close())
	}
	resp := srv.DeliverWithError(t, sent.SID, sms.StatusUndelivered, 30003)
	require.Equal(t, http.StatusOK, resp.StatusCode, "handler error: %v", hook.err())
	require.NoError(t, resp.Body.Close())

	got := hook.statusCallbacks()
	require.Len(t, got, 3)
	require.Equal(t, sms.StatusSent, got[0].Status)
	require.Equal(t, sms.StatusDelivered, got[1].Status)
	require.Equal(t, sms.StatusCallback{
		MessageSID:     sent.SID,
		AccountSID:     srv.AccountSID,
		Status:         sms.StatusUndelivered,
		ErrorCode:      30003,
		From:           "+15005550006",
		To:             "+14155550100",
		RawDlrDoneDate: got[2].RawDlrDoneDate,
	}, got[2])
	require.Regexp(t, `^\d{10}$`, got[2].RawDlrDoneDate)

	m, ok := srv.Message(sent.SID)
	require.True(t, ok)
	require.Equal(t, sms.StatusUndelivered, m.Status)
}

func TestNormalizeE164(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"+14155550100", "+14155550100", true},
		{" +1 (415) 555-0100 ", "+14155550100", true},
		{"+44 7700.900.123", "+447700900123", true},
		{"+1234567", "+1234567", true},
		{"+123456789012345", "+123456789012345", true},
		{"+1234567890123456", "", false}, // 16 digits
		{"+123456", "", false},           // too short
		{"+04155550100", "", false},      // no country code starts with 0
		{"14155550100", "", false},       // not E.164-ish: no guessing
		{"+1415555010a", "", false},
		{"whatsapp:+14155550100", "", false},
		{"+", "", false},
		{"", "", false},
		{"+١٤١٥٥٥٥٠١٠٠", "", false}, // non-ASCII digits
	}
	for _, tt := range tests {
		got, ok := sms.NormalizeE164(tt.in)
		require.Equal(t, tt.ok, ok, tt.in)
		require.Equal(t, tt.want, got, tt.in)
	}
}
