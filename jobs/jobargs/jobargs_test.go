package jobargs_test

import (
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/jobs/jobargs"
)

// tenantedArgs is every args type: the tenant middleware reads "tenant_id"
// from the encoded args, so each must put Tenant() there under that name.
type tenantedArgs interface {
	jobargs.Tenanted
	Kind() string
}

func TestArgsEncodeTheirTenant(t *testing.T) {
	t.Parallel()
	tenant := uuid.New()
	all := []tenantedArgs{
		jobargs.EmailSend{TenantID: tenant, EmailID: uuid.New()},
		jobargs.MessageSend{TenantID: tenant, MessageID: uuid.New()},
		jobargs.WebhookDeliver{TenantID: tenant, DeliveryID: uuid.New()},
		jobargs.CallMediaEvent{TenantID: tenant, CallID: uuid.New(), LegID: uuid.New(), Event: jobargs.MediaLegAnswered},
		jobargs.CallLegDial{TenantID: tenant, CallID: uuid.New(), LegID: uuid.New()},
		jobargs.CallLegHangup{TenantID: tenant, CallID: uuid.New(), LegID: uuid.New()},
		jobargs.CallLegAnnounce{TenantID: tenant, CallID: uuid.New(), LegID: uuid.New(), Say: "The customer is busy."},
		jobargs.CallCallbackDeliver{TenantID: tenant, CallbackID: uuid.New()},
		jobargs.CallLegTimeout{TenantID: tenant, CallID: uuid.New(), LegID: uuid.New()},
	}
	kinds := map[string]bool{}
	for _, args := range all {
		require.NotEmpty(t, args.Kind())
		require.False(t, kinds[args.Kind()], "kind %q is used twice", args.Kind())
		kinds[args.Kind()] = true

		raw, err := json.Marshal(args)
		require.NoError(t, err)
		var decoded struct {
			TenantID uuid.UUID `json:"tenant_id"`
		}
		require.NoError(t, json.Unmarshal(raw, &decoded))
		require.Equal(t, args.Tenant(), decoded.TenantID, "%s: tenant_id", args.Kind())
		require.Equal(t, tenant, decoded.TenantID, "%s: tenant_id", args.Kind())
	}
}

func TestKindsAreStable(t *testing.T) {
	t.Parallel()
	// Queued jobs are found by kind: renaming one orphans them.
	require.Equal(t, "email_send", jobargs.EmailSend{}.Kind())
	require.Equal(t, "message_send", jobargs.MessageSend{}.Kind())
	require.Equal(t, "webhook_deliver", jobargs.WebhookDeliver{}.Kind())
}
