package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/switchboard/switchboard/integrations/blob"
	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/audio"
	"github.com/switchboard/switchboard/jobs"
	"github.com/switchboard/switchboard/media"
)

// mediaConfig is `switchboard media`'s settings: defaults, then SWITCHBOARD_*
// environment variables, then flags.
type mediaConfig struct {
	Addr, NodeID, APIURL, Secret string
	StreamURL, ControlURL        string
	Capacity                     int
	RecordingDir, DatabaseURL    string
	RecordingS3                  string
	DrainTimeout                 time.Duration
	TTS                          bool
	LogLevel, LogFormat          string
}

func (c *mediaConfig) bind(fs *flag.FlagSet) {
	host, _ := os.Hostname()
	fs.StringVar(&c.Addr, "addr", envOr(":8090", "SWITCHBOARD_MEDIA_ADDR"), "listen address for carriers' streams and the API's control commands [SWITCHBOARD_MEDIA_ADDR]")
	fs.StringVar(&c.NodeID, "node-id", envOr(host, "SWITCHBOARD_MEDIA_NODE_ID"), "this node's name in heartbeats and stream tokens [SWITCHBOARD_MEDIA_NODE_ID]")
	fs.StringVar(&c.APIURL, "api-url", envOr("", "SWITCHBOARD_MEDIA_API_URL"), "the API's base URL, for descriptors and heartbeats [SWITCHBOARD_MEDIA_API_URL]")
	fs.StringVar(&c.Secret, "media-secret", envOr("", "SWITCHBOARD_MEDIA_SECRET"), "secret shared with the API, at least 32 bytes [SWITCHBOARD_MEDIA_SECRET]")
	fs.StringVar(&c.StreamURL, "stream-url", envOr("", "SWITCHBOARD_MEDIA_STREAM_URL"), "base URL carriers reach this node at (wss://…); default ws://127.0.0.1:<port> [SWITCHBOARD_MEDIA_STREAM_URL]")
	fs.StringVar(&c.ControlURL, "control-url", envOr("", "SWITCHBOARD_MEDIA_CONTROL_URL"), "base URL the API reaches this node at (https://…); default http://127.0.0.1:<port> [SWITCHBOARD_MEDIA_CONTROL_URL]")
	fs.IntVar(&c.Capacity, "capacity", envInt("SWITCHBOARD_MEDIA_CAPACITY", 1000), "most legs at once [SWITCHBOARD_MEDIA_CAPACITY]")
	fs.StringVar(&c.RecordingDir, "recording-dir", envOr(".switchboard/recordings", "SWITCHBOARD_RECORDING_DIR"), "directory of the recording store, and of recordings being written [SWITCHBOARD_RECORDING_DIR]")
	fs.StringVar(&c.RecordingS3, "recording-s3", envOr("", "SWITCHBOARD_RECORDING_S3"), "an S3-compatible bucket for finished recordings, s3+https://KEY:SECRET@host/bucket[/prefix]?region=REGION, as the API's [SWITCHBOARD_RECORDING_S3]")
	fs.StringVar(&c.DatabaseURL, "database-url", envOr("", "SWITCHBOARD_DATABASE_URL", "DATABASE_URL"), "the app role's URL; the node only inserts River jobs [DATABASE_URL]")
	fs.DurationVar(&c.DrainTimeout, "drain-timeout", envDuration("SWITCHBOARD_MEDIA_DRAIN_TIMEOUT", time.Hour), "on SIGTERM, how long to let live calls finish [SWITCHBOARD_MEDIA_DRAIN_TIMEOUT]")
	fs.BoolVar(&c.TTS, "tts", envBool("SWITCHBOARD_MEDIA_TTS", true), "speak Say with espeak-ng (required on $PATH when on) [SWITCHBOARD_MEDIA_TTS]")
	fs.StringVar(&c.LogLevel, "log-level", envOr("info", "SWITCHBOARD_LOG_LEVEL"), "debug, info, warn or error [SWITCHBOARD_LOG_LEVEL]")
	fs.StringVar(&c.LogFormat, "log-format", envOr("json", "SWITCHBOARD_LOG_FORMAT"), "json or text [SWITCHBOARD_LOG_FORMAT]")
}

func (c *mediaConfig) validate() error {
	errs := append([]error(nil), envErrs...)
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.NodeID == "" {
		bad("node-id: required")
	}
	if !isHTTPURL(c.APIURL) {
		bad("api-url: %q must be an absolute http(s) URL (SWITCHBOARD_MEDIA_API_URL)", c.APIURL)
	}
	if len(c.Secret) < 32 {
		bad("media-secret: must be at least 32 bytes (SWITCHBOARD_MEDIA_SECRET), the same as the API's")
	}
	if c.DatabaseURL == "" {
		bad("database-url: required (DATABASE_URL): the node reports by inserting River jobs")
	}
	if c.Capacity < 1 || c.Capacity > 100_000 {
		bad("capacity: %d must be between 1 and 100000", c.Capacity)
	}
	if c.RecordingDir == "" {
		bad("recording-dir: required")
	}
	if c.RecordingS3 != "" {
		if _, err := blob.ParseS3URL(c.RecordingS3); err != nil {
			bad("recording-s3: %v (SWITCHBOARD_RECORDING_S3)", err)
		}
	}
	errs = append(errs, logFlagErrs(c.LogLevel, c.LogFormat)...)
	return errors.Join(errs...)
}

// runMediaCmd is `switchboard media`: one media node.
func runMediaCmd(args []string, stderr io.Writer) int {
	var cfg mediaConfig
	if code, ok := parseFlags("media", args, stderr, cfg.bind, cfg.validate); !ok {
		return code
	}
	logger := commandLogger(stderr, cfg.LogLevel, cfg.LogFormat)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := runMedia(ctx, &cfg, logger); err != nil {
		logger.Error("switchboard media failed", slog.Any("error", err))
		return 1
	}
	return 0
}

func runMedia(ctx context.Context, cfg *mediaConfig, logger *slog.Logger) error {
	signer, err := voice.NewSigner([]byte(cfg.Secret))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if cfg.StreamURL == "" {
		cfg.StreamURL = fmt.Sprintf("ws://127.0.0.1:%d", port)
	}
	if cfg.ControlURL == "" {
		cfg.ControlURL = fmt.Sprintf("http://127.0.0.1:%d", port)
	}
	if err := os.MkdirAll(cfg.RecordingDir, 0o750); err != nil {
		return fmt.Errorf("recording dir: %w", err)
	}
	pool, err := pgxpool.New(ctx, cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("database: %w", err)
	}
	defer pool.Close()
	// Insert-only: no workers, no queues; the API's workers apply the jobs.
	client, err := jobs.NewClient(pool, jobs.Opts{Logger: logger})
	if err != nil {
		return err
	}
	reporter := media.NewRiverReporter(client, logger)
	defer reporter.Close()
	var speaker media.Speaker
	if cfg.TTS {
		es := new(audio.Speaker)
		if err := es.Available(); err != nil {
			return fmt.Errorf("tts: %w (or run with --tts=false)", err)
		}
		speaker = es
	}
	store, err := recordingStore(cfg.RecordingDir, cfg.RecordingS3)
	if err != nil {
		return err
	}
	node, err := media.New(media.Options{
		NodeID: cfg.NodeID, Signer: signer, APIURL: cfg.APIURL, StreamURL: cfg.StreamURL, ControlURL: cfg.ControlURL,
		Capacity: cfg.Capacity, Store: store, TempDir: cfg.RecordingDir,
		Reporter: reporter, Speaker: speaker, Logger: logger,
	})
	if err != nil {
		return err
	}
	// /metrics beside the node's own routes: its counters, Go and process.
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), node.Collector())
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.Handle("/", node.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	hbCtx, hbStop := context.WithCancel(context.Background())
	hbDone := make(chan struct{})
	go func() { defer close(hbDone); _ = node.Run(hbCtx) }()
	logger.Info("media node listening", slog.String("addr", ln.Addr().String()), slog.String("node_id", cfg.NodeID),
		slog.String("stream_url", cfg.StreamURL), slog.Int("capacity", cfg.Capacity))

	select {
	case err := <-serveErr:
		hbStop()
		<-hbDone
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Drain: no new legs (resumes of ours still come in), heartbeats say so,
	// and the node exits when its last call ends or the drain times out.
	node.Drain()
	if err := node.Heartbeat(context.Background()); err != nil {
		logger.Warn("media draining heartbeat failed", slog.Any("error", err))
	}
	select {
	case <-node.Idle():
	case <-time.After(cfg.DrainTimeout):
		logger.Warn("media drain timed out; ending the remaining legs", slog.Int("active", node.Active()))
	}
	node.Close()
	hbStop()
	<-hbDone
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
