package db_test

import (
	"testing"

	"github.com/switchboard/switchboard/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }
