// Command switchboard is the one Switchboard binary: `dev` runs everything on
// an embedded PostgreSQL, `serve` runs the API and the workers, `migrate`
// brings the schema up to date, `version` prints the build.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/internal/telemetry"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `switchboard: an omnichannel contact-center backend

Usage:
  switchboard dev      everything in one process on an embedded PostgreSQL (start here)
  switchboard serve    the API, the console and the background workers, against DATABASE_URL
  switchboard migrate  apply the schema migrations (River's and Switchboard's)
  switchboard sim      the simulated phone network (carrier) on its own
  switchboard version  print the version

Run "switchboard <command> -h" for a command's flags; each flag also reads a
SWITCHBOARD_* environment variable, named in its help.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd := args[0]
	switch cmd {
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "switchboard", buildVersion())
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	case "sim":
		return runSimCommand(args[1:], stdout, stderr)
	case "media":
		return runMediaCmd(args[1:], stderr)
	case "dev", "serve", "migrate":
	default:
		fmt.Fprintf(stderr, "switchboard: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	var cfg config
	if code, ok := parseFlags(cmd, args[1:], stderr, func(fs *flag.FlagSet) { cfg.bind(fs, cmd) }, func() error { return cfg.validate(cmd) }); !ok {
		return code
	}
	logger := commandLogger(stderr, cfg.LogLevel, cfg.LogFormat)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch cmd {
	case "dev":
		err = runDev(ctx, &cfg, logger, stdout)
	case "serve":
		err = runServe(ctx, &cfg, logger)
	case "migrate":
		err = db.Migrate(ctx, cfg.MigrateDatabaseURL, db.MigrateOpts{
			Logger:    logger,
			Bootstrap: db.BootstrapOpts{AppPassword: cfg.AppDBPassword, SystemPassword: cfg.SystemDBPassword},
		})
	}
	if err != nil {
		logger.Error("switchboard "+cmd+" failed", slog.Any("error", err))
		return 1
	}
	return 0
}

// parseFlags parses and validates a command's flags, printing every problem
// at once. When it returns false, the command exits with code: 0 after -h,
// 2 after a bad flag or value.
func parseFlags(cmd string, args []string, stderr io.Writer, bind func(*flag.FlagSet), validate func() error) (code int, ok bool) {
	fs := flag.NewFlagSet("switchboard "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	bind(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if err := validate(); err != nil {
		fmt.Fprintf(stderr, "switchboard %s: invalid configuration:\n", cmd)
		for _, e := range unjoin(err) {
			fmt.Fprintf(stderr, "  - %v\n", e)
		}
		return 2, false
	}
	return 0, true
}

// commandLogger is the process's logger, also made the default so that
// libraries logging through slog land in the same stream. The level was
// validated with the flags.
func commandLogger(stderr io.Writer, levelName, format string) *slog.Logger {
	level, _ := (&config{LogLevel: levelName}).logLevel()
	logger := telemetry.NewLogger(stderr, level, format == "text")
	slog.SetDefault(logger)
	return logger
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func buildVersion() string {
	if version != "dev" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return version
}
