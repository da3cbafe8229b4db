package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/uuid"

	"github.com/switchboard/switchboard/integrations/voice/audio"
	voicesim "github.com/switchboard/switchboard/integrations/voice/sim"
	"github.com/switchboard/switchboard/internal/account"
	"github.com/switchboard/switchboard/media"
	"github.com/switchboard/switchboard/tenants"
)

// Where dev mounts the in-process simulated carrier and media node on its
// own HTTP server, so that a laptop runs every voice flow on one port.
const (
	devVoiceSimPath  = "/sim/voice"
	devMediaNodePath = "/media-node"
)

// The demo users' phones: handsets of the simulated network that wait for a
// person to answer them in the console's phone simulator.
var demoPhones = map[string]string{
	account.DemoOwner.Email:     voicesim.DemoManual,
	account.DemoAgents[0].Email: "+15550110",
	account.DemoAgents[1].Email: "+15550111",
}

// devVoiceConfig fills dev's voice settings before the app is built: secrets
// kept in the data dir, recordings under it, and the in-process simulated
// carrier as the carrier.
func devVoiceConfig(cfg *config, dataDir string) error {
	var err error
	if cfg.MediaSecret == "" {
		if cfg.MediaSecret, err = devSecret(filepath.Join(dataDir, "media-secret")); err != nil {
			return err
		}
	}
	if cfg.CarrierSecret == "" {
		if cfg.CarrierSecret, err = devSecret(filepath.Join(dataDir, "carrier-secret")); err != nil {
			return err
		}
	}
	if cfg.RecordingDir == "" {
		cfg.RecordingDir = filepath.Join(dataDir, "recordings")
	}
	if cfg.VoiceCarrierURL == "" {
		cfg.VoiceCarrier = "sim"
		cfg.VoiceCarrierURL = cfg.publicBase() + devVoiceSimPath
	}
	return nil
}

// devVoice is the in-process simulated carrier and media node of dev.
type devVoice struct {
	sim      *voicesim.Server
	node     *media.Node
	reporter *media.RiverReporter
}

// startDevVoice builds the simulated carrier (demo scripts plus the demo
// users' manual handsets) and one media node reporting through the app's
// River client, and gives the demo users their phones.
func startDevVoice(ctx context.Context, a *app, demoTenant uuid.UUID, logger *slog.Logger) (*devVoice, error) {
	cfg := a.cfg
	if err := os.MkdirAll(cfg.RecordingDir, 0o750); err != nil {
		return nil, fmt.Errorf("recording dir: %w", err)
	}
	scripts := voicesim.DemoScripts()
	sim, err := voicesim.New(voicesim.Options{Secret: []byte(cfg.CarrierSecret), Handsets: scripts.Handsets, Default: scripts.Default, Logger: logger})
	if err != nil {
		return nil, err
	}
	for _, number := range demoPhones {
		if err := sim.SetHandset(number, voicesim.Script{Manual: true}); err != nil {
			sim.Close()
			return nil, err
		}
	}
	public, err := url.Parse(cfg.PublicURL)
	if err != nil {
		sim.Close()
		return nil, err
	}
	wsScheme := "ws"
	if public.Scheme == "https" {
		wsScheme = "wss"
	}
	var speaker media.Speaker
	es := new(audio.Speaker)
	if err := es.Available(); err == nil {
		speaker = es
	} else {
		logger.WarnContext(ctx, "media node without TTS: busy and no-answer announcements are skipped", slog.Any("error", err))
	}
	reporter := media.NewRiverReporter(a.river, logger)
	base := cfg.publicBase()
	node, err := media.New(media.Options{NodeID: "dev-node", Signer: a.calls.Signer, APIURL: base,
		StreamURL: wsScheme + "://" + public.Host + devMediaNodePath, ControlURL: base + devMediaNodePath, Capacity: 200,
		Store: a.calls.Recordings, TempDir: cfg.RecordingDir, Reporter: reporter, Speaker: speaker, Logger: logger})
	if err != nil {
		sim.Close()
		reporter.Close()
		return nil, err
	}
	if err := setDemoPhones(ctx, a, demoTenant); err != nil {
		sim.Close()
		reporter.Close()
		return nil, err
	}
	return &devVoice{sim: sim, node: node, reporter: reporter}, nil
}

// setDemoPhones gives each demo user without a phone their handset's number.
func setDemoPhones(ctx context.Context, a *app, demoTenant uuid.UUID) error {
	admin := tenants.ForMember(ctx, demoTenant, uuid.Nil, tenants.RoleAdmin)
	members, err := a.account.Members(admin, 100, nil)
	if err != nil {
		return err
	}
	for _, m := range members {
		number, ok := demoPhones[m.User.Email]
		if !ok || m.User.Phone != "" {
			continue
		}
		if err := a.calls.SetAgentPhone(tenants.ForMember(ctx, demoTenant, m.User.ID, m.Role), number); err != nil {
			return fmt.Errorf("set demo phone of %s: %w", m.User.Email, err)
		}
	}
	return nil
}

// wrap serves the simulated carrier and the media node under their paths.
func (v *devVoice) wrap(next http.Handler) http.Handler {
	simHandler := http.StripPrefix(devVoiceSimPath, v.sim.Handler())
	nodeHandler := http.StripPrefix(devMediaNodePath, v.node.Handler())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, devVoiceSimPath+"/"):
			simHandler.ServeHTTP(w, r)
		case strings.HasPrefix(r.URL.Path, devMediaNodePath+"/"):
			nodeHandler.ServeHTTP(w, r)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// run heartbeats until ctx ends.
func (v *devVoice) run(ctx context.Context) { _ = v.node.Run(ctx) }

// close ends the node's legs, flushes its reports and hangs up the
// simulated phones.
func (v *devVoice) close() {
	v.node.Close()
	v.reporter.Close()
	v.sim.Close()
}
