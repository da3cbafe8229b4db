package main

import (
	"os"
	"testing"

	"github.com/switchboard/switchboard/db/dbtest"
)

// TestMain doubles as the switchboard binary: with SWITCHBOARD_RUN_MAIN set, the
// test binary runs main's logic instead of tests, so tests can start real
// server processes without a separate build.
func TestMain(m *testing.M) {
	if os.Getenv("SWITCHBOARD_RUN_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	dbtest.Main(m)
}
