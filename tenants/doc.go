// Package tenants decides who is calling and on behalf of which tenant.
//
// It is the only package that puts an [Actor] on a context. Everything downstream
// (the tenant transaction in package db, the GraphQL directives, the River
// middleware) reads the actor back with [FromContext] and fails closed when there
// is none. The few ways in are deliberately narrow and grep-able:
//
//   - [Verifier.Authenticate]: an HTTP request or a WebSocket connection_init
//     carrying an access JWT or an API key.
//   - [ForJob]: a River worker restoring the tenant from its job args.
//   - [ForNewTenant]: sign-up, before the tenant's first row exists.
//   - [ForUser]: a signed-in user acting on their own account before picking a tenant.
//
// The package also owns the pure parts of identity: roles and their order, access
// tokens (golang-jwt with one pinned algorithm, issuer and audience, exp required),
// opaque secrets (refresh tokens, invitation tokens, API keys) that are stored only
// as hashes, and password hashing with argon2id. Persistence lives elsewhere
// (internal/account), behind the small [APIKeyResolver] interface declared here.
package tenants
