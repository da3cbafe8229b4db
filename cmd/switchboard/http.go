package main

import (
	"context"
	"crypto/subtle"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"riverqueue.com/riverui"

	"github.com/switchboard/switchboard/frontend"
	"github.com/switchboard/switchboard/internal/chatswitch"
	"github.com/switchboard/switchboard/internal/inbox"
	"github.com/switchboard/switchboard/internal/telemetry"
)

// routes mounts everything one serve process answers.
func (a *app) routes(gql http.Handler, reg *prometheus.Registry) (http.Handler, error) {
	web := telemetry.NewHTTP(reg, a.logger)
	mux := http.NewServeMux()
	mux.Handle("/graphql", web.Wrap("graphql", gql))
	mux.Handle("/hooks/", web.Wrap("hooks", a.inbox.Hooks()))
	mux.Handle("/webchat/", web.Wrap("webchat", a.inbox.WebChat(a.bus, &inbox.WebChatOpts{Extension: chatswitch.Widget{S: a.switches}})))
	if a.calls.Signer != nil {
		calls := a.calls.Handler()
		mux.Handle("/hooks/voice/", web.Wrap("hooks_voice", calls))
		mux.Handle("/media/v1/", web.Wrap("media_api", calls))
		mux.Handle("/recordings/v1/", web.Wrap("recordings", calls))
	}
	mux.Handle("GET /healthz", web.Wrap("health", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})))
	mux.Handle("GET /readyz", web.Wrap("health", http.HandlerFunc(a.readyz)))
	mux.Handle("GET /metrics", web.Wrap("metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})))
	if a.cfg.RiverUI {
		ui, err := riverui.NewHandler(&riverui.HandlerOpts{
			Endpoints: riverui.NewEndpoints(a.river, nil),
			Logger:    a.logger,
			Prefix:    "/riverui",
			// Job args carry ids only, but an operator need not see them by default.
			JobListHideArgsByDefault: true,
		})
		if err != nil {
			return nil, err
		}
		a.riverUI = ui
		var h http.Handler = ui
		if a.cfg.RiverUIPassword != "" {
			h = basicAuth("operator", a.cfg.RiverUIPassword, h)
		}
		mux.Handle("/riverui/", web.Wrap("riverui", h))
	}
	console, err := newConsole(a.cfg.Playground)
	if err != nil {
		return nil, err
	}
	mux.Handle("/", web.Wrap("console", console))
	return securityHeaders(mux), nil
}

// readyz answers 200 when the database answers and has every migration.
func (a *app) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	if err := a.db.CheckMigrations(ctx); err != nil {
		a.logger.WarnContext(ctx, "not ready", slog.Any("error", err))
		http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

func basicAuth(user, password string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		if !ok || subtle.ConstantTimeCompare([]byte(u), []byte(user)) != 1 || subtle.ConstantTimeCompare([]byte(p), []byte(password)) != 1 {
			w.Header().Set("WWW-Authenticate", `Basic realm="switchboard operators"`)
			http.Error(w, "operators only", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// console serves the built frontend: files as they are, /playground as the
// playground page, and index.html for every other page path (client routing).
type console struct {
	files      fs.FS
	files200   http.Handler
	playground bool
}

func newConsole(playground bool) (*console, error) {
	dist, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		return nil, err
	}
	return &console{files: dist, files200: http.FileServerFS(dist), playground: playground}, nil
}

func (c *console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	switch {
	case p == "playground" || p == "playground.html":
		if !c.playground {
			http.NotFound(w, r)
			return
		}
		c.page(w, r, "playground.html")
	case p != "" && p != "index.html" && c.exists(p):
		if strings.HasPrefix(p, "assets/") {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable") // Vite names assets by content hash
		}
		c.files200.ServeHTTP(w, r)
	case path.Ext(p) != "" && p != "index.html":
		http.NotFound(w, r) // a missing asset is a 404, not the app shell
	default:
		c.page(w, r, "index.html")
	}
}

func (c *console) exists(p string) bool {
	st, err := fs.Stat(c.files, p)
	return err == nil && !st.IsDir()
}

func (c *console) page(w http.ResponseWriter, r *http.Request, name string) {
	body, err := fs.ReadFile(c.files, name)
	if err != nil {
		http.Error(w, "the console is not built into this binary: run `make build` (npm run build in frontend/)", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, name, time.Time{}, strings.NewReader(string(body)))
}
