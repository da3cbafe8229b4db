package inbox

import (
	"sync"
	"time"

	"github.com/google/uuid"
)

// hookChannelTTL is how long a webhook handler trusts a channel it has read.
// Every provider webhook needs its channel's tenant and secrets before it can
// verify anything; reading them costs two queries (the SECURITY DEFINER
// routing lookup, then the row under the tenant's scope), which at
// thousands of webhooks a second is a third of the work. A channel's tenant
// never changes; its credentials may, and a change reaches every node's
// webhooks within this time.
const hookChannelTTL = 10 * time.Second

// hookChannelCacheMax bounds the cache; past it the cache starts over, which
// costs one lookup per channel and keeps memory flat whatever ids arrive.
// Unknown channels are never cached, so a flood of made-up ids cannot fill it.
const hookChannelCacheMax = 4096

type hookChannelEntry struct {
	channel Channel
	tenant  uuid.UUID
	expires time.Time
}

type hookChannelCache struct {
	mu      sync.Mutex
	entries map[uuid.UUID]hookChannelEntry
}

func (c *hookChannelCache) get(id uuid.UUID, now time.Time) (hookChannelEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[id]
	if !ok || now.After(e.expires) {
		return hookChannelEntry{}, false
	}
	return e, true
}

func (c *hookChannelCache) put(tenant uuid.UUID, ch Channel, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= hookChannelCacheMax {
		c.entries = make(map[uuid.UUID]hookChannelEntry)
	}
	c.entries[ch.ID] = hookChannelEntry{channel: ch, tenant: tenant, expires: now.Add(hookChannelTTL)}
}
