package call

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/sms"
	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/twilio"
)

// TestClickToCallOverTwilio places the agent's leg through a fake Twilio
// Calls API (its real wire: form POST, TwiML with <Connect><Stream>) and
// plays Twilio's signed status callbacks (X-Twilio-Signature over our exact
// callback URL, query included).
func TestClickToCallOverTwilio(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	const sid, token = "AC0123456789abcdef0123456789abcdef", "twilio-auth-token-0123456789abcd"
	var mu sync.Mutex
	var forms []url.Values
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != sid || pass != token || r.URL.Path != "/2010-04-01/Accounts/"+sid+"/Calls.json" {
			http.Error(w, `{"code":20003,"message":"Authenticate"}`, http.StatusUnauthorized)
			return
		}
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		forms = append(forms, r.PostForm)
		mu.Unlock()
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(map[string]string{"sid": "CA00000000000000000000000000000001", "status": "queued"})
	}))
	t.Cleanup(api.Close)
	tb.calls.Carrier = &twilio.Client{BaseURL: api.URL, AccountSID: sid, AuthToken: token}

	st := tb.start(t, "")
	require.Contains(t, tb.runJobs(t), "call_leg_dial")
	require.Len(t, forms, 1)
	f := forms[0]
	require.Equal(t, agentPhone, f.Get("To"))
	// Twilio's <Stream> takes no query string: the token rides in the path.
	m := regexp.MustCompile(`<Stream url="ws://media-1\.test:9000/v1/stream/([^"/]+)"`).FindStringSubmatch(f.Get("Twiml"))
	require.NotNil(t, m, f.Get("Twiml"))
	tok, err := url.PathUnescape(m[1])
	require.NoError(t, err)
	var claims voice.StreamClaims
	require.NoError(t, tb.signer.Verify(tok, &claims))
	agent := tb.legs(t, st.Call.ID)[voice.RoleAgent]
	require.Equal(t, agent.ID.String(), claims.LegID)
	callback := f.Get("StatusCallback")
	require.Equal(t, tb.api.URL+"/hooks/voice/twilio?leg="+agent.ID.String(), callback)

	post := func(status string, secret string) int {
		form := url.Values{"CallSid": {"CA00000000000000000000000000000001"}, "AccountSid": {sid}, "CallStatus": {status}}
		req, err := http.NewRequest(http.MethodPost, callback, strings.NewReader(form.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Twilio-Signature", sms.Sign(secret, callback, form))
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	require.Equal(t, http.StatusForbidden, post("ringing", "not-the-token"))
	require.Equal(t, http.StatusNoContent, post("ringing", token))
	require.Equal(t, voice.StatusRinging, tb.get(t, st.Call.ID).Status)
	require.Equal(t, http.StatusNoContent, post("busy", token))
	c := tb.get(t, st.Call.ID)
	require.Equal(t, voice.StatusBusy, c.Status)
	require.NotNil(t, c.EndedAt)
}
