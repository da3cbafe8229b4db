package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/riverqueue/river"
	"riverqueue.com/riverui"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/graph"
	"github.com/switchboard/switchboard/integrations/email"
	"github.com/switchboard/switchboard/integrations/webhookhttp"
	"github.com/switchboard/switchboard/internal/account"
	"github.com/switchboard/switchboard/internal/call"
	"github.com/switchboard/switchboard/internal/chatswitch"
	"github.com/switchboard/switchboard/internal/inbox"
	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/internal/mail"
	"github.com/switchboard/switchboard/internal/telemetry"
	"github.com/switchboard/switchboard/internal/webhook"
	"github.com/switchboard/switchboard/jobs"
	"github.com/switchboard/switchboard/tenants"
)

func runServe(ctx context.Context, cfg *config, logger *slog.Logger) error {
	d, err := db.Open(ctx, db.Config{AppURL: cfg.DatabaseURL, SystemURL: cfg.SystemDatabaseURL, MaxConns: int32(cfg.DBMaxConns)}) //nolint:gosec // G115: validated to 2..500
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.CheckMigrations(ctx); err != nil {
		logger.WarnContext(ctx, "schema is not current; /readyz reports not ready until `switchboard migrate` runs", slog.Any("error", err))
	}
	app, err := newApp(cfg, d, logger)
	if err != nil {
		return err
	}
	return app.run(ctx, nil)
}

// app is one serve process: HTTP, River workers and the live bus.
type app struct {
	cfg      *config
	db       *db.DB
	logger   *slog.Logger
	river    *jobs.Client
	bus      *live.Bus
	account  *account.Service
	inbox    *inbox.Service
	calls    *call.Service
	switches *chatswitch.Service
	webhooks *webhook.Service
	handler  http.Handler
	metrics  *telemetry.River
	riverUI  *riverui.Handler // nil unless enabled
}

func newApp(cfg *config, d *db.DB, logger *slog.Logger) (*app, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	telemetry.RegisterPool(reg, "app", d.Pool())
	telemetry.RegisterPool(reg, "system", d.SystemPool())

	tokens, err := tenants.NewTokens(tenants.TokenConfig{Secret: []byte(cfg.JWTSecret), Issuer: "switchboard", Audience: "switchboard-api", TTL: cfg.AccessTokenTTL})
	if err != nil {
		return nil, err
	}
	var sender email.Sender
	if cfg.SMTPHost != "" {
		s, err := email.NewSMTPSender(cfg.smtp())
		if err != nil {
			return nil, err
		}
		sender = s
	}
	sealer, err := cfg.sealer()
	if err != nil {
		return nil, err
	}
	inboxes := &inbox.Service{DB: d, PublicURL: cfg.publicBase(), Logger: logger, Sealer: sealer}
	workers := river.NewWorkers()
	river.AddWorker(workers, &mail.Worker{DB: d, Sender: sender, From: cfg.SMTPFrom})
	river.AddWorker(workers, &inbox.SendWorker{Inbox: inboxes})
	webhooks := &webhook.Service{DB: d, Guard: webhookhttp.Guard{AllowLoopback: cfg.WebhookLoopback}, Logger: logger, Sealer: sealer}
	river.AddWorker(workers, &webhook.Worker{Webhooks: webhooks})
	calls, err := newCalls(cfg, d, logger)
	if err != nil {
		return nil, err
	}
	river.AddWorker(workers, &call.DialWorker{Calls: calls})
	river.AddWorker(workers, &call.HangupWorker{Calls: calls})
	river.AddWorker(workers, &call.AnnounceWorker{Calls: calls})
	river.AddWorker(workers, &call.MediaEventWorker{Calls: calls})
	river.AddWorker(workers, &call.CallbackWorker{Calls: calls})
	river.AddWorker(workers, &call.TimeoutWorker{Calls: calls})
	riverClient, err := jobs.NewClient(d.Pool(), jobs.Opts{Logger: logger, Workers: workers})
	if err != nil {
		return nil, err
	}
	bus := live.New(d, live.Opts{Logger: logger})
	inboxes.Jobs, inboxes.Live, webhooks.Jobs = riverClient, bus, riverClient
	calls.Jobs, calls.Live = riverClient, bus
	switches := &chatswitch.Service{DB: d, Inbox: inboxes, Jobs: riverClient, Live: bus, PublicURL: cfg.publicBase(), Logger: logger}
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "switchboard_live_subscribers", Help: "Open live-event subscriptions on this node.",
	}, func() float64 { return float64(bus.Subscribers()) }))

	accounts := &account.Service{DB: d, Tokens: tokens, Jobs: riverClient, Live: bus, PublicURL: cfg.publicBase()}
	gql := graph.NewHandler(graph.HandlerConfig{
		Resolver:      &graph.Resolver{Account: accounts, Inbox: inboxes, Switches: switches, Webhooks: webhooks, Calls: calls, Outbox: mail.Outbox{DB: d}, Live: bus, Version: buildVersion()},
		Verifier:      &tenants.Verifier{Tokens: tokens, APIKeys: accounts},
		Logger:        logger,
		Introspection: cfg.Introspection,
		Metrics:       reg,
	})
	a := &app{cfg: cfg, db: d, logger: logger, river: riverClient, bus: bus, account: accounts, inbox: inboxes, calls: calls, switches: switches, webhooks: webhooks, metrics: telemetry.NewRiver(reg)}
	a.handler, err = a.routes(gql, reg)
	if err != nil {
		return nil, err
	}
	return a, nil
}

// run serves until ctx ends, then drains: HTTP first (no new work), then River
// (running jobs finish), then the live bus. ready, when set, receives the
// bound address once the listener is up.
func (a *app) run(ctx context.Context, ready func(addr string)) error {
	// River and the bus run on a context without the tenant or request values
	// of any caller: jobs get their tenant from their args.
	bg, cancelBG := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelBG()
	a.resealCredentials(ctx)
	if err := a.river.Start(bg); err != nil {
		return fmt.Errorf("start river: %w", err)
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); a.metrics.Run(bg, a.river) }()
	go func() {
		defer wg.Done()
		if err := a.bus.Run(bg); err != nil {
			a.logger.ErrorContext(bg, "live bus stopped", slog.Any("error", err))
		}
	}()

	if a.riverUI != nil {
		if err := a.riverUI.Start(bg); err != nil {
			cancelBG()
			wg.Wait()
			return fmt.Errorf("start river ui: %w", err)
		}
	}
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		cancelBG()
		wg.Wait()
		return fmt.Errorf("listen on %s: %w", a.cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(a.logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return bg },
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	a.logger.InfoContext(ctx, "switchboard listening", slog.String("addr", ln.Addr().String()))
	if ready != nil {
		ready(ln.Addr().String())
	}

	select {
	case <-ctx.Done():
	case err := <-serveErr:
		cancelBG()
		wg.Wait()
		return err
	}
	a.logger.Info("switchboard stopping")
	shutdown, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		a.logger.Warn("http shutdown", slog.Any("error", err))
		_ = srv.Close() // WebSockets do not drain by themselves
	}
	if err := a.river.Stop(shutdown); err != nil {
		a.logger.Warn("river stop", slog.Any("error", err))
	}
	cancelBG()
	wg.Wait()
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// resealCredentials moves stored credentials to the current sealing key:
// values stored in plain text, and values sealed under a key now given in
// --sealing-old-keys. Once every process has started with the new key, the
// old one can be dropped. A value that cannot be opened is logged and left
// as it is: it does not keep the server from starting.
func (a *app) resealCredentials(ctx context.Context) {
	for _, r := range []struct {
		what   string
		reseal func(context.Context) (int, error)
	}{{"channel credentials", a.inbox.ResealSecrets}, {"webhook signing secrets", a.webhooks.ResealSecrets}} {
		n, err := r.reseal(ctx)
		if n > 0 {
			a.logger.InfoContext(ctx, "re-sealed under the current sealing key", slog.String("what", r.what), slog.Int("rows", n))
		}
		if err != nil {
			a.logger.ErrorContext(ctx, "could not re-seal under the current sealing key", slog.String("what", r.what), slog.Any("error", err))
		}
	}
}
