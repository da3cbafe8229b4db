package pgembed

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// Superuser is the role initdb creates; AdminURL connects as it.
const Superuser = "postgres"

const (
	readyTimeout = 30 * time.Second
	stopTimeout  = 30 * time.Second

	// Files pgembed keeps in the data directory next to PostgreSQL's own;
	// the server ignores unknown files there.
	portFileName = "pgembed.port"
	logFileName  = "pgembed.log"
)

// Options configures Start.
type Options struct {
	// DataDir holds the cluster. Required. It is created (and initdb'd) if
	// missing; an existing initialised cluster is reused.
	DataDir string
	// Port on 127.0.0.1. 0 reuses the port of the previous start of DataDir
	// if it is still free, else picks a free one.
	Port int
	// Logger receives pgembed's own progress messages; nil discards them.
	// The server's log goes to <DataDir>/pgembed.log.
	Logger *slog.Logger
	// BinDir holds initdb and postgres; empty means FindBinDir (or, for an
	// existing cluster, the Debian directory of the version that created it).
	BinDir string
	// Ephemeral turns off fsync, synchronous_commit and full_page_writes:
	// much faster, but a crash of the machine can corrupt the cluster. Only
	// for throwaway clusters (tests).
	Ephemeral bool
}

// Cluster is a running postgres started by Start.
type Cluster struct {
	dataDir   string
	binDir    string
	socketDir string
	logPath   string
	port      int
	log       *slog.Logger

	proc *serverProc

	stopMu  sync.Mutex
	stopped bool
	stopErr error
}

// serverProc is one postgres process; each start attempt gets its own.
type serverProc struct {
	cmd      *exec.Cmd
	done     chan struct{} // closed when the process has exited
	waitErr  error         // cmd.Wait's result; read only after done
	ready    atomic.Bool   // startup finished; an exit from now on is news
	stopping atomic.Bool   // exit is expected; don't report it
}

// AdminURL is a superuser connection URL for the cluster's "postgres"
// database.
func (c *Cluster) AdminURL() string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/postgres?sslmode=disable", Superuser, c.port)
}

// Port is the TCP port the server listens on (127.0.0.1 only).
func (c *Cluster) Port() int { return c.port }

// DataDir is the absolute data directory.
func (c *Cluster) DataDir() string { return c.dataDir }

// LogPath is the file the server writes its log to.
func (c *Cluster) LogPath() string { return c.logPath }

// Start initialises DataDir if needed, starts postgres on it and returns once
// the server accepts connections (at most ~30s, or until ctx ends).
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	if runtime.GOOS == "windows" {
		return nil, fmt.Errorf("pgembed: %w on windows", errors.ErrUnsupported)
	}
	if opts.DataDir == "" {
		return nil, errors.New("pgembed: Options.DataDir is required")
	}
	dataDir, err := filepath.Abs(opts.DataDir)
	if err != nil {
		return nil, fmt.Errorf("pgembed: data dir: %w", err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With(slog.String("component", "pgembed"), slog.String("data_dir", dataDir))

	ra, err := lookupRunAs()
	if err != nil {
		return nil, err
	}

	pgVersion := readPGVersion(dataDir)
	binDir, err := chooseBinDir(opts.BinDir, pgVersion)
	if err != nil {
		return nil, err
	}
	if pgVersion != "" {
		if err := checkVersion(dataDir, binDir, pgVersion); err != nil {
			return nil, err
		}
	}

	// Refuse a live server on this data dir before touching anything it
	// owns, and clear a dead one's leftovers.
	socketDir := socketDirFor(dataDir)
	if err := checkPostmasterPid(dataDir, socketDir, log); err != nil {
		return nil, err
	}
	if err := prepareDataDir(dataDir, pgVersion != "", ra); err != nil {
		return nil, err
	}
	if err := prepareSocketDir(socketDir, ra); err != nil {
		return nil, err
	}
	started := false
	defer func() {
		if !started {
			_ = os.Remove(socketDir) // only if empty
		}
	}()

	if pgVersion == "" {
		if err := initdb(ctx, dataDir, binDir, ra, opts.Ephemeral, log); err != nil {
			return nil, err
		}
	}

	c := &Cluster{
		dataDir:   dataDir,
		binDir:    binDir,
		socketDir: socketDir,
		logPath:   filepath.Join(dataDir, logFileName),
		log:       log,
	}

	port := opts.Port
	if port == 0 {
		if port, err = choosePort(dataDir, log); err != nil {
			return nil, err
		}
	}
	portRetries := 0
	oldServerDeadline := time.Now().Add(oldServerWait)
	for {
		err = c.start(ctx, port, ra, opts.Ephemeral)
		if err == nil {
			break
		}
		switch {
		case errors.Is(err, errPortInUse) && opts.Port == 0 && portRetries < 3:
			// An auto-picked port can be taken between the check and
			// the bind.
			portRetries++
			log.Warn("port taken while starting, retrying with another", slog.Int("port", port))
			if port, err = choosePort(dataDir, log); err != nil {
				return nil, err
			}
		case errors.Is(err, errOldServerExiting) && time.Now().Before(oldServerDeadline):
			// The previous postmaster was killed and its children are
			// still detaching from shared memory; they exit as soon as
			// they notice.
			log.Info("waiting for processes of a killed previous server to exit")
			select {
			case <-ctx.Done():
				return nil, err
			case <-time.After(200 * time.Millisecond):
			}
		default:
			return nil, err
		}
	}

	started = true
	if err := os.WriteFile(filepath.Join(dataDir, portFileName), []byte(strconv.Itoa(c.port)+"\n"), 0o644); err != nil {
		log.Warn("cannot record port for the next start", slog.Any("error", err))
	}
	return c, nil
}

var (
	errPortInUse        = errors.New("port already in use")
	errOldServerExiting = errors.New("processes of a previous server on this data directory are still running")
)

// oldServerWait bounds how long Start waits for the orphaned children of a
// killed postmaster to let go of the data directory.
const oldServerWait = 15 * time.Second

// start runs postgres on port and waits until it accepts connections.
func (c *Cluster) start(ctx context.Context, port int, ra *runAs, ephemeral bool) error {
	logFile, err := os.OpenFile(c.logPath, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("pgembed: server log: %w", err)
	}
	defer logFile.Close() // the child keeps its own descriptor

	args := []string{
		"-D", c.dataDir,
		"-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories=" + c.socketDir,
	}
	if ephemeral {
		args = append(args,
			"-c", "fsync=off",
			"-c", "synchronous_commit=off",
			"-c", "full_page_writes=off",
		)
	}
	cmd := exec.Command(filepath.Join(c.binDir, "postgres"), args...)
	cmd.Dir = c.dataDir
	cmd.Env = serverEnv()
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = procAttr(ra)

	c.log.Info("starting postgres", slog.Int("port", port), slog.String("bin_dir", c.binDir), slog.String("run_as", ra.String()), slog.Bool("ephemeral", ephemeral))
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("pgembed: start %s: %w", cmd.Path, err)
	}
	p := &serverProc{cmd: cmd, done: make(chan struct{})}
	c.proc, c.port = p, port
	go func() {
		p.waitErr = cmd.Wait()
		close(p.done)
		if p.ready.Load() && !p.stopping.Load() {
			c.log.Error("postgres exited unexpectedly", slog.Any("error", p.waitErr), slog.String("log", c.logPath))
		}
	}()

	if err := c.waitReady(ctx, p); err != nil {
		p.stopping.Store(true)
		_ = cmd.Process.Kill()
		<-p.done
		tail := logTail(c.logPath)
		switch {
		case strings.Contains(tail, "Address already in use"):
			err = fmt.Errorf("%w: %w", errPortInUse, err)
		case strings.Contains(tail, "pre-existing shared memory block") && strings.Contains(tail, "is still in use"):
			err = fmt.Errorf("%w: %w", errOldServerExiting, err)
		}
		return fmt.Errorf("pgembed: postgres on port %d did not become ready: %w\n--- %s (tail) ---\n%s", port, err, c.logPath, tail)
	}
	p.ready.Store(true)
	c.log.Info("postgres ready", slog.Int("port", port), slog.Int("pid", cmd.Process.Pid), slog.Duration("took", time.Since(began).Round(time.Millisecond)))
	return nil
}

// waitReady polls with real connections: only a completed startup
// handshake proves the server is past recovery and accepting clients.
func (c *Cluster) waitReady(ctx context.Context, p *serverProc) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	var lastErr error
	for {
		select {
		case <-p.done:
			return fmt.Errorf("server exited: %w", p.waitErr)
		default:
		}
		cfg, err := pgx.ParseConfig(c.AdminURL())
		if err != nil {
			return err
		}
		cfg.ConnectTimeout = 2 * time.Second
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err == nil {
			err = conn.Ping(ctx)
			_ = conn.Close(context.WithoutCancel(ctx))
			if err == nil {
				return nil
			}
		}
		lastErr = err
		select {
		case <-p.done:
			return fmt.Errorf("server exited: %w", p.waitErr)
		case <-ctx.Done():
			return fmt.Errorf("%w (last connection error: %w)", ctx.Err(), lastErr)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Stop asks postgres for a fast shutdown (SIGINT: roll back open
// transactions, checkpoint, exit) and waits for it to exit. If ctx ends or
// 30s pass first the server is killed, which is safe but costs crash
// recovery on the next start — so pass a context that is not already
// cancelled (context.WithoutCancel) on shutdown paths. Calling Stop again
// returns the first call's result.
func (c *Cluster) Stop(ctx context.Context) error {
	c.stopMu.Lock()
	defer c.stopMu.Unlock()
	if c.stopped {
		return c.stopErr
	}
	c.stopped = true
	c.stopErr = c.stop(ctx)
	_ = os.Remove(c.socketDir) // only if empty: the server removes its socket files
	return c.stopErr
}

func (c *Cluster) stop(ctx context.Context) error {
	p := c.proc
	p.stopping.Store(true)
	select {
	case <-p.done:
		return fmt.Errorf("pgembed: postgres had already exited: %w (see %s)", p.waitErr, c.logPath)
	default:
	}
	c.log.Info("stopping postgres", slog.Int("pid", p.cmd.Process.Pid))
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("pgembed: signal postgres: %w", err)
	}
	timer := time.NewTimer(stopTimeout)
	defer timer.Stop()
	var why string
	select {
	case <-p.done:
		if p.waitErr != nil {
			return fmt.Errorf("pgembed: postgres exited with %w (see %s)", p.waitErr, c.logPath)
		}
		c.log.Info("postgres stopped")
		return nil
	case <-ctx.Done():
		why = ctx.Err().Error()
	case <-timer.C:
		why = "timed out after " + stopTimeout.String()
	}
	c.log.Warn("postgres did not stop in time, killing it", slog.String("why", why))
	_ = p.cmd.Process.Kill()
	<-p.done
	return fmt.Errorf("pgembed: postgres did not shut down (%s) and was killed", why)
}

// runAs is the unprivileged account the server runs under when this
// process is root; nil means "as ourselves".
type runAs struct {
	name      string
	uid, gid  uint32
	extraGids []uint32
}

func (ra *runAs) String() string {
	if ra == nil {
		return "self"
	}
	return ra.name
}

// lookupRunAs picks the account for the server: initdb and postgres both
// refuse to run as root.
func lookupRunAs() (*runAs, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	var lookupErrs []string
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			lookupErrs = append(lookupErrs, err.Error())
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil || uid == 0 {
			lookupErrs = append(lookupErrs, fmt.Sprintf("user %s has unusable uid/gid %s/%s", name, u.Uid, u.Gid))
			continue
		}
		ra := &runAs{name: name, uid: uint32(uid), gid: uint32(gid)}
		if ids, err := u.GroupIds(); err == nil {
			for _, id := range ids {
				if g, err := strconv.ParseUint(id, 10, 32); err == nil && uint32(g) != ra.gid {
					ra.extraGids = append(ra.extraGids, uint32(g))
				}
			}
		}
		return ra, nil
	}
	return nil, fmt.Errorf("pgembed: running as root, and PostgreSQL refuses to; no unprivileged user to run it as (%s): create one with `useradd --system postgres`",
		strings.Join(lookupErrs, "; "))
}

func chooseBinDir(override, pgVersion string) (string, error) {
	if override != "" {
		if !hasServerBinaries(override) {
			return "", fmt.Errorf("pgembed: Options.BinDir %s has no initdb and postgres executables", override)
		}
		return override, nil
	}
	if pgVersion != "" {
		if dir := binDirForVersion(pgVersion); dir != "" {
			return dir, nil
		}
	}
	return FindBinDir()
}

func readPGVersion(dataDir string) string {
	b, err := os.ReadFile(filepath.Join(dataDir, "PG_VERSION"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

func checkVersion(dataDir, binDir, pgVersion string) error {
	have, err := serverMajorVersion(binDir)
	if err != nil {
		return err
	}
	if have != pgVersion {
		return fmt.Errorf("pgembed: %s was created by PostgreSQL %s but %s holds PostgreSQL %s; install PostgreSQL %s (`apt-get install postgresql-%s`), set Options.BinDir, or delete the directory to start over",
			dataDir, pgVersion, binDir, have, pgVersion, pgVersion)
	}
	return nil
}

// prepareDataDir creates dataDir and hands it to ra. The ownership is
// reapplied on every start because the run-as user can change between runs
// (e.g. the postgres user appears after the cluster was created as nobody).
func prepareDataDir(dataDir string, initialised bool, ra *runAs) error {
	// Parents we create must stay traversable for the run-as user; only
	// the data directory itself is private.
	if err := os.MkdirAll(filepath.Dir(dataDir), 0o755); err != nil {
		return fmt.Errorf("pgembed: create data dir: %w", err)
	}
	if err := os.Mkdir(dataDir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("pgembed: create data dir: %w", err)
	}
	if !initialised {
		entries, err := os.ReadDir(dataDir)
		if err != nil {
			return fmt.Errorf("pgembed: read data dir: %w", err)
		}
		if len(entries) > 0 {
			return fmt.Errorf("pgembed: %s is not empty but holds no PostgreSQL cluster (no PG_VERSION; perhaps an interrupted initdb): delete it or choose another DataDir", dataDir)
		}
	}
	// postgres insists on 0700 or 0750.
	if fi, err := os.Stat(dataDir); err == nil {
		if p := fi.Mode().Perm(); p != 0o700 && p != 0o750 {
			if err := os.Chmod(dataDir, 0o700); err != nil {
				return fmt.Errorf("pgembed: chmod data dir: %w", err)
			}
		}
	}
	if ra == nil {
		return nil
	}
	if err := checkTraversable(dataDir, ra); err != nil {
		return err
	}
	err := filepath.WalkDir(dataDir, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// The data dir is ours and freshly created or our own earlier cluster's;
		// Lchown never follows a link, so a planted symlink changes nothing.
		return os.Lchown(path, int(ra.uid), int(ra.gid)) //nolint:gosec // G122: see above

	})
	if err != nil {
		return fmt.Errorf("pgembed: hand data dir to user %s: %w", ra.name, err)
	}
	return nil
}

// checkTraversable fails early, naming the culprit, when ra cannot reach dir:
// otherwise initdb/postgres fail later with a bare "permission denied".
func checkTraversable(dir string, ra *runAs) error {
	for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("pgembed: %w", err)
		}
		if !canTraverse(fi, ra) {
			owner := "?"
			if uid, ok := fileOwner(fi); ok {
				owner = strconv.Itoa(uid)
			}
			return fmt.Errorf("pgembed: this process is root, so PostgreSQL runs as user %q, which cannot enter %s (mode %04o, owner uid %s) on the way to %s; "+
				"put the directory somewhere %s can reach, or allow traversal with `chmod o+x %s`",
				ra.name, p, fi.Mode().Perm(), owner, dir, ra.name, p)
		}
		if parent := filepath.Dir(p); parent == p {
			return nil
		}
	}
}

// socketDirFor returns a short per-data-dir directory for the unix socket:
// its path must fit in sockaddr_un (~107 bytes), which a socket inside a deep
// project path would not.
func socketDirFor(dataDir string) string {
	sum := sha256.Sum256([]byte(dataDir))
	name := "sbpg-" + hex.EncodeToString(sum[:])[:10]
	base := os.TempDir()
	if len(filepath.Join(base, name))+len("/.s.PGSQL.65535.lock") > 100 {
		base = "/tmp"
	}
	return filepath.Join(base, name)
}

func prepareSocketDir(dir string, ra *runAs) error {
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("pgembed: socket dir: %w", err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("pgembed: socket dir: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("pgembed: socket dir %s exists and is not a directory", dir)
	}
	owner, _ := fileOwner(fi)
	if ra == nil {
		if owner != os.Geteuid() {
			return fmt.Errorf("pgembed: socket dir %s belongs to uid %d, not to us; remove it", dir, owner)
		}
		return nil
	}
	if err := checkTraversable(dir, ra); err != nil {
		return err
	}
	if err := os.Lchown(dir, int(ra.uid), int(ra.gid)); err != nil {
		return fmt.Errorf("pgembed: socket dir: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("pgembed: socket dir: %w", err)
	}
	return nil
}

// checkPostmasterPid refuses to start next to a live server and removes the
// lock files of a dead one. postgres clears stale lock files itself unless
// the recorded pid has been reused by an unrelated process — common in
// containers, where pids restart from 1 — so that case is handled here.
func checkPostmasterPid(dataDir, socketDir string, log *slog.Logger) error {
	pidPath := filepath.Join(dataDir, "postmaster.pid")
	b, err := os.ReadFile(pidPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("pgembed: %w", err)
	}
	lines := strings.Split(string(b), "\n")
	pid, _ := strconv.Atoi(strings.TrimSpace(lines[0]))
	port := 0
	if len(lines) > 3 {
		port, _ = strconv.Atoi(strings.TrimSpace(lines[3]))
	}

	if pid > 0 && processAlive(pid) {
		name, zombie, known := processCommand(pid)
		isServer := known && !zombie && (name == "postgres" || name == "postmaster") && !servesOtherDir(pid, dataDir)
		if !known || isServer {
			if port > 0 && answers(port) {
				return fmt.Errorf("pgembed: a PostgreSQL server (pid %d) is already running on %s and accepting connections on 127.0.0.1:%d; stop it first (another `switchboard dev`?)", pid, dataDir, port)
			}
			if isServer {
				return fmt.Errorf("pgembed: a PostgreSQL server (pid %d) is already running on %s (starting or shutting down); stop it first (another `switchboard dev`?)", pid, dataDir)
			}
			// Alive but we cannot tell what it is: leave the decision to
			// postgres, which knows about its shared memory.
			return nil
		}
	}

	log.Warn("removing stale postmaster.pid of a server that is gone", slog.Int("pid", pid))
	if err := os.Remove(pidPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("pgembed: remove stale %s: %w", pidPath, err)
	}
	// Its socket lock files carry the same dead pid; the socket dir belongs
	// to this data dir alone, so nothing else can be using them.
	stale, _ := filepath.Glob(filepath.Join(socketDir, ".s.PGSQL.*"))
	for _, f := range stale {
		_ = os.Remove(f)
	}
	return nil
}

func answers(port int) bool {
	conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
	if err != nil {
		return false
	}
	_ = conn.Close()
	return true
}

func initdb(ctx context.Context, dataDir, binDir string, ra *runAs, ephemeral bool, log *slog.Logger) error {
	args := []string{
		"-D", dataDir,
		"--auth=trust",
		"--username=" + Superuser,
		"--encoding=UTF8",
		"--locale=C",
	}
	if ephemeral {
		args = append(args, "--no-sync")
	}
	cmd := exec.CommandContext(ctx, filepath.Join(binDir, "initdb"), args...)
	cmd.Dir = dataDir
	cmd.Env = serverEnv()
	cmd.SysProcAttr = procAttr(ra)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	log.Info("initialising new cluster", slog.String("bin_dir", binDir), slog.String("run_as", ra.String()))
	began := time.Now()
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pgembed: initdb %s: %w\n%s", dataDir, err, strings.TrimSpace(out.String()))
	}
	log.Debug("initdb done", slog.Duration("took", time.Since(began).Round(time.Millisecond)), slog.String("output", out.String()))
	return nil
}

// serverEnv is our environment minus PG* variables, which would otherwise
// override what we pass on the command line in surprising ways (PGDATA,
// PGPORT, PGOPTIONS...).
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") {
			env = append(env, kv)
		}
	}
	return env
}

// choosePort prefers the port of the previous start so URLs printed or saved
// by a developer keep working across restarts.
func choosePort(dataDir string, log *slog.Logger) (int, error) {
	if b, err := os.ReadFile(filepath.Join(dataDir, portFileName)); err == nil {
		if p, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && p > 0 && p < 65536 {
			if portFree(p) {
				return p, nil
			}
			log.Warn("previous port is taken, picking another", slog.Int("port", p))
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgembed: pick a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func portFree(port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return false
	}
	_ = l.Close()
	return true
}

// logTail returns the last lines of the server log for error messages.
func logTail(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return "(no server log: " + err.Error() + ")"
	}
	defer f.Close()
	const maxBytes = 8 << 10
	if fi, err := f.Stat(); err == nil && fi.Size() > maxBytes {
		_, _ = f.Seek(-maxBytes, io.SeekEnd)
	}
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) > 30 {
		lines = lines[len(lines)-30:]
	}
	return strings.Join(lines, "\n")
}
