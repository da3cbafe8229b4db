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

	voicesim "github.com/switchboard/switchboard/integrations/voice/sim"
)

// simConfig is the configuration of `switchboard sim`, the simulated phone
// network on its own (for tests and demos across processes). It is separate
// from config because the sim shares nothing with the API but the carrier
// secret.
type simConfig struct {
	Addr          string
	CarrierSecret string
	APIKey        string
	ScriptsFile   string
	RingTimeout   time.Duration
	HeardLimit    time.Duration
	LogLevel      string
	LogFormat     string
}

func (c *simConfig) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", envOr("127.0.0.1:8090", "SWITCHBOARD_SIM_ADDR"), "listen address [SWITCHBOARD_SIM_ADDR]")
	fs.StringVar(&c.CarrierSecret, "carrier-secret", envOr("", "SWITCHBOARD_CARRIER_SECRET"),
		"signs the status callbacks (ivrbridge format), at least 32 bytes; the API verifies with the same [SWITCHBOARD_CARRIER_SECRET]")
	fs.StringVar(&c.APIKey, "api-key", envOr("", "SWITCHBOARD_SIM_API_KEY"), "Bearer key required on POST /calls; empty for none [SWITCHBOARD_SIM_API_KEY]")
	fs.StringVar(&c.ScriptsFile, "scripts", envOr("", "SWITCHBOARD_SIM_SCRIPTS"),
		"JSON file of handset scripts ({\"default\":{…},\"handsets\":{\"+1555…\":{…}}}); empty for the demo numbers [SWITCHBOARD_SIM_SCRIPTS]")
	fs.DurationVar(&c.RingTimeout, "ring-timeout", envDuration("SWITCHBOARD_SIM_RING_TIMEOUT", 30*time.Second), "how long an unanswered call rings [SWITCHBOARD_SIM_RING_TIMEOUT]")
	fs.DurationVar(&c.HeardLimit, "heard-limit", envDuration("SWITCHBOARD_SIM_HEARD_LIMIT", 30*time.Second),
		"how much of what each handset heard is kept for inspection; 0 keeps nothing (load tests) [SWITCHBOARD_SIM_HEARD_LIMIT]")
	fs.StringVar(&c.LogLevel, "log-level", envOr("info", "SWITCHBOARD_LOG_LEVEL"), "debug, info, warn or error [SWITCHBOARD_LOG_LEVEL]")
	fs.StringVar(&c.LogFormat, "log-format", envOr("json", "SWITCHBOARD_LOG_FORMAT"), "json or text [SWITCHBOARD_LOG_FORMAT]")
}

func (c *simConfig) validate() error {
	errs := append([]error(nil), envErrs...)
	if len(c.CarrierSecret) < 32 {
		errs = append(errs, errors.New("carrier-secret: must be at least 32 bytes (SWITCHBOARD_CARRIER_SECRET); generate one with `openssl rand -hex 32`"))
	}
	if c.Addr == "" {
		errs = append(errs, errors.New("addr: required"))
	}
	if c.RingTimeout < time.Second || c.RingTimeout > 10*time.Minute {
		errs = append(errs, fmt.Errorf("ring-timeout: %s must be between 1s and 10m", c.RingTimeout))
	}
	if c.HeardLimit < 0 || c.HeardLimit > 10*time.Minute {
		errs = append(errs, fmt.Errorf("heard-limit: %s must be between 0 and 10m", c.HeardLimit))
	}
	errs = append(errs, logFlagErrs(c.LogLevel, c.LogFormat)...)
	return errors.Join(errs...)
}

func (c *simConfig) scripts() (voicesim.Scripts, error) {
	if c.ScriptsFile == "" {
		return voicesim.DemoScripts(), nil
	}
	f, err := os.Open(c.ScriptsFile)
	if err != nil {
		return voicesim.Scripts{}, err
	}
	defer f.Close()
	return voicesim.ReadScripts(f)
}

// runSimCommand is `switchboard sim`.
func runSimCommand(args []string, stdout, stderr io.Writer) int {
	var cfg simConfig
	if code, ok := parseFlags("sim", args, stderr, cfg.bind, cfg.validate); !ok {
		return code
	}
	logger := commandLogger(stderr, cfg.LogLevel, cfg.LogFormat)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := serveSim(ctx, &cfg, logger, func(addr net.Addr) {
		fmt.Fprintf(stdout, "switchboard sim: the simulated carrier listens on http://%s (POST /calls, GET /handsets)\n", addr)
	})
	if err != nil {
		logger.Error("switchboard sim failed", slog.Any("error", err))
		return 1
	}
	return 0
}

// serveSim runs the simulated network until ctx ends; ready is told the
// address it listens on.
func serveSim(ctx context.Context, cfg *simConfig, logger *slog.Logger, ready func(net.Addr)) error {
	scripts, err := cfg.scripts()
	if err != nil {
		return fmt.Errorf("load scripts: %w", err)
	}
	heard := cfg.HeardLimit
	if heard == 0 {
		heard = -1 // the sim's "keep nothing"
	}
	s, err := voicesim.New(voicesim.Options{
		Secret: []byte(cfg.CarrierSecret), APIKey: cfg.APIKey,
		Handsets: scripts.Handsets, Default: scripts.Default,
		RingTimeout: cfg.RingTimeout, HeardLimit: heard, Logger: logger,
	})
	if err != nil {
		return err
	}
	defer s.Close()
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	logger.Info("simulated carrier listening", slog.String("addr", ln.Addr().String()), slog.Int("handsets", len(scripts.Handsets)))
	if ready != nil {
		ready(ln.Addr())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// Calls end (with their stop events and callbacks) before the listener
	// closes: Close hangs every call up.
	s.Close()
	return srv.Shutdown(sctx)
}
