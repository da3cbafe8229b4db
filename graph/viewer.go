package graph

import (
	"context"

	"github.com/google/uuid"

	"github.com/switchboard/switchboard/graph/model"
	"github.com/switchboard/switchboard/internal/account"
	"github.com/switchboard/switchboard/internal/chatswitch"
	"github.com/switchboard/switchboard/internal/inbox"
	"github.com/switchboard/switchboard/tenants"
)

// viewer describes the caller on ctx.
func (r *Resolver) viewer(ctx context.Context) (*model.Viewer, error) {
	a, ok := tenants.FromContext(ctx)
	if !ok || !a.HasTenant() {
		return nil, tenants.ErrUnauthenticated
	}
	t, err := r.Account.GetTenant(ctx, a.TenantID)
	if err != nil {
		return nil, err
	}
	v := &model.Viewer{Tenant: toTenant(t), Role: a.Role, Memberships: []*model.Membership{}}
	if a.UserID == uuid.Nil {
		return v, nil
	}
	u, err := r.Account.GetUser(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	v.User = toUser(u)
	ms, err := r.Account.Memberships(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		v.Memberships = append(v.Memberships, &model.Membership{Tenant: toTenant(m.Tenant), Role: m.Role})
	}
	return v, nil
}

// session builds a Session payload, describing the new session's own viewer
// (the request itself may be anonymous or in another tenant).
func (r *Resolver) session(ctx context.Context, s account.Session) (*model.Session, error) {
	v, err := r.viewer(tenants.ForMember(ctx, s.TenantID, s.UserID, s.Role))
	if err != nil {
		return nil, err
	}
	return toSession(s, v), nil
}

// node fetches any object by global ID in the caller's tenant. Another
// tenant's object is simply not found: row-level security hides it.
func (r *Resolver) node(ctx context.Context, id string) (model.Node, error) {
	typ, uid, err := parseGlobalID(id)
	if err != nil {
		return nil, err
	}
	a, _ := tenants.FromContext(ctx)
	switch typ {
	case typeTenant:
		t, err := r.Account.GetTenant(ctx, uid)
		if err != nil {
			return nil, err
		}
		return toTenant(t), nil
	case typeUser:
		u, err := r.Account.GetUser(ctx, uid)
		if err != nil {
			return nil, err
		}
		return toUser(u), nil
	}
	if !a.Can(tenants.RoleAgent) {
		return nil, errForbidden
	}
	switch typ {
	case typeChannel:
		c, err := r.Inbox.GetChannel(ctx, uid)
		if err != nil {
			return nil, err
		}
		return r.toChannel(c), nil
	case typeChatSwitch:
		byID, err := r.Switches.ByIDs(ctx, []uuid.UUID{uid})
		if err != nil {
			return nil, err
		}
		sw, ok := byID[uid]
		if !ok {
			return nil, chatswitch.ErrNotFound
		}
		list, err := r.toChatSwitches(ctx, []chatswitch.Switch{sw})
		if err != nil {
			return nil, err
		}
		return list[0], nil
	case typeConversation:
		c, err := r.Inbox.GetConversation(ctx, uid)
		if err != nil {
			return nil, err
		}
		return r.toConversation(ctx, c)
	case typeMessage:
		m, err := r.Inbox.GetMessage(ctx, uid)
		if err != nil {
			return nil, err
		}
		authors, err := r.messagesWithAuthors(ctx, []inbox.Message{m})
		if err != nil {
			return nil, err
		}
		return toMessage(m, authors), nil
	}
	if typ == typeCall {
		c, err := r.Calls.Get(ctx, uid)
		if err != nil {
			return nil, err
		}
		return r.toCall(ctx, c)
	}
	// Everything below is an ADMIN's to read, as in the list fields.
	if !a.Can(tenants.RoleAdmin) {
		return nil, errForbidden
	}
	switch typ {
	case typeInvitation:
		inv, err := r.Account.GetInvitation(ctx, uid)
		if err != nil {
			return nil, err
		}
		return toInvitation(inv), nil
	case typeAPIKey:
		k, err := r.Account.GetAPIKey(ctx, uid)
		if err != nil {
			return nil, err
		}
		return toAPIKey(k), nil
	case typeAuditEvent:
		e, err := r.Account.GetAuditEvent(ctx, uid)
		if err != nil {
			return nil, err
		}
		actors, err := r.Account.GetUsers(ctx, e.ActorUser)
		if err != nil {
			return nil, err
		}
		return toAuditEvent(e, actors), nil
	case typeWebhookEndpoint:
		e, err := r.Webhooks.GetEndpoint(ctx, uid)
		if err != nil {
			return nil, err
		}
		return toWebhookEndpoint(e), nil
	case typeWebhookDelivery:
		d, err := r.Webhooks.GetDelivery(ctx, uid)
		if err != nil {
			return nil, err
		}
		return toWebhookDelivery(d), nil
	case typeEmail:
		e, err := r.Outbox.Get(ctx, uid)
		if err != nil {
			return nil, err
		}
		return toEmail(e), nil
	}
	return nil, errBadID
}
