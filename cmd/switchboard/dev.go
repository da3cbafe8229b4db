package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/db/pgembed"
	voicesim "github.com/switchboard/switchboard/integrations/voice/sim"
	"github.com/switchboard/switchboard/internal/account"
)

// runDev runs everything in one process for a developer's machine: a private
// PostgreSQL cluster (unless DATABASE_URL names a server), migrations, a demo
// tenant, and the server with the playground and River UI on.
func runDev(ctx context.Context, cfg *config, logger *slog.Logger, stdout io.Writer) error {
	dataDir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return err
	}
	// 0755: the embedded cluster runs as an unprivileged user when dev runs as
	// root, and must be able to reach the pg directory inside.
	if err := os.MkdirAll(dataDir, 0o755); err != nil { //nolint:gosec // G301: see above
		return fmt.Errorf("create data dir: %w", err)
	}
	adminURL := cfg.DatabaseURL
	if adminURL == "" {
		cluster, err := pgembed.Start(ctx, pgembed.Options{DataDir: filepath.Join(dataDir, "pg"), Logger: logger})
		if err != nil {
			return fmt.Errorf("start embedded postgres: %w", err)
		}
		defer func() {
			if err := cluster.Stop(context.WithoutCancel(ctx)); err != nil {
				logger.Error("stop embedded postgres", slog.Any("error", err))
			}
		}()
		adminURL = cluster.AdminURL()
		logger.InfoContext(ctx, "embedded postgres running", slog.String("data_dir", cluster.DataDir()), slog.Int("port", cluster.Port()))
	}
	if err := db.Migrate(ctx, adminURL, db.MigrateOpts{Logger: logger}); err != nil {
		return err
	}
	if cfg.DatabaseURL, err = db.URLForRole(adminURL, db.AppRole, ""); err != nil {
		return err
	}
	if cfg.SystemDatabaseURL, err = db.URLForRole(adminURL, db.SystemRole, ""); err != nil {
		return err
	}
	if cfg.JWTSecret == "" {
		if cfg.JWTSecret, err = devSecret(filepath.Join(dataDir, "jwt-secret")); err != nil {
			return err
		}
	}
	if cfg.SealingKey == "" {
		if cfg.SealingKey, err = devSecret(filepath.Join(dataDir, "sealing-key")); err != nil {
			return err
		}
	}
	if cfg.PublicURL == "" {
		cfg.PublicURL = "http://" + browsable(cfg.Addr)
	}
	if err := devVoiceConfig(cfg, dataDir); err != nil {
		return err
	}

	d, err := db.Open(ctx, db.Config{AppURL: cfg.DatabaseURL, SystemURL: cfg.SystemDatabaseURL, MaxConns: int32(cfg.DBMaxConns)}) //nolint:gosec // G115: validated to 2..500
	if err != nil {
		return err
	}
	defer d.Close()
	a, err := newApp(cfg, d, logger)
	if err != nil {
		return err
	}
	demoTenant, err := a.account.EnsureDemo(ctx)
	if err != nil {
		return err
	}
	simulator, err := startSimulator(ctx, a, demoTenant, logger)
	if err != nil {
		return err
	}
	a.handler = withSimulator(simulator, a.handler)
	simCtx, stopSim := context.WithCancel(ctx)
	defer stopSim()
	go simulator.Run(simCtx)
	voiceSim, err := startDevVoice(ctx, a, demoTenant, logger)
	if err != nil {
		return err
	}
	defer voiceSim.close()
	a.handler = voiceSim.wrap(a.handler)
	go voiceSim.run(simCtx)
	return a.run(ctx, func(addr string) { printBanner(stdout, "http://"+browsable(addr), cfg) })
}

// devSecret keeps one random key (64 hex digits) per data dir and purpose, so
// sessions and sealed credentials survive restarts.
func devSecret(file string) (string, error) {
	b, err := os.ReadFile(file)
	if err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return strings.TrimSpace(string(b)), nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	secret := hex.EncodeToString(raw)
	if err := os.WriteFile(file, []byte(secret+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("write dev secret %s: %w", filepath.Base(file), err)
	}
	return secret, nil
}

// browsable turns a listen address into one a browser can open.
func browsable(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

func printBanner(w io.Writer, base string, cfg *config) {
	fmt.Fprintf(w, "\nSwitchboard is running (dev).\n\n")
	fmt.Fprintf(w, "  Console:             %s/\n", base)
	fmt.Fprintf(w, "  GraphQL playground:  %s/playground\n", base)
	fmt.Fprintf(w, "  GraphQL endpoint:    %s/graphql\n", base)
	if cfg.RiverUI {
		fmt.Fprintf(w, "  River UI (operators): %s/riverui/\n", base)
	}
	fmt.Fprintf(w, "  Health:              %s/healthz  %s/readyz  %s/metrics\n\n", base, base, base)
	fmt.Fprintf(w, "Demo tenant %q:\n", account.DemoTenantName)
	fmt.Fprintf(w, "  owner  %-32s password %s\n", account.DemoOwner.Email, account.DemoOwner.Password)
	for _, a := range account.DemoAgents {
		fmt.Fprintf(w, "  agent  %-32s password %s\n", a.Email, a.Password)
	}
	fmt.Fprintf(w, "\nSimulated provider: SMS %s and WhatsApp %s deliver to the demo tenant;\n", demoSMSNumber, demoWhatsAppNumberID)
	fmt.Fprintf(w, "  play the customer's phone at %s/developer/phone (or POST %s/sim/sms/inbound).\n", base, base)
	fmt.Fprintf(w, "Simulated phone network at %s%s/handsets: the demo users' phones (owner %s, agents %s and %s) wait for you\n",
		base, devVoiceSimPath, demoPhones[account.DemoOwner.Email], demoPhones[account.DemoAgents[0].Email], demoPhones[account.DemoAgents[1].Email])
	fmt.Fprintf(w, "  to answer them in the console; any other number answers by itself (busy: %s, no answer: %s).\n", voicesim.DemoBusy, voicesim.DemoNoAnswer)
	fmt.Fprintf(w, "\nE-mail is captured, not sent: see Settings → Outbox in the console.\nPress Ctrl-C to stop (PostgreSQL stops too).\n\n")
}
