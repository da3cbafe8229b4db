package call

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/integrations/blob"
	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/tenants"
)

// Body limits of the endpoints below; real bodies are a few hundred bytes.
const (
	MaxHookBody      = 64 << 10
	maxHeartbeatBody = 16 << 10
	// RecordingURLTTL is how long a recording link works.
	RecordingURLTTL = 10 * time.Minute
)

// Handler serves the call endpoints that are not GraphQL:
//
//	GET  /media/v1/legs/{legID}/descriptor  a media node fetches a leg's signed session descriptor (Bearer stream token)
//	POST /media/v1/nodes/heartbeat          a media node's signed heartbeat
//	POST /hooks/voice/{carrier}             the carrier's status callbacks
//	GET  /recordings/v1/{callID}.wav        a recording, through a short-lived signed link (HTTP Range supported)
//
// Carriers get 403 for a bad signature, 404 for an unknown call, 413 for an
// oversize body, 400 for a malformed one, and 204 only after the change is
// committed (so a carrier retries anything not stored).
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /media/v1/legs/{leg}/descriptor", s.descriptor)
	mux.HandleFunc("POST /media/v1/nodes/heartbeat", s.heartbeat)
	mux.HandleFunc("POST /hooks/voice/{carrier}", s.voiceHook)
	mux.HandleFunc("GET /recordings/v1/{file}", s.recording)
	return mux
}

func (s *Service) refuse(w http.ResponseWriter, r *http.Request, status int, reason error) {
	s.logger().WarnContext(r.Context(), "call endpoint refused", slog.String("path", r.URL.Path), slog.Int("status", status), slog.Any("error", reason))
	http.Error(w, http.StatusText(status), status)
}

func (s *Service) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.logger().ErrorContext(r.Context(), "call endpoint failed", slog.String("path", r.URL.Path), slog.Any("error", err))
	http.Error(w, "internal error", http.StatusInternalServerError)
}

// readBody reads at most limit bytes, answering 413 beyond.
func (s *Service) readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		s.refuse(w, r, http.StatusRequestEntityTooLarge, err)
		return nil, false
	}
	if err != nil {
		s.refuse(w, r, http.StatusBadRequest, err)
		return nil, false
	}
	return body, true
}

// RecordingKey is where a call's recording is stored.
func RecordingKey(tenantID, callID uuid.UUID) string {
	return "recordings/" + tenantID.String() + "/" + callID.String() + ".wav"
}

func (s *Service) descriptor(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	var claims voice.StreamClaims
	if !ok || s.Signer.Verify(strings.TrimSpace(token), &claims) != nil {
		s.refuse(w, r, http.StatusUnauthorized, errors.New("missing, bad or expired stream token"))
		return
	}
	legID, err := uuid.Parse(r.PathValue("leg"))
	if err != nil || claims.LegID != legID.String() {
		s.refuse(w, r, http.StatusForbidden, errors.New("the stream token is for another leg"))
		return
	}
	tenantID, err1 := uuid.Parse(claims.TenantID)
	callID, err2 := uuid.Parse(claims.CallID)
	if err1 != nil || err2 != nil {
		s.refuse(w, r, http.StatusForbidden, errors.New("malformed stream claims"))
		return
	}
	ctx := tenants.ForJob(r.Context(), tenantID)
	var leg Leg
	err = s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var err error
		leg, err = scanLeg(tx.QueryRow(ctx, `SELECT `+legColumns+` FROM call_legs WHERE id = $1 AND call_id = $2`, legID, callID))
		return err
	})
	if errors.Is(err, ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if leg.Status.Final() {
		s.refuse(w, r, http.StatusGone, fmt.Errorf("leg %s has ended", legID))
		return
	}
	d := voice.SessionDescriptor{
		TenantID: tenantID.String(), CallID: callID.String(), LegID: legID.String(), Role: leg.Role,
		// Click-to-call: both legs meet on the call's node and are recorded.
		BridgeKey: callID.String(), Record: true, RecordingKey: RecordingKey(tenantID, callID), Hold: true,
	}
	signed, err := s.Signer.Sign(d, time.Minute)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = io.WriteString(w, signed)
}

func (s *Service) heartbeat(w http.ResponseWriter, r *http.Request) {
	body, ok := s.readBody(w, r, maxHeartbeatBody)
	if !ok {
		return
	}
	var hb voice.NodeHeartbeat
	if err := s.Signer.Verify(strings.TrimSpace(string(body)), &hb); err != nil {
		s.refuse(w, r, http.StatusForbidden, err)
		return
	}
	if err := validHeartbeat(hb); err != nil {
		s.refuse(w, r, http.StatusBadRequest, err)
		return
	}
	if err := s.RecordHeartbeat(r.Context(), hb); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func validHeartbeat(hb voice.NodeHeartbeat) error {
	if hb.NodeID == "" || len(hb.NodeID) > 100 {
		return errors.New("heartbeat: node_id must be 1 to 100 characters")
	}
	if u, err := url.Parse(hb.StreamURL); err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" || len(hb.StreamURL) > 2048 {
		return errors.New("heartbeat: stream_url must be an absolute ws(s) URL")
	}
	if u, err := url.Parse(hb.ControlURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(hb.ControlURL) > 2048 {
		return errors.New("heartbeat: control_url must be an absolute http(s) URL")
	}
	if hb.Capacity < 0 || hb.Capacity > 1_000_000 || hb.Active < 0 || hb.Active > 1_000_000 {
		return errors.New("heartbeat: capacity and active must be between 0 and 1000000")
	}
	return nil
}

// RecordHeartbeat upserts a node in the registry. The registry is global:
// nodes serve every tenant.
func (s *Service) RecordHeartbeat(ctx context.Context, hb voice.NodeHeartbeat) error {
	_, err := s.DB.Pool().Exec(ctx, `INSERT INTO media_nodes (id, stream_url, control_url, capacity, active, draining)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (id) DO UPDATE SET stream_url = EXCLUDED.stream_url, control_url = EXCLUDED.control_url,
			capacity = EXCLUDED.capacity, active = EXCLUDED.active, draining = EXCLUDED.draining, assigned = 0, last_seen_at = now()`,
		hb.NodeID, hb.StreamURL, hb.ControlURL, hb.Capacity, hb.Active, hb.Draining)
	if err != nil {
		return fmt.Errorf("record heartbeat: %w", err)
	}
	return nil
}

func (s *Service) voiceHook(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("carrier")
	if s.Carrier == nil || name != s.Carrier.Name() {
		http.NotFound(w, r)
		return
	}
	body, ok := s.readBody(w, r, MaxHookBody)
	if !ok {
		return
	}
	// Signatures cover the URL we gave the carrier: rebuild it from
	// configuration, never from Host.
	public := strings.TrimRight(s.PublicURL, "/") + "/hooks/voice/" + name
	if r.URL.RawQuery != "" {
		public += "?" + r.URL.RawQuery
	}
	ev, err := s.Carrier.ParseStatus(r, body, public)
	if errors.Is(err, voice.ErrBadSignature) {
		s.refuse(w, r, http.StatusForbidden, err)
		return
	}
	if err != nil || !ev.Status.Valid() || ev.CarrierCallID == "" {
		s.refuse(w, r, http.StatusBadRequest, fmt.Errorf("status callback: %w", errors.Join(err, errors.New("malformed"))))
		return
	}
	if ev.At.IsZero() {
		ev.At = s.clock()
	}
	err = s.RecordCarrierStatus(r.Context(), ev, r.URL.Query().Get("leg"))
	if errors.Is(err, ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// RecordCarrierStatus applies a verified status callback. The leg is found by
// the carrier's id; a callback that arrives before the dial job stored that
// id finds its leg by legHint (the leg id in the callback URL we gave the
// carrier), and the id is attached to it then.
func (s *Service) RecordCarrierStatus(ctx context.Context, ev voice.StatusEvent, legHint string) error {
	name := s.carrierName()
	var tenantID, legID uuid.UUID
	err := s.DB.Pool().QueryRow(ctx, `SELECT tenant_id, leg_id FROM call_leg_by_carrier_id($1, $2)`, name, ev.CarrierCallID).Scan(&tenantID, &legID)
	attach := false
	if errors.Is(err, pgx.ErrNoRows) {
		hint, perr := uuid.Parse(legHint)
		if perr != nil {
			return ErrNotFound
		}
		var t *uuid.UUID
		if err := s.DB.Pool().QueryRow(ctx, `SELECT call_leg_tenant($1)`, hint).Scan(&t); err != nil {
			return fmt.Errorf("look up leg: %w", err)
		}
		if t == nil {
			return ErrNotFound
		}
		tenantID, legID, attach = *t, hint, true
	} else if err != nil {
		return fmt.Errorf("look up leg: %w", err)
	}
	scoped := tenants.ForJob(ctx, tenantID)
	err = s.DB.InTenantTx(scoped, func(tx pgx.Tx) error {
		if attach {
			tag, err := tx.Exec(scoped, `UPDATE call_legs SET carrier_call_id = $2, updated_at = now()
				WHERE id = $1 AND carrier = $3 AND (carrier_call_id IS NULL OR carrier_call_id = $2)`, legID, ev.CarrierCallID, name)
			if err != nil {
				return fmt.Errorf("attach carrier call id: %w", err)
			}
			if tag.RowsAffected() == 0 {
				return ErrNotFound
			}
		}
		return s.applyLeg(scoped, tx, legReport{LegID: legID, Status: ev.Status, Reason: ev.Reason, At: ev.At})
	})
	if err == nil {
		s.wake()
	}
	return err
}

// recordingClaims are carried by a recording link. Purpose keeps other
// tokens signed with the media secret (stream tokens given to carriers) from
// being accepted as recording links.
type recordingClaims struct {
	Purpose  string `json:"purpose"`
	TenantID string `json:"tenant_id"`
	CallID   string `json:"call_id"`
}

const recordingPurpose = "recording"

// RecordingURL returns a short-lived link to a call's recording, or "" when
// it has none. Only a caller who can read the call (its tenant's users) gets
// one.
func (s *Service) RecordingURL(ctx context.Context, c Call) (string, error) {
	if c.RecordingKey == "" || s.Signer == nil {
		return "", nil
	}
	tenantID, err := tenants.TenantFromContext(ctx)
	if err != nil {
		return "", err
	}
	token, err := s.Signer.Sign(recordingClaims{Purpose: recordingPurpose, TenantID: tenantID.String(), CallID: c.ID.String()}, RecordingURLTTL)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(s.PublicURL, "/") + "/recordings/v1/" + c.ID.String() + ".wav?token=" + url.QueryEscape(token), nil
}

func (s *Service) recording(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	callID, err := uuid.Parse(strings.TrimSuffix(file, ".wav"))
	var claims recordingClaims
	if err != nil || !strings.HasSuffix(file, ".wav") || s.Signer.Verify(r.URL.Query().Get("token"), &claims) != nil ||
		claims.Purpose != recordingPurpose || claims.CallID != callID.String() {
		s.refuse(w, r, http.StatusForbidden, errors.New("missing, bad or expired recording link"))
		return
	}
	tenantID, err := uuid.Parse(claims.TenantID)
	if err != nil {
		s.refuse(w, r, http.StatusForbidden, errors.New("malformed recording link"))
		return
	}
	c, err := s.Get(tenants.ForJob(r.Context(), tenantID), callID)
	if errors.Is(err, ErrNotFound) || (err == nil && c.RecordingKey == "") {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.Recordings.Open(r.Context(), c.RecordingKey)
	if errors.Is(err, blob.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "audio/wav")
	w.Header().Set("Cache-Control", "private, max-age=600")
	http.ServeContent(w, r, file, c.UpdatedAt, f)
}
