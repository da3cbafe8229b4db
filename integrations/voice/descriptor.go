package voice

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Leg roles in a descriptor.
const (
	RoleAgent    = "agent"
	RoleCustomer = "customer"
)

// SessionDescriptor tells a media node what to do with one leg's stream. The
// API serves it signed (GET /media/v1/legs/{legID}/descriptor); the node
// verifies it before acting on it.
type SessionDescriptor struct {
	TenantID string `json:"tenant_id"`
	CallID   string `json:"call_id"`
	LegID    string `json:"leg_id"`
	Role     string `json:"role"`
	// BridgeKey pairs legs: two sessions with the same key on one node hear
	// each other. Empty means the leg is not bridged.
	BridgeKey string `json:"bridge_key,omitempty"`
	// Record asks the node to record the bridge as a stereo WAV (this leg's
	// role decides its channel: agent left, customer right) under
	// RecordingKey in the recording store.
	Record       bool   `json:"record,omitempty"`
	RecordingKey string `json:"recording_key,omitempty"`
	// Say is spoken (TTS) to the leg as soon as its stream starts, before any
	// bridge audio, e.g. "Connecting you to the customer".
	Say string `json:"say,omitempty"`
	// Hold plays a hold tone to the leg while its bridge peer is absent.
	Hold bool `json:"hold,omitempty"`
}

// StreamClaims are carried by the stream token in the URL a carrier connects
// to; the node refuses the upgrade without a valid, unexpired one.
type StreamClaims struct {
	TenantID string `json:"tenant_id"`
	CallID   string `json:"call_id"`
	LegID    string `json:"leg_id"`
	NodeID   string `json:"node_id"`
}

// ControlCommand is sent by the API to the node running a leg
// (POST {node}/control/legs/{legID}, signed body) to change a live session.
type ControlCommand struct {
	LegID string `json:"leg_id"`
	// Say speaks a sentence to the leg (e.g. "The customer is busy").
	Say string `json:"say,omitempty"`
	// Hangup ends the leg once anything queued has played.
	Hangup bool `json:"hangup,omitempty"`
}

// NodeHeartbeat is what a media node reports about itself to the API
// (POST /media/v1/nodes/heartbeat, signed body) every few seconds.
type NodeHeartbeat struct {
	NodeID string `json:"node_id"`
	// URL is the node's base URL for carriers (wss://…) and for control (https://…).
	StreamURL  string `json:"stream_url"`
	ControlURL string `json:"control_url"`
	Capacity   int    `json:"capacity"`
	Active     int    `json:"active"`
	Draining   bool   `json:"draining"`
}

// Signer signs and verifies the small JSON documents exchanged between the
// API, its media nodes and carriers: payload.signature, both base64url, the
// signature an HMAC-SHA256 over the payload with the shared secret.
type Signer struct {
	secret []byte
	now    func() time.Time
}

// NewSigner returns a Signer for the shared media secret (at least 32 bytes).
func NewSigner(secret []byte) (*Signer, error) {
	if len(secret) < 32 {
		return nil, errors.New("voice: media secret must be at least 32 bytes")
	}
	return &Signer{secret: secret, now: time.Now}, nil
}

type envelope struct {
	Exp int64 `json:"exp"`
	// Kind is the Go type of the data: one secret signs claims, descriptors,
	// heartbeats and commands, and a document of one kind must never be
	// accepted as another (a descriptor handed to a node's control endpoint,
	// say).
	Kind string          `json:"kind"`
	Data json.RawMessage `json:"data"`
}

// kindOf names v's type, the same for a value and a pointer to it.
func kindOf(v any) string {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return ""
	}
	return t.String()
}

// Sign returns a token carrying v that expires after ttl. Verify accepts it
// only into a value of v's type.
func (s *Signer) Sign(v any, ttl time.Duration) (string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode token: %w", err)
	}
	payload, err := json.Marshal(envelope{Exp: s.now().Add(ttl).Unix(), Kind: kindOf(v), Data: data})
	if err != nil {
		return "", fmt.Errorf("encode token: %w", err)
	}
	p := base64.RawURLEncoding.EncodeToString(payload)
	return p + "." + base64.RawURLEncoding.EncodeToString(s.mac(p)), nil
}

// Verify checks token's signature and expiry, then decodes it into v.
// Errors wrap ErrBadSignature or ErrExpired.
func (s *Signer) Verify(token string, v any) error {
	p, sig, ok := strings.Cut(token, ".")
	if !ok || len(token) > 16<<10 {
		return fmt.Errorf("verify token: malformed: %w", ErrBadSignature)
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.mac(p)) {
		return fmt.Errorf("verify token: %w", ErrBadSignature)
	}
	raw, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil {
		return fmt.Errorf("verify token: payload: %w", ErrBadSignature)
	}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return fmt.Errorf("verify token: payload: %w", ErrBadSignature)
	}
	if env.Kind != kindOf(v) {
		return fmt.Errorf("verify token: a %s, not a %s: %w", env.Kind, kindOf(v), ErrBadSignature)
	}
	if s.now().Unix() >= env.Exp {
		return fmt.Errorf("verify token: %w", ErrExpired)
	}
	if err := json.Unmarshal(env.Data, v); err != nil {
		return fmt.Errorf("verify token: data: %w", err)
	}
	return nil
}

func (s *Signer) mac(payload string) []byte {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte(payload))
	return m.Sum(nil)
}
