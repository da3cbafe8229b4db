// Package media will be the media node (`switchboard media`): WSS media streams
// from carriers, dial-plan execution, the bot bridge, WebRTC and TURN. It scales
// out on its own and never imports graph or internal: it receives each call's
// instructions from the API as a signed session descriptor and reports what
// happened by enqueuing River jobs (see docs/architecture.md). The dependency
// rules in .golangci.yaml already hold it to that; its code arrives with the
// voice issues.
package media
