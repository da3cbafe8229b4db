package chatswitch

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/switchboard/switchboard/internal/inbox"
	"github.com/switchboard/switchboard/internal/webhook"
)

// ErrBadLink covers a back-to-the-web link that is malformed, forged, for
// another channel, expired, or whose switch was replaced.
var ErrBadLink = errors.New("this link has expired or is not valid")

// A link token is an inbox channel token (inbox.SignChannelToken) of the
// switch id and the visitor id, signed with the web chat channel's
// visitor_key like visitor tokens, under a different label so that one can
// never pass for the other.
const (
	linkLabel = "switchboard chat switch link v1\x00"
	// ResumeParam is the query parameter of a link that the widget reads.
	ResumeParam = "sbresume"
)

func signLink(key []byte, switchID, visitorID uuid.UUID, exp time.Time) string {
	return inbox.SignChannelToken(key, linkLabel, switchID, visitorID, exp)
}

// parseLink verifies a link token with the channel's key at now.
func parseLink(key []byte, token string, now time.Time) (switchID, visitorID uuid.UUID, err error) {
	switchID, visitorID, exp, ok := inbox.OpenChannelToken(key, linkLabel, token)
	if !ok || exp > uint64(now.Add(365*24*time.Hour).Unix()) || !now.Before(time.Unix(int64(exp), 0)) { //nolint:gosec // G115: bounded
		return uuid.Nil, uuid.Nil, ErrBadLink
	}
	return switchID, visitorID, nil
}

// link makes the signed URL that brings the contact back to web chat: the
// contact's own visitor when they have one (the same browser history), else a
// new visitor of the tenant's web chat channel tied to the contact. The
// switch's to-channel becomes that visitor's channel.
func (s *Service) link(ctx context.Context, tx pgx.Tx, switchID, contactID, webChannel uuid.UUID) (string, uuid.UUID, error) {
	var visitorID uuid.UUID
	err := tx.QueryRow(ctx, `SELECT id, channel_id FROM webchat_visitors WHERE contact_id = $1`, contactID).Scan(&visitorID, &webChannel)
	if errors.Is(err, pgx.ErrNoRows) {
		visitorID = uuid.New()
		_, err = tx.Exec(ctx, `INSERT INTO webchat_visitors (id, tenant_id, channel_id, contact_id)
			VALUES ($1, current_setting('app.tenant_id')::uuid, $2, $3)`, visitorID, webChannel, contactID)
	}
	if err != nil {
		return "", uuid.Nil, fmt.Errorf("find the contact's web visitor: %w", err)
	}
	var key []byte
	var publicKey string
	if err := tx.QueryRow(ctx, `UPDATE chat_switches SET to_channel_id = $2 WHERE id = $1
		RETURNING (SELECT visitor_key FROM channels WHERE id = $2), (SELECT public_key FROM channels WHERE id = $2)`,
		switchID, webChannel).Scan(&key, &publicKey); err != nil {
		return "", uuid.Nil, err
	}
	token := signLink(key, switchID, visitorID, s.now().Add(s.linkTTL()))
	return strings.TrimRight(s.PublicURL, "/") + "/webchat/" + publicKey + "/continue?" + ResumeParam + "=" + url.QueryEscape(token), webChannel, nil
}

// Resume redeems a back-to-the-web link on the web chat channel it names
// (the tenant on ctx, the channel's visitor key): the switch becomes active
// (the conversation is on web chat again) and the link's visitor is
// returned, for the widget to continue as. Opening the link again while the
// switch is active is fine; once it was replaced, the link is dead.
func (s *Service) Resume(ctx context.Context, channelID uuid.UUID, visitorKey []byte, token string) (uuid.UUID, error) {
	switchID, visitorID, err := parseLink(visitorKey, token, s.now())
	if err != nil {
		return uuid.Nil, err
	}
	activated := false
	err = s.DB.InTenantTx(ctx, func(tx pgx.Tx) error {
		var convID uuid.UUID
		err := tx.QueryRow(ctx, `SELECT sw.conversation_id FROM chat_switches sw JOIN webchat_visitors v ON v.id = $3 AND v.channel_id = $2
			WHERE sw.id = $1 AND sw.to_channel_id = $2`, switchID, channelID, visitorID).Scan(&convID)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrBadLink
		}
		if err != nil {
			return err
		}
		c, err := lockConversation(ctx, tx, convID)
		if err != nil {
			return err
		}
		sw, err := scanSwitch(tx.QueryRow(ctx, `SELECT `+switchColumns+` FROM chat_switches WHERE id = $1 FOR UPDATE`, switchID))
		if err != nil {
			return err
		}
		switch sw.State {
		case StateActive:
			return nil
		case StatePending:
		default:
			return ErrBadLink
		}
		if err := s.activateTx(ctx, tx, c, &sw, s.now()); err != nil {
			return err
		}
		activated = true
		return s.announce(ctx, tx, sw, webhook.EventChatSwitchActivated)
	})
	if err != nil {
		return uuid.Nil, err
	}
	if activated {
		s.wake()
	}
	return visitorID, nil
}
