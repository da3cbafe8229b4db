package call

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/voice"
)

// FuzzMediaEndpoints feeds outside input to the endpoints a media node or a
// browser reaches before anything is trusted: the heartbeat body, the
// descriptor's bearer token and the recording link. None may panic, and
// without a valid signature none may get past its refusal (the service has
// no database here: reaching it would panic).
func FuzzMediaEndpoints(f *testing.F) {
	signer, err := voice.NewSigner(testSecret)
	require.NoError(f, err)
	invalid, err := signer.Sign(voice.NodeHeartbeat{NodeID: "n", StreamURL: "http://not-ws", ControlURL: "ftp://x"}, time.Minute)
	require.NoError(f, err)
	for _, seed := range []string{"", "garbage", "a.b", invalid, invalid + "x", strings.Repeat("x", 20000), "eyJleHAiOjF9.AAAA"} {
		f.Add(seed)
	}
	s := &Service{Signer: signer}
	h := s.Handler()
	f.Fuzz(func(t *testing.T, in string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/media/v1/nodes/heartbeat", strings.NewReader(in)))
		require.Contains(t, []int{http.StatusBadRequest, http.StatusForbidden, http.StatusRequestEntityTooLarge}, rec.Code)

		rec = httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/media/v1/legs/8a0c3f6e-5b7d-4f7e-9a51-5d1b2a3c4d5e/descriptor", nil)
		req.Header.Set("Authorization", "Bearer "+in)
		h.ServeHTTP(rec, req)
		require.Contains(t, []int{http.StatusUnauthorized, http.StatusForbidden}, rec.Code)

		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/recordings/v1/8a0c3f6e-5b7d-4f7e-9a51-5d1b2a3c4d5e.wav?token="+url.QueryEscape(in), nil))
		require.Equal(t, http.StatusForbidden, rec.Code)
	})
}

// FuzzValidHeartbeat: whatever a (correctly signed) heartbeat holds, the
// check never panics, and what it accepts is a registrable node.
func FuzzValidHeartbeat(f *testing.F) {
	f.Add("node-1", "ws://127.0.0.1:9000", "http://127.0.0.1:9000", 100, 3)
	f.Add("", "wss://m.example", "https://m.example", 0, 0)
	f.Add("n", "http://x", "ws://x", -1, 5)
	f.Add(strings.Repeat("n", 101), "ws://x", "http://x", 1, 1)
	f.Add("n", "ws://", "http://%zz", 1_000_001, 0)
	f.Fuzz(func(t *testing.T, id, stream, control string, capacity, active int) {
		hb := voice.NodeHeartbeat{NodeID: id, StreamURL: stream, ControlURL: control, Capacity: capacity, Active: active}
		if validHeartbeat(hb) != nil {
			return
		}
		require.NotEmpty(t, id)
		require.LessOrEqual(t, len(id), 100)
		require.GreaterOrEqual(t, capacity, 0)
		require.GreaterOrEqual(t, active, 0)
		s, err := url.Parse(stream)
		require.NoError(t, err)
		require.Contains(t, []string{"ws", "wss"}, s.Scheme)
		c, err := url.Parse(control)
		require.NoError(t, err)
		require.Contains(t, []string{"http", "https"}, c.Scheme)
	})
}
