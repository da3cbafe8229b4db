package telemetry

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/tenants"
)

func TestLogsCarryRequestAndTenant(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	logger := NewLogger(&out, 0, false)
	reg := prometheus.NewRegistry()
	web := NewHTTP(reg, logger)
	tenant := uuid.New()
	h := web.Wrap("graphql", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := tenants.ForJob(r.Context(), tenant)
		logger.InfoContext(ctx, "inside")
		w.WriteHeader(http.StatusTeapot)
	}))

	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/graphql", nil)
	req.Header.Set("X-Request-Id", "abc-123")
	h.ServeHTTP(rec, req)
	require.Equal(t, "abc-123", rec.Header().Get("X-Request-Id"))

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2)
	var inside, access map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &inside))
	require.NoError(t, json.Unmarshal([]byte(lines[1]), &access))
	require.Equal(t, "abc-123", inside["request_id"])
	require.Equal(t, tenant.String(), inside["tenant_id"])
	require.Equal(t, "abc-123", access["request_id"])
	require.InDelta(t, 418, access["status"], 0)
	require.InDelta(t, 1, testutil.ToFloat64(web.requests.WithLabelValues("graphql", "418")), 0)

	// A header that could forge log lines is replaced by a fresh id.
	rec = httptest.NewRecorder()
	req = httptest.NewRequest(http.MethodGet, "/graphql", nil)
	req.Header.Set("X-Request-Id", "bad id\nwith newline")
	h.ServeHTTP(rec, req)
	require.Len(t, rec.Header().Get("X-Request-Id"), 16)
}
