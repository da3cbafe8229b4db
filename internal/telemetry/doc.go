// Package telemetry is how Switchboard reports on itself: JSON logs through
// log/slog that carry the request id and the tenant of whatever is being done,
// and Prometheus metrics for HTTP, the database pools and River jobs (GraphQL
// operations are counted in package graph, where they are known).
//
// Logs get tenant_id and request_id from the context, so code logs with
// slog's *Context methods and never repeats them by hand.
package telemetry
