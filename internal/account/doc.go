// Package account is identity with storage: sign-up, log-in, sessions with
// rotating refresh tokens, switching tenants, invitations by e-mail, API keys,
// and the tenant's audit trail.
//
// The pure parts (roles, access tokens, secrets, password hashing, the actor on
// the context) live in package tenants; this package persists them. Anything
// that must happen before the tenant is known (log-in by e-mail, a refresh token
// or invitation token or API key naming its tenant) goes through the narrow
// SECURITY DEFINER functions of the first migration, which return only the key
// needed to open the tenant's scope; everything after that runs in
// db.InTenantTx, where PostgreSQL's row-level security does the isolating.
//
// Every change writes an audit event and a live event in its own transaction,
// so the console's activity feed updates on every node.
package account
