package sim_test

import (
	"testing"

	"go.uber.org/goleak"
)

// Every call, stream reader and callback sender ends with Server.Close.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
