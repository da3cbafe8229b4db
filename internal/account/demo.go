package account

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/tenants"
)

// DemoUser is a credential `switchboard dev` prints.
type DemoUser struct {
	Email, Password string
	Role            tenants.Role
}

// Demo accounts of `switchboard dev`. Fixed so that docs and e2e tests can use them.
var (
	DemoTenantName = "Demo Co"
	DemoOwner      = DemoUser{Email: "owner@demo.switchboard.test", Password: "demo-owner-password", Role: tenants.RoleOwner}
	DemoAgents     = []DemoUser{
		{Email: "agent1@demo.switchboard.test", Password: "demo-agent-password", Role: tenants.RoleAgent},
		{Email: "agent2@demo.switchboard.test", Password: "demo-agent-password", Role: tenants.RoleAgent},
	}
)

// EnsureDemo creates the demo tenant, its owner and two agents unless the owner
// exists already (a second `switchboard dev` reuses its data).
func (s *Service) EnsureDemo(ctx context.Context) (uuid.UUID, error) {
	sess, err := s.LogIn(ctx, LogInParams{Email: DemoOwner.Email, Password: DemoOwner.Password})
	if err == nil {
		return sess.TenantID, nil
	}
	if !errors.Is(err, ErrInvalidCredentials) {
		return uuid.Nil, err
	}
	sess, err = s.SignUp(ctx, SignUpParams{TenantName: DemoTenantName, Name: "Demo Owner", Email: DemoOwner.Email, Password: DemoOwner.Password})
	if err != nil {
		return uuid.Nil, fmt.Errorf("create demo tenant: %w", err)
	}
	for i, agent := range DemoAgents {
		hash, err := tenants.HashPassword(agent.Password)
		if err != nil {
			return uuid.Nil, err
		}
		userID := uuid.New()
		member := tenants.ForMember(ctx, sess.TenantID, userID, agent.Role)
		err = s.inTx(member, func(tx pgx.Tx) error {
			if _, err := tx.Exec(member, `INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)`,
				userID, agent.Email, fmt.Sprintf("Demo Agent %d", i+1), hash); err != nil {
				return err
			}
			if _, err := tx.Exec(member, `INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)`,
				sess.TenantID, userID, agent.Role); err != nil {
				return err
			}
			return audit(member, tx, "member.joined", userID, agent.Email+" joined as "+string(agent.Role))
		})
		if err != nil {
			return uuid.Nil, fmt.Errorf("create demo agent: %w", err)
		}
	}
	return sess.TenantID, nil
}
