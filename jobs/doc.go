// Package jobs runs Switchboard's background work on River: the client, its
// queues, and the middleware that gives each job its tenant back.
//
// The River client starts with a context that carries no tenant, so no job can
// inherit one by accident. [TenantMiddleware] reads "tenant_id" from a job's
// encoded args and scopes the worker's context with tenants.ForJob; a job
// without one is cancelled rather than run unscoped. Domain packages enqueue
// jobs with InsertTx in the same transaction as the change that caused them, so
// a rolled-back change leaves no job and a committed one always has its job.
// Job args live in the leaf package jobs/jobargs.
package jobs
