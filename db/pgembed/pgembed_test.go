package pgembed

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
)

// requireBinaries skips the test when the machine has no PostgreSQL server
// binaries; any other discovery problem is a failure.
func requireBinaries(t *testing.T) string {
	t.Helper()
	dir, err := FindBinDir()
	if errors.Is(err, ErrNoBinaries) {
		t.Skipf("skipping: no PostgreSQL server binaries on this machine (%v)", err)
	}
	require.NoError(t, err)
	return dir
}

// testDataDir returns a data dir path under t.TempDir(). The per-test parent
// that testing creates is mode 0700; as root the server runs as an
// unprivileged user that must traverse it, so open it up for traversal.
func testDataDir(t *testing.T) string {
	t.Helper()
	tmp := t.TempDir()
	if os.Geteuid() == 0 {
		require.NoError(t, os.Chmod(filepath.Dir(tmp), 0o711))
		require.NoError(t, os.Chmod(tmp, 0o711))
	}
	return filepath.Join(tmp, "pg")
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func startCluster(t *testing.T, opts Options) *Cluster {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	if opts.Logger == nil {
		opts.Logger = testLogger(t)
	}
	c, err := Start(ctx, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Stop(context.Background()) })
	return c
}

func connect(t *testing.T, c *Cluster) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), c.AdminURL())
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

func TestFindBinDir(t *testing.T) {
	t.Parallel()
	dir := requireBinaries(t)
	for _, name := range []string{"initdb", "postgres"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err)
		require.NotZero(t, fi.Mode().Perm()&0o111, "%s is not executable", name)
	}
	v, err := serverMajorVersion(dir)
	require.NoError(t, err)
	require.NotNil(t, parseVersion(v), "version %q", v)
}

func TestHighestVersionDir(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, v := range []string{"9.6", "13", "16"} {
		bin := filepath.Join(root, v, "bin")
		require.NoError(t, os.MkdirAll(bin, 0o755))
		for _, name := range []string{"initdb", "postgres"} {
			require.NoError(t, os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/sh\n"), 0o755))
		}
	}
	// A higher version without the server binaries (client-only install).
	require.NoError(t, os.MkdirAll(filepath.Join(root, "17", "bin"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "not-a-version", "bin"), 0o755))

	require.Equal(t, filepath.Join(root, "16", "bin"), highestVersionDir(root))
	require.Empty(t, highestVersionDir(filepath.Join(root, "missing")))
}

func TestStartStopReusesData(t *testing.T) {
	t.Parallel()
	requireBinaries(t)
	dataDir := testDataDir(t)
	ctx := t.Context()

	// Durable (non-ephemeral) settings: this is how `switchboard dev` runs.
	c := startCluster(t, Options{DataDir: dataDir})
	require.NotZero(t, c.Port())
	require.Equal(t, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.Port()), c.AdminURL())

	conn := connect(t, c)
	var one int
	require.NoError(t, conn.QueryRow(ctx, "select 1").Scan(&one))
	require.Equal(t, 1, one)
	var fsync, listen string
	require.NoError(t, conn.QueryRow(ctx, "select current_setting('fsync'), current_setting('listen_addresses')").Scan(&fsync, &listen))
	require.Equal(t, "on", fsync)
	require.Equal(t, "127.0.0.1", listen)
	_, err := conn.Exec(ctx, "create table calls (id int primary key, note text)")
	require.NoError(t, err)
	_, err = conn.Exec(ctx, "insert into calls values (1, 'hello')")
	require.NoError(t, err)
	require.NoError(t, conn.Close(ctx))

	require.NoError(t, c.Stop(ctx))
	require.NoError(t, c.Stop(ctx), "second Stop must be harmless")
	_, err = os.Stat(filepath.Join(dataDir, "postmaster.pid"))
	require.ErrorIs(t, err, os.ErrNotExist, "clean shutdown removes postmaster.pid")

	c2 := startCluster(t, Options{DataDir: dataDir})
	require.Equal(t, c.Port(), c2.Port(), "the recorded port is reused when free")
	conn2 := connect(t, c2)
	var note string
	require.NoError(t, conn2.QueryRow(ctx, "select note from calls where id = 1").Scan(&note))
	require.Equal(t, "hello", note)
	require.NoError(t, conn2.Close(ctx))
	require.NoError(t, c2.Stop(ctx))
	require.NoError(t, c2.Stop(ctx))
}

func TestEphemeralSettings(t *testing.T) {
	t.Parallel()
	requireBinaries(t)
	// Missing parents are created, and stay reachable for the run-as user
	// (like ./.switchboard/pg on a fresh checkout).
	dataDir := filepath.Join(testDataDir(t), ".switchboard", "pg")
	c := startCluster(t, Options{DataDir: dataDir, Ephemeral: true})
	conn := connect(t, c)
	var fsync, syncCommit, fpw string
	require.NoError(t, conn.QueryRow(t.Context(),
		"select current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes')").
		Scan(&fsync, &syncCommit, &fpw))
	require.Equal(t, []string{"off", "off", "off"}, []string{fsync, syncCommit, fpw})

	if os.Geteuid() == 0 {
		var user string
		require.NoError(t, conn.QueryRow(t.Context(), "select current_user").Scan(&user))
		require.Equal(t, "postgres", user)
		// The server process itself must not be root.
		status, err := os.ReadFile("/proc/" + strconv.Itoa(c.proc.cmd.Process.Pid) + "/status")
		if err == nil {
			require.NotRegexp(t, `(?m)^Uid:\s+0\s`, string(status))
		}
	}
}

func TestExplicitPort(t *testing.T) {
	t.Parallel()
	requireBinaries(t)
	port, err := choosePort(t.TempDir(), slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	c := startCluster(t, Options{DataDir: testDataDir(t), Port: port, Ephemeral: true})
	require.Equal(t, port, c.Port())
	conn := connect(t, c)
	require.NoError(t, conn.Ping(t.Context()))
}

func TestStalePostmasterPid(t *testing.T) {
	t.Parallel()
	requireBinaries(t)
	dataDir := testDataDir(t)
	c := startCluster(t, Options{DataDir: dataDir, Ephemeral: true})
	require.NoError(t, c.Stop(t.Context()))

	// A lock file left by a server that was killed: its pid no longer exists.
	dead := exec.Command(os.Args[0], "-test.run=^$")
	require.NoError(t, dead.Run())
	pid := dead.Process.Pid
	require.False(t, processAlive(pid))
	lock := fmt.Sprintf("%d\n%s\n%d\n%d\n%s\n127.0.0.1\n  1234567     98304\nready   \n",
		pid, dataDir, time.Now().Unix(), c.Port(), socketDirFor(dataDir))
	require.NoError(t, os.WriteFile(filepath.Join(dataDir, "postmaster.pid"), []byte(lock), 0o600))

	c2 := startCluster(t, Options{DataDir: dataDir, Ephemeral: true})
	require.NoError(t, connect(t, c2).Ping(t.Context()))
}

func TestPidReusedByUnrelatedProcess(t *testing.T) {
	t.Parallel()
	requireBinaries(t)
	dataDir := testDataDir(t)
	c := startCluster(t, Options{DataDir: dataDir, Ephemeral: true})
	require.NoError(t, c.Stop(t.Context()))

	// The lock names a live pid that is not a postgres (ours): postgres
	// alone would refuse to start.
	lock := fmt.Sprintf("%d\n%s\n%d\n%d\n", os.Getpid(), dataDir, time.Now().Unix(), c.Port())
	require.NoError(t, os.WriteFile(filepath.Join(dataDir, "postmaster.pid"), []byte(lock), 0o600))

	c2 := startCluster(t, Options{DataDir: dataDir, Ephemeral: true})
	require.NoError(t, connect(t, c2).Ping(t.Context()))
}

func TestRestartAfterKill(t *testing.T) {
	t.Parallel()
	requireBinaries(t)
	dataDir := testDataDir(t)
	c := startCluster(t, Options{DataDir: dataDir})
	conn := connect(t, c)
	_, err := conn.Exec(t.Context(), "create table t (x int); insert into t values (42)")
	require.NoError(t, err)
	require.NoError(t, conn.Close(t.Context()))

	// A backend busy in a loop that never checks for postmaster death keeps
	// the old shared memory attached after the postmaster is gone, so Start
	// must wait for it instead of failing.
	busy := connect(t, c)
	busyDone := make(chan struct{})
	go func() {
		defer close(busyDone)
		_, _ = busy.Exec(context.Background(),
			"do $$ begin while clock_timestamp() < now() + interval '2 seconds' loop end loop; end $$")
	}()
	require.Eventually(t, func() bool {
		var n int
		_ = countActiveDoBlocks(t, c, &n)
		return n > 0
	}, 10*time.Second, 20*time.Millisecond)

	// Simulate a crash of the postmaster: postmaster.pid stays behind.
	c.proc.stopping.Store(true)
	require.NoError(t, c.proc.cmd.Process.Kill())
	<-c.proc.done
	_, err = os.Stat(filepath.Join(dataDir, "postmaster.pid"))
	require.NoError(t, err)
	require.Error(t, c.Stop(t.Context()), "Stop reports that the server had already exited")

	c2 := startCluster(t, Options{DataDir: dataDir})
	<-busyDone
	var x int
	require.NoError(t, connect(t, c2).QueryRow(t.Context(), "select x from t").Scan(&x))
	require.Equal(t, 42, x)
}

// countActiveDoBlocks counts other sessions running a DO block.
func countActiveDoBlocks(t *testing.T, c *Cluster, n *int) error {
	conn, err := pgx.Connect(t.Context(), c.AdminURL())
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	return conn.QueryRow(t.Context(),
		"select count(*) from pg_stat_activity where state = 'active' and query like 'do $$%' and pid <> pg_backend_pid()").Scan(n)
}

func TestAlreadyRunning(t *testing.T) {
	t.Parallel()
	requireBinaries(t)
	dataDir := testDataDir(t)
	c := startCluster(t, Options{DataDir: dataDir, Ephemeral: true})

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err := Start(ctx, Options{DataDir: dataDir, Ephemeral: true})
	t.Logf("error as users see it: %v", err)
	require.ErrorContains(t, err, "already running")
	require.ErrorContains(t, err, strconv.Itoa(c.Port()))

	// The first server is unharmed.
	require.NoError(t, connect(t, c).Ping(t.Context()))
}

func TestUntraversableParentAsRoot(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("only root drops privileges")
	}
	requireBinaries(t)
	// t.TempDir()'s parent is mode 0700 and owned by root.
	tmp := t.TempDir()
	locked := filepath.Dir(tmp)
	require.NoError(t, os.Chmod(locked, 0o700))

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err := Start(ctx, Options{DataDir: filepath.Join(tmp, "pg")})
	t.Logf("error as users see it: %v", err)
	require.Error(t, err)
	require.ErrorContains(t, err, locked)
	require.ErrorContains(t, err, "chmod o+x")
}

func TestStartValidation(t *testing.T) {
	t.Parallel()
	_, err := Start(t.Context(), Options{})
	require.ErrorContains(t, err, "DataDir is required")

	_, err = Start(t.Context(), Options{DataDir: testDataDir(t), BinDir: t.TempDir()})
	require.ErrorContains(t, err, "no initdb and postgres")
}

func TestNotEmptyDataDir(t *testing.T) {
	t.Parallel()
	requireBinaries(t)
	dataDir := testDataDir(t)
	require.NoError(t, os.MkdirAll(dataDir, 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(dataDir, "junk"), nil, 0o600))
	_, err := Start(t.Context(), Options{DataDir: dataDir})
	require.ErrorContains(t, err, "not empty")
}

func TestParseServerVersion(t *testing.T) {
	t.Parallel()
	for out, want := range map[string]string{
		"postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)\n": "15",
		"postgres (PostgreSQL) 17.2\n":                           "17",
		"postgres (PostgreSQL) 16beta1\n":                        "16",
		"postgres (PostgreSQL) 9.6.24\n":                         "9.6",
	} {
		got, err := parseServerVersion(out)
		require.NoError(t, err)
		require.Equal(t, want, got, out)
	}
	_, err := parseServerVersion("nonsense")
	require.Error(t, err)
}

// TestServerStopsWhenParentDies kills (SIGKILL, no Stop) a process that
// started a cluster and expects the server to shut itself down rather than
// linger as an orphan holding the data directory.
func TestServerStopsWhenParentDies(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("relies on the Linux parent-death signal")
	}
	requireBinaries(t)
	dataDir := testDataDir(t)

	helper := exec.Command(os.Args[0], "-test.run=^TestHelperStartAndHang$", "-test.v")
	helper.Env = append(os.Environ(), "PGEMBED_HELPER_DATADIR="+dataDir)
	out, err := helper.StdoutPipe()
	require.NoError(t, err)
	helper.Stderr = helper.Stdout
	require.NoError(t, helper.Start())
	t.Cleanup(func() { _ = helper.Process.Kill(); _ = helper.Wait() })

	// Wait for the helper to report readiness.
	sc := bufio.NewScanner(out)
	ready := false
	for sc.Scan() {
		t.Log("helper: " + sc.Text())
		if strings.HasPrefix(sc.Text(), "READY ") {
			ready = true
			break
		}
	}
	require.True(t, ready, "helper did not start the cluster")
	go func() { _, _ = io.Copy(io.Discard, out) }()

	pidFile := filepath.Join(dataDir, "postmaster.pid")
	_, err = os.Stat(pidFile)
	require.NoError(t, err)

	require.NoError(t, helper.Process.Kill())
	_ = helper.Wait()

	// A fast shutdown removes postmaster.pid on the way out.
	require.Eventually(t, func() bool {
		_, err := os.Stat(pidFile)
		return errors.Is(err, os.ErrNotExist)
	}, 20*time.Second, 50*time.Millisecond, "postgres kept running after its parent died")

	// And the directory is immediately reusable.
	c := startCluster(t, Options{DataDir: dataDir, Ephemeral: true})
	require.NoError(t, connect(t, c).Ping(t.Context()))
}

// TestHelperStartAndHang is the child of TestServerStopsWhenParentDies.
func TestHelperStartAndHang(t *testing.T) {
	dataDir := os.Getenv("PGEMBED_HELPER_DATADIR")
	if dataDir == "" {
		t.Skip("helper process for TestServerStopsWhenParentDies")
	}
	c, err := Start(t.Context(), Options{DataDir: dataDir, Ephemeral: true})
	require.NoError(t, err)
	fmt.Printf("READY %d\n", c.Port())
	select {} // until killed
}
