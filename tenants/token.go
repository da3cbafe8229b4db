package tenants

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// ErrUnauthenticated is the one error callers see for any bad credential: which
// check failed is logged, never shown.
var ErrUnauthenticated = errors.New("unauthenticated")

// signingMethod is pinned: a token naming any other algorithm (none, RS256 with
// our secret as a public key, ...) is refused by the parser before its signature
// is even looked at.
var signingMethod = jwt.SigningMethodHS256

// TokenConfig configures access tokens.
type TokenConfig struct {
	Secret   []byte        // at least 32 bytes
	Issuer   string        // e.g. "switchboard"
	Audience string        // e.g. "switchboard-api"
	TTL      time.Duration // access token lifetime; short (minutes)
}

// Validate reports the first bad field.
func (c TokenConfig) Validate() error {
	switch {
	case len(c.Secret) < 32:
		return fmt.Errorf("jwt secret: must be at least 32 bytes, got %d", len(c.Secret))
	case c.Issuer == "":
		return errors.New("jwt issuer: must be set")
	case c.Audience == "":
		return errors.New("jwt audience: must be set")
	case c.TTL <= 0 || c.TTL > time.Hour:
		return fmt.Errorf("jwt ttl: must be between 1s and 1h, got %s", c.TTL)
	}
	return nil
}

type accessClaims struct {
	TenantID string `json:"tid"`
	Role     Role   `json:"role"`
	jwt.RegisteredClaims
}

// Tokens issues and verifies access tokens.
type Tokens struct {
	cfg    TokenConfig
	parser *jwt.Parser
	now    func() time.Time
}

// NewTokens validates cfg and returns a token issuer and verifier.
func NewTokens(cfg TokenConfig) (*Tokens, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	t := &Tokens{cfg: cfg, now: time.Now}
	t.parser = jwt.NewParser(
		jwt.WithValidMethods([]string{signingMethod.Alg()}),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(5*time.Second),
		jwt.WithTimeFunc(func() time.Time { return t.now() }),
	)
	return t, nil
}

// TTL is the lifetime of the tokens this issues.
func (t *Tokens) TTL() time.Duration { return t.cfg.TTL }

// Issue signs an access token for a member of a tenant.
func (t *Tokens) Issue(userID, tenantID uuid.UUID, role Role) (string, time.Time, error) {
	now := t.now()
	exp := now.Add(t.cfg.TTL)
	claims := accessClaims{
		TenantID: tenantID.String(),
		Role:     role,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    t.cfg.Issuer,
			Subject:   userID.String(),
			Audience:  jwt.ClaimStrings{t.cfg.Audience},
			ExpiresAt: jwt.NewNumericDate(exp),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        uuid.NewString(),
		},
	}
	signed, err := jwt.NewWithClaims(signingMethod, claims).SignedString(t.cfg.Secret)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("sign access token: %w", err)
	}
	return signed, exp, nil
}

// Verify checks an access token and returns the actor it names.
func (t *Tokens) Verify(raw string) (Actor, error) {
	var claims accessClaims
	_, err := t.parser.ParseWithClaims(raw, &claims, func(*jwt.Token) (any, error) { return t.cfg.Secret, nil })
	if err != nil {
		return Actor{}, fmt.Errorf("%w: %w", ErrUnauthenticated, err)
	}
	userID, err := uuid.Parse(claims.Subject)
	if err != nil {
		return Actor{}, fmt.Errorf("%w: bad subject", ErrUnauthenticated)
	}
	tenantID, err := uuid.Parse(claims.TenantID)
	if err != nil || tenantID == uuid.Nil {
		return Actor{}, fmt.Errorf("%w: bad tenant", ErrUnauthenticated)
	}
	if !claims.Role.Valid() {
		return Actor{}, fmt.Errorf("%w: bad role", ErrUnauthenticated)
	}
	actor := Actor{Kind: ActorUser, TenantID: tenantID, UserID: userID, Role: claims.Role}
	if claims.ExpiresAt != nil {
		actor.Expires = claims.ExpiresAt.Time
	}
	return actor, nil
}
