package sim

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/coder/websocket"

	"github.com/switchboard/switchboard/integrations/voice/ivrbridge"
)

const maxBody = 64 << 10

func (s *Server) routes() {
	m := http.NewServeMux()
	// The bridge API (ivrbridge's wire format).
	m.HandleFunc("POST /calls", s.authorized(s.createCall))
	m.HandleFunc("POST /calls/{sid}/hangup", s.authorized(s.hangupCall))
	// The console's phone simulator.
	m.HandleFunc("GET /handsets", s.listHandsets)
	m.HandleFunc("PUT /handsets/{number}", s.putHandset)
	m.HandleFunc("POST /handsets/{number}/answer", s.handsetAction(func(n string, _ actionBody) error { return s.Answer(n) }))
	m.HandleFunc("POST /handsets/{number}/decline", s.handsetAction(func(n string, _ actionBody) error { return s.Decline(n) }))
	m.HandleFunc("POST /handsets/{number}/hangup", s.handsetAction(func(n string, _ actionBody) error { return s.HangupHandset(n) }))
	m.HandleFunc("POST /handsets/{number}/keys", s.handsetAction(func(n string, b actionBody) error { return s.Press(n, b.Digits) }))
	m.HandleFunc("POST /handsets/{number}/input", s.handsetAction(func(n string, b actionBody) error { return s.SetInput(n, b.ToneHz) }))
	m.HandleFunc("GET /handsets/{number}/audio", s.audio)
	s.mux = m
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, ivrbridge.ErrorResponse{Error: msg})
}

func (s *Server) authorized(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.opts.APIKey != "" {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(s.opts.APIKey)) != 1 {
				writeError(w, http.StatusUnauthorized, "missing or wrong API key")
				return
			}
		}
		next(w, r)
	}
}

func (s *Server) createCall(w http.ResponseWriter, r *http.Request) {
	var req ivrbridge.CallRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	if err := dec.Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "body is not a call request: "+err.Error())
		return
	}
	if msg := validateCall(req); msg != "" {
		writeError(w, http.StatusBadRequest, msg)
		return
	}
	sid, err := s.start(req)
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, ivrbridge.CallResponse{CallSID: sid, Status: "initiated"})
}

func validateCall(req ivrbridge.CallRequest) string {
	if req.From == "" || req.CallTo == "" || len(req.From) > 32 || len(req.CallTo) > 32 {
		return "from and callTo are required (at most 32 characters)"
	}
	u, err := url.Parse(req.WSURL)
	if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
		return "wsUrl must be a ws:// or wss:// URL"
	}
	if e := strings.ToLower(req.AudioFormat.Encoding); (e != "" && e != "pcm" && e != "raw/slin") ||
		(req.AudioFormat.SampleRate != 0 && req.AudioFormat.SampleRate != 8000) {
		return "audioFormat must be pcm at 8000 Hz"
	}
	if req.StatusCallback != "" {
		u, err := url.Parse(req.StatusCallback)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "statusCallback must be an http(s) URL"
		}
	}
	if req.RingTimeout < 0 || req.RingTimeout > 600 {
		return "ringTimeout must be 0 to 600 seconds"
	}
	if len(req.WSHeaders) > 20 {
		return "wsHeaders: at most 20"
	}
	for k, v := range req.WSHeaders {
		if !headerName(k) || strings.ContainsAny(v, "\r\n\x00") || len(v) > 4096 {
			return "wsHeaders must be valid header names and values"
		}
		switch strings.ToLower(k) {
		case "host", "upgrade", "connection", "content-length", "transfer-encoding":
			return "wsHeaders may not set " + k
		}
		if strings.HasPrefix(strings.ToLower(k), "sec-websocket-") {
			return "wsHeaders may not set " + k
		}
	}
	return ""
}

func (s *Server) hangupCall(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	c, ok := s.calls[r.PathValue("sid")]
	s.mu.Unlock()
	if !ok {
		// Ended calls are forgotten; hanging one up again is fine, but an
		// id we never issued is reported so a caller can spot a bad sid.
		if strings.HasPrefix(r.PathValue("sid"), "call_") {
			w.WriteHeader(http.StatusOK)
			return
		}
		writeError(w, http.StatusNotFound, "no such call")
		return
	}
	c.requestHangup("hangup requested")
	w.WriteHeader(http.StatusOK)
}

func (s *Server) listHandsets(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Handsets())
}

func (s *Server) putHandset(w http.ResponseWriter, r *http.Request) {
	var sc Script
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&sc); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	n := r.PathValue("number")
	if err := s.SetHandset(n, sc); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	info, _ := s.Handset(n)
	writeJSON(w, http.StatusOK, info)
}

type actionBody struct {
	Digits string  `json:"digits,omitempty"`
	ToneHz float64 `json:"tone_hz,omitempty"`
}

func (s *Server) handsetAction(do func(number string, b actionBody) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var b actionBody
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		if len(strings.TrimSpace(string(body))) > 0 {
			if err := json.Unmarshal(body, &b); err != nil {
				writeError(w, http.StatusBadRequest, err.Error())
				return
			}
		}
		n := r.PathValue("number")
		if err := do(n, b); err != nil {
			status := http.StatusBadRequest
			if errors.Is(err, ErrNoCall) {
				status = http.StatusConflict
			}
			writeError(w, status, err.Error())
			return
		}
		info, _ := s.Handset(n)
		writeJSON(w, http.StatusOK, info)
	}
}

// audioMessage is what the console page sends on the audio WebSocket.
type audioMessage struct {
	Type   string  `json:"type"` // "tone", "silence" or "keys"
	Hz     float64 `json:"hz,omitempty"`
	Digits string  `json:"digits,omitempty"`
}

// audio streams what a handset hears to the console page (binary PCM16LE
// 8 kHz, one 20 ms frame per message) and takes the page's input.
func (s *Server) audio(w http.ResponseWriter, r *http.Request) {
	n := r.PathValue("number")
	if _, ok := s.Handset(n); !ok {
		writeError(w, http.StatusNotFound, "no such handset")
		return
	}
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	defer conn.CloseNow()
	conn.SetReadLimit(4 << 10)
	frames, unsubscribe := s.listen(n)
	defer unsubscribe()
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go func() {
		defer cancel()
		for {
			_, b, err := conn.Read(ctx)
			if err != nil {
				return
			}
			var m audioMessage
			if json.Unmarshal(b, &m) != nil {
				continue
			}
			var aerr error
			switch m.Type {
			case "tone":
				aerr = s.SetInput(n, m.Hz)
			case "silence":
				aerr = s.SetInput(n, 0)
			case "keys":
				aerr = s.Press(n, m.Digits)
			}
			if aerr != nil {
				s.log.Debug("console input refused", slog.String("number", n), slog.Any("error", aerr))
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.ctx.Done():
			_ = conn.Close(websocket.StatusGoingAway, "simulator stopping")
			return
		case f := <-frames:
			wctx, wcancel := context.WithTimeout(ctx, writeWait)
			err := conn.Write(wctx, websocket.MessageBinary, f)
			wcancel()
			if err != nil {
				return
			}
		}
	}
}

// headerName reports whether s is an RFC 9110 token.
func headerName(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, c := range []byte(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}
