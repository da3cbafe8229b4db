package inbox

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/sms/smstest"
	"github.com/switchboard/switchboard/tenants"
)

// Channel credentials are sealed at rest: the database holds no token, the
// webhooks still verify with it, and a row stored before sealing still works.
func TestChannelSecretsAreSealedAtRest(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	sealer, err := tenants.NewSealer(bytes.Repeat([]byte{7}, tenants.SealKeySize))
	require.NoError(t, err)
	tb.inbox.Sealer = sealer
	fake := smstest.NewServer(t, "", "")
	ch := tb.smsChannel(t, tb.admin, fake, "+14155550100")

	var stored string
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		return tx.QueryRow(tb.admin, `SELECT secrets::text FROM channels WHERE id = $1`, ch.ID).Scan(&stored)
	}))
	require.NotContains(t, stored, fake.AuthToken)
	require.Contains(t, stored, `"sealed.v1.`)

	got, err := tb.inbox.GetChannel(tb.admin, ch.ID)
	require.NoError(t, err)
	require.Equal(t, fake.AuthToken, got.Secrets.AuthToken)
	resp := fake.Inbound(t, tb.inbox.WebhookURL(ch), tb.inbox.WebhookURL(ch), "+14155550123", ch.Address, "sealed hello")
	require.Equal(t, http.StatusOK, resp.StatusCode, drain(t, resp))
	require.Equal(t, 1, tb.count(t, tb.admin, "messages"))

	// Sealed for one row, it does not open in another.
	other := uuid.New()
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		_, err := tx.Exec(tb.admin, `INSERT INTO channels (id, tenant_id, kind, name, address, config, secrets)
			SELECT $1, tenant_id, kind, 'copy', '+14155550111', config, secrets FROM channels WHERE id = $2`, other, ch.ID)
		return err
	}))
	_, err = tb.inbox.GetChannel(tb.admin, other)
	require.ErrorIs(t, err, tenants.ErrUnsealable)

	// A channel stored in plain text before sealing was configured.
	legacy := uuid.New()
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		_, err := tx.Exec(tb.admin, `INSERT INTO channels (id, tenant_id, kind, name, address, config, secrets)
			VALUES ($1, $2, 'sms', 'legacy', '+14155550122', '{}', '{"auth_token": "plain-token"}')`, legacy, tb.tenant)
		return err
	}))
	got, err = tb.inbox.GetChannel(tb.admin, legacy)
	require.NoError(t, err)
	require.Equal(t, "plain-token", got.Secrets.AuthToken)
}

// At start-up every channel's credentials move under the current key: a
// plain row is sealed, one under a retired key is sealed again, and then the
// retired key can go.
func TestResealSecretsMovesChannelsToTheCurrentKey(t *testing.T) {
	t.Parallel()
	tb := setup(t)
	oldKey, newKey := bytes.Repeat([]byte{7}, tenants.SealKeySize), bytes.Repeat([]byte{8}, tenants.SealKeySize)
	var err error
	tb.inbox.Sealer, err = tenants.NewSealer(oldKey)
	require.NoError(t, err)
	fake := smstest.NewServer(t, "", "")
	underOld := tb.smsChannel(t, tb.admin, fake, "+14155550100")
	legacy := uuid.New()
	require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
		_, err := tx.Exec(tb.admin, `INSERT INTO channels (id, tenant_id, kind, name, address, config, secrets)
			VALUES ($1, $2, 'sms', 'legacy', '+14155550122', '{}', '{"auth_token": "plain-token"}')`, legacy, tb.tenant)
		return err
	}))
	storedSecrets := func(id uuid.UUID) string {
		var s string
		require.NoError(t, tb.db.InTenantTx(tb.admin, func(tx pgx.Tx) error {
			return tx.QueryRow(tb.admin, `SELECT secrets::text FROM channels WHERE id = $1`, id).Scan(&s)
		}))
		return s
	}
	before := storedSecrets(underOld.ID)

	tb.inbox.Sealer, err = tenants.NewSealer(newKey, oldKey)
	require.NoError(t, err)
	n, err := tb.inbox.ResealSecrets(tb.admin)
	require.NoError(t, err)
	require.Equal(t, 2, n)
	require.NotEqual(t, before, storedSecrets(underOld.ID))
	require.NotContains(t, storedSecrets(legacy), "plain-token")
	n, err = tb.inbox.ResealSecrets(tb.admin)
	require.NoError(t, err)
	require.Zero(t, n, "nothing left to move")

	tb.inbox.Sealer, err = tenants.NewSealer(newKey)
	require.NoError(t, err)
	got, err := tb.inbox.GetChannel(tb.admin, underOld.ID)
	require.NoError(t, err, "the retired key is no longer needed")
	require.Equal(t, fake.AuthToken, got.Secrets.AuthToken)
	got, err = tb.inbox.GetChannel(tb.admin, legacy)
	require.NoError(t, err)
	require.Equal(t, "plain-token", got.Secrets.AuthToken)

	// A row whose key was dropped too early is reported and left alone.
	tb.inbox.Sealer, err = tenants.NewSealer(oldKey)
	require.NoError(t, err)
	n, err = tb.inbox.ResealSecrets(tb.admin)
	require.ErrorIs(t, err, tenants.ErrUnsealable)
	require.Zero(t, n)
	tb.inbox.Sealer, err = tenants.NewSealer(newKey)
	require.NoError(t, err)
	_, err = tb.inbox.GetChannel(tb.admin, legacy)
	require.NoError(t, err)
}
