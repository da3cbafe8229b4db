package graph

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/switchboard/switchboard/graph/generated"
	"github.com/switchboard/switchboard/tenants"
)

// HandlerConfig configures NewHandler; zero limits take the defaults.
type HandlerConfig struct {
	Resolver      *Resolver
	Verifier      *tenants.Verifier
	Logger        *slog.Logger
	Introspection bool // off in production unless asked for
	Metrics       prometheus.Registerer

	ComplexityLimit int   // default 2000
	DepthLimit      int   // default 12 (introspection fields are not counted)
	TokenLimit      int   // default 5000 parser tokens
	BodyLimit       int64 // default 1 MiB
	// OriginPatterns allows cross-origin WebSocket upgrades from these hosts;
	// same-origin is always allowed.
	OriginPatterns []string
	// CredentialRecheck is how often a subscription connection opened with an
	// API key checks that the key is still live; default 1 minute.
	CredentialRecheck time.Duration
}

// NewHandler returns the GraphQL endpoint for /graphql: POST and GET queries,
// and subscriptions over graphql-transport-ws.
func NewHandler(cfg HandlerConfig) http.Handler {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	gcfg := generated.Config{
		Resolvers:  cfg.Resolver,
		Directives: generated.DirectiveRoot{HasRole: hasRole, Authenticated: authenticated},
	}
	// A connection costs its page size times what each node costs, so that
	// aliasing many large pages is refused before it runs.
	gcfg.Complexity.Query.APIKeys = pageComplexity
	gcfg.Complexity.Query.AuditEvents = pageComplexity
	gcfg.Complexity.Query.EmailOutbox = pageComplexity
	gcfg.Complexity.Query.Invitations = pageComplexity
	gcfg.Complexity.Query.Members = pageComplexity
	schema := generated.NewExecutableSchema(gcfg)
	srv := handler.New(schema)
	srv.AddTransport(transport.Websocket{
		Implementation:        transportWSOnly{inner: transport.CoderWebsocketImplementation{AcceptOptions: websocket.AcceptOptions{OriginPatterns: cfg.OriginPatterns}}},
		InitFunc:              wsInit(cfg.Verifier, cmp.Or(cfg.CredentialRecheck, time.Minute)),
		InitTimeout:           10 * time.Second,
		KeepAlivePingInterval: 15 * time.Second,
		PayloadReadLimit:      ptr(int64(64 << 10)),
	})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetParserTokenLimit(or(cfg.TokenLimit, 5000))
	srv.SetDisableSuggestion(!cfg.Introspection)
	if cfg.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(extension.FixedComplexityLimit(or(cfg.ComplexityLimit, 2000)))
	srv.Use(depthLimit{max: or(cfg.DepthLimit, 12)})
	srv.SetErrorPresenter(presentError(logger))
	srv.SetRecoverFunc(recoverPanic(logger))
	if cfg.Metrics != nil {
		observeOperations(srv, cfg.Metrics)
	}
	bodyLimit := cfg.BodyLimit
	if bodyLimit <= 0 {
		bodyLimit = 1 << 20
	}
	return limitBody(bodyLimit, authenticateHTTP(cfg.Verifier, logger, http.MaxBytesHandler(srv, bodyLimit)))
}

// limitBody answers 413 to a body declared too large before reading any of it;
// MaxBytesHandler still caps bodies that do not declare their length.
func limitBody(limit int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			_, _ = w.Write([]byte(`{"errors":[{"message":"request body too large","extensions":{"code":"BODY_TOO_LARGE"}}]}`))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func pageComplexity(child int, first *int32, _ *string) int {
	n := 50
	if first != nil && *first > 0 {
		n = int(*first)
	}
	return 1 + n*child
}

func ptr[T any](v T) *T { return &v }

func or(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// transportWSOnly offers only graphql-transport-ws: gqlgen would also accept the
// legacy subscriptions-transport-ws protocol, which we do not mean to support.
type transportWSOnly struct {
	inner transport.WebsocketImplementation
}

const graphqlTransportWS = "graphql-transport-ws"

func (t transportWSOnly) Accept(w http.ResponseWriter, r *http.Request, opts transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	opts.Subprotocols = []string{graphqlTransportWS}
	offered := false
	for _, p := range strings.Split(r.Header.Get("Sec-WebSocket-Protocol"), ",") {
		if strings.TrimSpace(p) == graphqlTransportWS {
			offered = true
		}
	}
	if !offered {
		http.Error(w, "unsupported websocket subprotocol: use graphql-transport-ws", http.StatusBadRequest)
		return nil, errors.New("websocket: client did not offer graphql-transport-ws")
	}
	return t.inner.Accept(w, r, opts)
}

// wsInit authenticates connection_init with the same verifier as HTTP. The
// connection then lives only as long as its credential: it is closed when
// the access token expires, or when a recheck finds the API key revoked, and
// the client reconnects with a fresh credential.
func wsInit(v *tenants.Verifier, recheck time.Duration) transport.WebsocketInitFunc {
	return func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		auth := payload.Authorization()
		if auth == "" {
			if s, ok := payload["authToken"].(string); ok {
				auth = s
			}
		}
		authed, err := v.Authenticate(ctx, auth)
		if err != nil {
			// graphql-transport-ws: a refused connection_init closes with 4403 Forbidden.
			ctx = transport.WithWebsocketCloseCode(ctx, 4403)
			return transport.AppendCloseReason(ctx, "Forbidden"), nil, errors.New("unauthenticated")
		}
		actor, _ := tenants.FromContext(authed)
		// gqlgen closes the connection when the context it runs on ends.
		live, end := context.WithCancel(authed)
		go endWithCredential(live, end, v, auth, actor, recheck)
		return live, nil, nil
	}
}

// endWithCredential calls end when the credential expires or is revoked,
// and returns when ctx ends either way.
func endWithCredential(ctx context.Context, end context.CancelFunc, v *tenants.Verifier, auth string, actor tenants.Actor, recheck time.Duration) {
	defer end()
	var expired <-chan time.Time
	if !actor.Expires.IsZero() {
		t := time.NewTimer(time.Until(actor.Expires))
		defer t.Stop()
		expired = t.C
	}
	var rechecks <-chan time.Time
	if actor.Kind == tenants.ActorAPIKey {
		t := time.NewTicker(recheck)
		defer t.Stop()
		rechecks = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-expired:
			return
		case <-rechecks:
			if _, err := v.Authenticate(ctx, auth); errors.Is(err, tenants.ErrUnauthenticated) {
				return
			}
		}
	}
}

// authenticateHTTP puts the caller on the request context. No Authorization
// header means an anonymous caller (sign-up, log-in, refresh); a bad one is
// refused here, so a client learns at once that it must refresh.
func authenticateHTTP(v *tenants.Verifier, logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" || websocketUpgrade(r) {
			next.ServeHTTP(w, r)
			return
		}
		ctx, err := v.Authenticate(r.Context(), header)
		if err != nil {
			logger.InfoContext(r.Context(), "graphql: refused credential", slog.Any("error", err))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"errors":[{"message":"authentication required","extensions":{"code":"UNAUTHENTICATED"}}]}`))
			return
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func websocketUpgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// depthLimit refuses operations nested deeper than max fields.
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string                   { return "DepthLimit" }
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (d depthLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if depth := selectionDepth(oc.Operation.SelectionSet, 0); depth > d.max {
		err := gqlerror.Errorf("operation is nested %d levels deep; the limit is %d", depth, d.max)
		err.Extensions = map[string]any{"code": "DEPTH_LIMIT_EXCEEDED"}
		return err
	}
	return nil
}

func selectionDepth(set ast.SelectionSet, depth int) int {
	deepest := depth
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				continue // introspection is bounded by the schema, and off in production
			}
			d = selectionDepth(s.SelectionSet, depth+1)
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, depth)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				d = selectionDepth(s.Definition.SelectionSet, depth)
			}
		}
		deepest = max(deepest, d)
	}
	return deepest
}

// observeOperations counts operations and their latency by type and outcome.
func observeOperations(srv *handler.Server, reg prometheus.Registerer) {
	ops := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "switchboard_graphql_responses_total",
		Help: "GraphQL responses by operation type and whether they carried errors.",
	}, []string{"operation", "outcome"})
	latency := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "switchboard_graphql_response_seconds",
		Help:    "Time to produce a GraphQL response (each subscription event counts once).",
		Buckets: prometheus.DefBuckets,
	}, []string{"operation"})
	reg.MustRegister(ops, latency)
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		start := time.Now()
		resp := next(ctx)
		op := "unknown"
		if graphql.HasOperationContext(ctx) {
			if oc := graphql.GetOperationContext(ctx); oc.Operation != nil {
				op = string(oc.Operation.Operation)
			}
		}
		outcome := "ok"
		if resp != nil && len(resp.Errors) > 0 {
			outcome = "error"
		}
		ops.WithLabelValues(op, outcome).Inc()
		latency.WithLabelValues(op).Observe(time.Since(start).Seconds())
		return resp
	})
}
