// Package pgembed runs a private PostgreSQL cluster from the PostgreSQL
// binaries already installed on the machine.
//
// Switchboard needs a real PostgreSQL (tenant isolation is row-level
// security, jobs live in River's queue tables), but asking every contributor to
// install, configure and keep a system server running (roles, pg_hba.conf,
// a free port) makes a first `switchboard dev` fragile. Bundling or downloading a server would add a
// supply-chain and platform matrix we do not want, so instead this package
// borrows the machine's own initdb/postgres and keeps everything else private:
// its own data directory, a loopback-only listener on its own port, trust
// authentication (nothing but local processes can reach it) and a unix socket
// in a short directory of its own (socket paths are limited to ~107 bytes, so
// it cannot live under a deep project path).
//
// Two callers use it:
//
//   - `switchboard dev` keeps the cluster in ./.switchboard/pg so data and the
//     port survive restarts;
//   - the test helper falls back to a throwaway cluster (Options.Ephemeral,
//     which trades crash safety for speed) when no PostgreSQL server is
//     reachable, so tests still run on a bare machine.
//
// PostgreSQL refuses to run as root. Containers and CI often do, so when the
// process is root the server is run as the unprivileged "postgres" user (or
// "nobody") and the data directory is handed over to that user. That user
// must be able to traverse every parent of the data directory; Start checks
// this up front because otherwise the failure shows up as an opaque server
// error. Note that t.TempDir() parents are created with mode 0700, so tests
// running as root must make them traversable (e.g. chmod 0711) first.
//
// The package is for development and tests only: it never configures
// passwords, TLS or backups.
package pgembed
