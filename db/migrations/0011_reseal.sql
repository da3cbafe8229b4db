-- Re-sealing stored credentials under the current sealing key (at start-up,
-- so that a retired key can be dropped) reads and rewrites them across
-- tenants. The system role gets exactly the columns that takes, and nothing
-- else of these tables.
GRANT SELECT (id, secrets), UPDATE (secrets) ON channels TO switchboard_system;
GRANT SELECT (id, secret, previous_secret), UPDATE (secret, previous_secret) ON webhook_endpoints TO switchboard_system;
