package inbox

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/switchboard/switchboard/db"
	"github.com/switchboard/switchboard/internal/live"
	"github.com/switchboard/switchboard/jobs/jobargs"
	"github.com/switchboard/switchboard/tenants"
)

// Live-event topics of this package. Events carry ids only.
const (
	TopicConversation = "conversation"
	TopicMessage      = "message"
)

// Service is the inbox domain.
type Service struct {
	DB        *db.DB
	Jobs      jobargs.Inserter
	Live      live.Waker
	PublicURL string       // the base URL providers call: webhook signatures cover it
	HTTP      *http.Client // for provider APIs; nil uses a client with a 15 s timeout
	Logger    *slog.Logger
	// Sealer seals channel credentials at rest. Nil stores them in plain
	// text: tests only (serve and dev refuse to run without a sealing key).
	Sealer *tenants.Sealer

	hookChannels hookChannelCache
	inbound      inboundWriter
}

func (s *Service) httpClient() *http.Client {
	if s.HTTP != nil {
		return s.HTTP
	}
	return defaultHTTP
}

var defaultHTTP = &http.Client{Timeout: 15e9}

func (s *Service) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

func (s *Service) wake() {
	if s.Live != nil {
		s.Live.Wake()
	}
}

func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}
