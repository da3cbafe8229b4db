// Package graph is Switchboard's GraphQL boundary: the schema (schema/*.graphqls,
// one file per domain), gqlgen's generated executor (generated/, model/), and
// thin resolvers that only translate: actor → authorise (the @hasRole and
// @authenticated directives) → domain call → payload.
//
// [NewHandler] builds the server with handler.New and only the transports we
// mean: POST, GET for queries, and graphql-transport-ws over coder/websocket for
// subscriptions, authenticated in connection_init by the same tenants.Verifier
// as HTTP. It sets complexity, depth, token and body limits, and switches
// introspection off in production. One error presenter decides what a caller
// sees: input errors with their field, "not found" for anything the caller may
// not see (so "not allowed" never confirms that something exists), and a
// generic message for internal errors, which are logged with the request id.
//
// IDs are Relay global IDs (base64 of "Type:uuid"); lists are connections with
// pageInfo and opaque keyset cursors.
package graph
