// Package db owns Switchboard's PostgreSQL: the roles, the schema migrations
// (River's and ours), the connection pools, and the tenant transaction.
//
// Tenancy is enforced by PostgreSQL, not by WHERE clauses. Three roles exist:
//
//   - switchboard_owner (NOLOGIN, BYPASSRLS) owns every table and the narrow
//     SECURITY DEFINER lookups that must run before a tenant is known. Migrations
//     run as it; the server never does.
//   - switchboard_app (LOGIN, no BYPASSRLS, owns nothing) is what the server
//     connects as. Every tenant-owned table forces row-level security with one
//     policy comparing tenant_id with the transaction-local app.tenant_id
//     setting, so a query outside [DB.InTenantTx] sees no rows and cannot
//     write any.
//   - switchboard_system (LOGIN, BYPASSRLS) serves the few cross-tenant jobs, and
//     only through [DB.AsSystem], so every such use can be found with grep.
//
// [DB.InTenantTx] takes the tenant from the context (package tenants puts it
// there), opens a transaction and sets app.tenant_id transaction-locally, so
// nothing leaks through the pool when the connection is reused.
//
// [Migrate] bootstraps the roles (idempotently, as a superuser), then applies
// River's migrations and the embedded files in migrations/ as the owner. The
// per-test database helper lives in db/dbtest; the embedded cluster that
// `switchboard dev` and the test fallback start lives in db/pgembed.
package db
