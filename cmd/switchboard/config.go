package main

import (
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/switchboard/switchboard/integrations/blob"
	"github.com/switchboard/switchboard/integrations/email"
	"github.com/switchboard/switchboard/tenants"
)

// config is every setting of every subcommand. Precedence: built-in default,
// then the SWITCHBOARD_* environment variable, then the flag.
type config struct {
	Addr               string
	DatabaseURL        string
	SystemDatabaseURL  string
	MigrateDatabaseURL string
	AppDBPassword      string
	SystemDBPassword   string
	PublicURL          string
	JWTSecret          string
	SealingKey         string // hex, 32 bytes: seals tenants' stored credentials
	SealingOldKeys     string // comma-separated hex keys that still open older values
	AccessTokenTTL     time.Duration
	Introspection      bool
	Playground         bool
	RiverUI            bool
	RiverUIPassword    string
	SMTPHost           string
	SMTPPort           int
	SMTPUsername       string
	SMTPPassword       string
	SMTPFrom           string
	SMTPTLS            string
	LogLevel           string
	LogFormat          string
	DataDir            string
	ShutdownTimeout    time.Duration
	WebhookLoopback    bool
	DBMaxConns         int
	// Voice: the secret shared with media nodes, the carrier, where
	// recordings are stored (the directory media nodes write to).
	MediaSecret        string
	VoiceCarrier       string
	VoiceCarrierURL    string
	VoiceCarrierAPIKey string
	CarrierSecret      string
	TwilioAccountSID   string
	TwilioAuthToken    string
	VoiceCallerID      string
	RecordingDir       string
	RecordingS3        string // s3+https://KEY:SECRET@host/bucket/prefix?region=…; recordings go there instead
}

// envOr reads SWITCHBOARD_<name>, falling back to the other names given (the
// conventional DATABASE_URL), then to def.
func envOr(def string, names ...string) string {
	for _, n := range names {
		if v, ok := os.LookupEnv(n); ok {
			return v
		}
	}
	return def
}

// envErrs collects malformed environment values: flag defaults cannot carry
// an error, so they are reported by validate with everything else.
var envErrs []error

func envBool(name string, def bool) bool {
	v, ok := os.LookupEnv(name)
	if !ok {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		envErrs = append(envErrs, fmt.Errorf("%s: %q is not a boolean", name, v))
		return def
	}
	return b
}

func envInt(name string, def int) int {
	v, ok := os.LookupEnv(name)
	if !ok {
		return def
	}
	i, err := strconv.Atoi(v)
	if err != nil {
		envErrs = append(envErrs, fmt.Errorf("%s: %q is not a number", name, v))
		return def
	}
	return i
}

func envDuration(name string, def time.Duration) time.Duration {
	v, ok := os.LookupEnv(name)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		envErrs = append(envErrs, fmt.Errorf("%s: %q is not a duration (e.g. 15m)", name, v))
		return def
	}
	return d
}

// bind declares the flags a subcommand takes. dev gets development defaults.
func (c *config) bind(fs *flag.FlagSet, cmd string) {
	dev := cmd == "dev"
	switch cmd {
	case "dev", "serve":
		fs.StringVar(&c.Addr, "addr", envOr(":8080", "SWITCHBOARD_ADDR"), "listen address [SWITCHBOARD_ADDR]")
		fs.StringVar(&c.PublicURL, "public-url", envOr("", "SWITCHBOARD_PUBLIC_URL"), "the URL users reach the console at, for links in e-mails [SWITCHBOARD_PUBLIC_URL]")
		fs.StringVar(&c.JWTSecret, "jwt-secret", envOr("", "SWITCHBOARD_JWT_SECRET"), "HMAC key for access tokens, at least 32 bytes [SWITCHBOARD_JWT_SECRET]")
		fs.StringVar(&c.SealingKey, "sealing-key", envOr("", "SWITCHBOARD_SEALING_KEY"), "64 hex digits (32 bytes): encrypts channel credentials and webhook secrets at rest [SWITCHBOARD_SEALING_KEY]")
		fs.StringVar(&c.SealingOldKeys, "sealing-old-keys", envOr("", "SWITCHBOARD_SEALING_OLD_KEYS"), "comma-separated earlier sealing keys, to open values sealed before a key change [SWITCHBOARD_SEALING_OLD_KEYS]")
		fs.DurationVar(&c.AccessTokenTTL, "access-token-ttl", envDuration("SWITCHBOARD_ACCESS_TOKEN_TTL", 15*time.Minute), "access token lifetime [SWITCHBOARD_ACCESS_TOKEN_TTL]")
		fs.BoolVar(&c.Introspection, "introspection", envBool("SWITCHBOARD_INTROSPECTION", dev), "allow GraphQL introspection [SWITCHBOARD_INTROSPECTION]")
		fs.BoolVar(&c.Playground, "playground", envBool("SWITCHBOARD_PLAYGROUND", dev), "serve the GraphQL playground at /playground [SWITCHBOARD_PLAYGROUND]")
		fs.BoolVar(&c.RiverUI, "river-ui", envBool("SWITCHBOARD_RIVER_UI", dev), "serve the operators' River UI at /riverui/ (shows every tenant's jobs) [SWITCHBOARD_RIVER_UI]")
		fs.StringVar(&c.RiverUIPassword, "river-ui-password", envOr("", "SWITCHBOARD_RIVER_UI_PASSWORD"), "basic-auth password of user 'operator' for the River UI; required outside dev [SWITCHBOARD_RIVER_UI_PASSWORD]")
		fs.StringVar(&c.SMTPHost, "smtp-host", envOr("", "SWITCHBOARD_SMTP_HOST"), "SMTP server; empty captures e-mail in the outbox instead [SWITCHBOARD_SMTP_HOST]")
		fs.IntVar(&c.SMTPPort, "smtp-port", envInt("SWITCHBOARD_SMTP_PORT", 587), "SMTP port [SWITCHBOARD_SMTP_PORT]")
		fs.StringVar(&c.SMTPUsername, "smtp-username", envOr("", "SWITCHBOARD_SMTP_USERNAME"), "SMTP user [SWITCHBOARD_SMTP_USERNAME]")
		fs.StringVar(&c.SMTPPassword, "smtp-password", envOr("", "SWITCHBOARD_SMTP_PASSWORD"), "SMTP password [SWITCHBOARD_SMTP_PASSWORD]")
		fs.StringVar(&c.SMTPFrom, "smtp-from", envOr("Switchboard <no-reply@switchboard.test>", "SWITCHBOARD_SMTP_FROM"), "From address [SWITCHBOARD_SMTP_FROM]")
		fs.StringVar(&c.SMTPTLS, "smtp-tls", envOr("starttls", "SWITCHBOARD_SMTP_TLS"), "starttls, tls or none [SWITCHBOARD_SMTP_TLS]")
		fs.BoolVar(&c.WebhookLoopback, "webhook-allow-loopback", envBool("SWITCHBOARD_WEBHOOK_ALLOW_LOOPBACK", dev),
			"let tenants' webhook endpoints point at this machine (local testing only) [SWITCHBOARD_WEBHOOK_ALLOW_LOOPBACK]")
		fs.IntVar(&c.DBMaxConns, "db-max-conns", envInt("SWITCHBOARD_DB_MAX_CONNS", 16), "connections in the app role's pool [SWITCHBOARD_DB_MAX_CONNS]")
		fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", envDuration("SWITCHBOARD_SHUTDOWN_TIMEOUT", 15*time.Second), "how long to drain on stop [SWITCHBOARD_SHUTDOWN_TIMEOUT]")
		fs.StringVar(&c.DatabaseURL, "database-url", envOr("", "SWITCHBOARD_DATABASE_URL", "DATABASE_URL"),
			map[bool]string{true: "a superuser URL to use instead of the embedded cluster [DATABASE_URL]", false: "the app role's URL [DATABASE_URL]"}[dev])
		fs.StringVar(&c.MediaSecret, "media-secret", envOr("", "SWITCHBOARD_MEDIA_SECRET"),
			"secret shared with the media nodes, at least 32 bytes; empty turns voice calls off (dev generates one) [SWITCHBOARD_MEDIA_SECRET]")
		fs.StringVar(&c.VoiceCarrier, "voice-carrier", envOr(map[bool]string{true: "sim", false: "ivrbridge"}[dev], "SWITCHBOARD_VOICE_CARRIER"),
			"sim (a `switchboard sim`; dev runs one in process), ivrbridge or twilio [SWITCHBOARD_VOICE_CARRIER]")
		fs.StringVar(&c.VoiceCarrierURL, "voice-carrier-url", envOr("", "SWITCHBOARD_VOICE_CARRIER_URL"), "the carrier API's base URL [SWITCHBOARD_VOICE_CARRIER_URL]")
		fs.StringVar(&c.VoiceCarrierAPIKey, "voice-carrier-api-key", envOr("", "SWITCHBOARD_VOICE_CARRIER_API_KEY"), "the carrier API's bearer key, if it wants one [SWITCHBOARD_VOICE_CARRIER_API_KEY]")
		fs.StringVar(&c.CarrierSecret, "carrier-secret", envOr("", "SWITCHBOARD_CARRIER_SECRET"),
			"verifies the carrier's status callbacks, at least 32 bytes (dev generates one) [SWITCHBOARD_CARRIER_SECRET]")
		fs.StringVar(&c.TwilioAccountSID, "twilio-account-sid", envOr("", "SWITCHBOARD_TWILIO_ACCOUNT_SID"), "Twilio account SID, with --voice-carrier=twilio [SWITCHBOARD_TWILIO_ACCOUNT_SID]")
		fs.StringVar(&c.TwilioAuthToken, "twilio-auth-token", envOr("", "SWITCHBOARD_TWILIO_AUTH_TOKEN"),
			"Twilio auth token (API calls and X-Twilio-Signature), with --voice-carrier=twilio [SWITCHBOARD_TWILIO_AUTH_TOKEN]")
		fs.StringVar(&c.VoiceCallerID, "voice-caller-id", envOr("+15550199", "SWITCHBOARD_VOICE_CALLER_ID"), "the number customers see on click-to-call, E.164 [SWITCHBOARD_VOICE_CALLER_ID]")
		fs.StringVar(&c.RecordingDir, "recording-dir", envOr(map[bool]string{true: "", false: "recordings"}[dev], "SWITCHBOARD_RECORDING_DIR"),
			"the recording store's directory, shared with the media nodes (dev: <data-dir>/recordings) [SWITCHBOARD_RECORDING_DIR]")
		fs.StringVar(&c.RecordingS3, "recording-s3", envOr("", "SWITCHBOARD_RECORDING_S3"),
			"an S3-compatible bucket for recordings instead of --recording-dir, as s3+https://KEY:SECRET@host/bucket[/prefix]?region=REGION; the media nodes need the same [SWITCHBOARD_RECORDING_S3]")
		if !dev {
			fs.StringVar(&c.SystemDatabaseURL, "system-database-url", envOr("", "SWITCHBOARD_SYSTEM_DATABASE_URL"), "the system role's URL [SWITCHBOARD_SYSTEM_DATABASE_URL]")
		}
	case "migrate":
		fs.StringVar(&c.MigrateDatabaseURL, "database-url", envOr("", "SWITCHBOARD_MIGRATE_DATABASE_URL"), "a superuser URL (first run) or a member of switchboard_owner [SWITCHBOARD_MIGRATE_DATABASE_URL]")
		fs.StringVar(&c.AppDBPassword, "app-password", envOr("", "SWITCHBOARD_APP_DB_PASSWORD"), "set the switchboard_app role's password [SWITCHBOARD_APP_DB_PASSWORD]")
		fs.StringVar(&c.SystemDBPassword, "system-password", envOr("", "SWITCHBOARD_SYSTEM_DB_PASSWORD"), "set the switchboard_system role's password [SWITCHBOARD_SYSTEM_DB_PASSWORD]")
	}
	if dev {
		fs.StringVar(&c.DataDir, "data-dir", envOr(".switchboard", "SWITCHBOARD_DATA_DIR"), "where dev keeps its PostgreSQL cluster and secrets [SWITCHBOARD_DATA_DIR]")
	}
	fs.StringVar(&c.LogLevel, "log-level", envOr("info", "SWITCHBOARD_LOG_LEVEL"), "debug, info, warn or error [SWITCHBOARD_LOG_LEVEL]")
	fs.StringVar(&c.LogFormat, "log-format", envOr("json", "SWITCHBOARD_LOG_FORMAT"), "json or text [SWITCHBOARD_LOG_FORMAT]")
}

// validate returns one error per bad value, all at once.
func (c *config) validate(cmd string) error {
	errs := append(append([]error(nil), envErrs...), logFlagErrs(c.LogLevel, c.LogFormat)...)
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	switch cmd {
	case "migrate":
		if c.MigrateDatabaseURL == "" {
			bad("database-url: required (SWITCHBOARD_MIGRATE_DATABASE_URL)")
		}
	case "serve", "dev":
		if cmd == "serve" {
			if c.DatabaseURL == "" {
				bad("database-url: required (DATABASE_URL), the switchboard_app role's connection string")
			}
			if c.SystemDatabaseURL == "" {
				bad("system-database-url: required (SWITCHBOARD_SYSTEM_DATABASE_URL), the switchboard_system role's connection string")
			}
			if len(c.JWTSecret) < 32 {
				bad("jwt-secret: must be at least 32 bytes (SWITCHBOARD_JWT_SECRET); generate one with `openssl rand -hex 32`")
			}
			if c.PublicURL == "" {
				bad("public-url: required (SWITCHBOARD_PUBLIC_URL), e.g. https://switchboard.example.com")
			}
			if c.SealingKey == "" {
				bad("sealing-key: required (SWITCHBOARD_SEALING_KEY); generate one with `openssl rand -hex 32` and keep it: stored credentials cannot be read without it")
			}
			if c.RiverUI && len(c.RiverUIPassword) < 12 {
				bad("river-ui-password: at least 12 characters are required when the River UI is on outside dev")
			}
		}
		if c.SealingKey != "" || c.SealingOldKeys != "" {
			if _, err := c.sealer(); err != nil {
				errs = append(errs, err)
			}
		}
		if c.PublicURL != "" {
			if !isHTTPURL(c.PublicURL) {
				bad("public-url: %q must be an absolute http(s) URL", c.PublicURL)
			}
		}
		if c.AccessTokenTTL < time.Minute || c.AccessTokenTTL > time.Hour {
			bad("access-token-ttl: %s must be between 1m and 1h", c.AccessTokenTTL)
		}
		if c.Addr == "" {
			bad("addr: required")
		}
		if c.DBMaxConns < 2 || c.DBMaxConns > 500 {
			bad("db-max-conns: %d must be between 2 and 500", c.DBMaxConns)
		}
		if cmd == "serve" && c.MediaSecret != "" {
			if len(c.MediaSecret) < 32 {
				bad("media-secret: must be at least 32 bytes (SWITCHBOARD_MEDIA_SECRET), the same as the media nodes'")
			}
			switch c.VoiceCarrier {
			case "sim", "ivrbridge":
				if len(c.CarrierSecret) < 32 {
					bad("carrier-secret: must be at least 32 bytes (SWITCHBOARD_CARRIER_SECRET)")
				}
				if c.VoiceCarrierURL == "" {
					bad("voice-carrier-url: required (SWITCHBOARD_VOICE_CARRIER_URL), the carrier API's base URL")
				}
			case "twilio":
				if c.TwilioAccountSID == "" || c.TwilioAuthToken == "" {
					bad("twilio-account-sid and twilio-auth-token: required with --voice-carrier=twilio")
				}
			default:
				bad("voice-carrier: %q must be sim, ivrbridge or twilio", c.VoiceCarrier)
			}
			if c.VoiceCarrierURL != "" {
				if !isHTTPURL(c.VoiceCarrierURL) {
					bad("voice-carrier-url: %q must be an absolute http(s) URL (SWITCHBOARD_VOICE_CARRIER_URL)", c.VoiceCarrierURL)
				}
			}
			if c.RecordingDir == "" && c.RecordingS3 == "" {
				bad("recording-dir: required with voice calls on (or --recording-s3)")
			}
			if c.RecordingS3 != "" {
				if _, err := blob.ParseS3URL(c.RecordingS3); err != nil {
					bad("recording-s3: %v (SWITCHBOARD_RECORDING_S3)", err)
				}
			}
		}
		if c.SMTPHost != "" {
			if err := c.smtp().Validate(); err != nil {
				bad("smtp: %v", err)
			}
		}
	}
	return errors.Join(errs...)
}

// isHTTPURL reports whether s is an absolute http(s) URL with a host.
func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// logFlagErrs checks the --log-level and --log-format every command takes.
func logFlagErrs(level, format string) []error {
	var errs []error
	if _, err := (&config{LogLevel: level}).logLevel(); err != nil {
		errs = append(errs, err)
	}
	if format != "json" && format != "text" {
		errs = append(errs, fmt.Errorf("log-format: %q must be json or text", format))
	}
	return errs
}

func (c *config) logLevel() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(c.LogLevel))); err != nil {
		return l, fmt.Errorf("log-level: %q must be debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}

func (c *config) smtp() email.SMTPConfig {
	return email.SMTPConfig{Host: c.SMTPHost, Port: c.SMTPPort, Username: c.SMTPUsername, Password: c.SMTPPassword,
		From: c.SMTPFrom, TLS: email.TLSMode(c.SMTPTLS), Timeout: time.Minute}
}

// sealer builds the credential sealer from the sealing keys.
func (c *config) sealer() (*tenants.Sealer, error) {
	current, err := hex.DecodeString(strings.TrimSpace(c.SealingKey))
	if err != nil || len(current) != tenants.SealKeySize {
		return nil, errors.New("sealing-key: must be 64 hex digits (32 bytes, SWITCHBOARD_SEALING_KEY); generate one with `openssl rand -hex 32`")
	}
	var old [][]byte
	for _, k := range strings.Split(c.SealingOldKeys, ",") {
		if k = strings.TrimSpace(k); k == "" {
			continue
		}
		key, err := hex.DecodeString(k)
		if err != nil || len(key) != tenants.SealKeySize {
			return nil, errors.New("sealing-old-keys: each must be 64 hex digits (32 bytes)")
		}
		old = append(old, key)
	}
	return tenants.NewSealer(current, old...)
}

// publicBase is PublicURL without a trailing slash, for building links.
func (c *config) publicBase() string { return strings.TrimRight(c.PublicURL, "/") }
