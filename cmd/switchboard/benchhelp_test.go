package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	_ "net/http/pprof" //nolint:gosec // G108: served only by a benchmark's child process, on loopback, when asked to (see init)
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/switchboard/switchboard/db/dbtest"
)

// benchPprofEnv, set in a child `serve` process's environment, makes it serve
// net/http/pprof on that loopback address, so a benchmark can take a CPU
// profile of the server while it drives load at it. The test binary is the
// server binary (see TestMain), so this needs no hook in the product code.
const benchPprofEnv = "SWITCHBOARD_BENCH_PPROF_ADDR"

func init() {
	addr := os.Getenv(benchPprofEnv)
	if addr == "" || os.Getenv("SWITCHBOARD_RUN_MAIN") != "1" {
		return
	}
	go func() {
		srv := &http.Server{Addr: addr, Handler: http.DefaultServeMux, ReadHeaderTimeout: 5 * time.Second}
		_ = srv.ListenAndServe() // ends with the process
	}()
}

// benchServer is one `switchboard serve` process started for a benchmark.
// Unlike serve_test.go's helpers it takes a testing.TB, writes its logs to a
// file (no pipe-copying goroutine in the measuring process) and can expose
// pprof.
type benchServer struct {
	base      string
	pprofBase string // "" unless pprof was asked for
	cmd       *exec.Cmd
	logPath   string
	stopped   bool
}

func benchFreePort(tb testing.TB) int {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startBenchServer runs `switchboard serve` against d; appURL, when not
// empty, replaces d.AppURL (to try pool settings); withPprof serves pprof.
func startBenchServer(tb testing.TB, d *dbtest.TestDB, secret, appURL string, withPprof bool) *benchServer {
	tb.Helper()
	if appURL == "" {
		appURL = d.AppURL
	}
	port := benchFreePort(tb)
	s := &benchServer{base: fmt.Sprintf("http://127.0.0.1:%d", port), logPath: tb.TempDir() + "/serve.log"}
	logs, err := os.Create(s.logPath)
	if err != nil {
		tb.Fatal(err)
	}
	defer logs.Close() // the child holds its own descriptor
	s.cmd = exec.Command(os.Args[0], "serve", "--addr", fmt.Sprintf("127.0.0.1:%d", port))
	s.cmd.Env = append(os.Environ(),
		"SWITCHBOARD_RUN_MAIN=1",
		"DATABASE_URL="+appURL,
		"SWITCHBOARD_SYSTEM_DATABASE_URL="+d.SystemURL,
		"SWITCHBOARD_JWT_SECRET="+secret,
		"SWITCHBOARD_SEALING_KEY="+testSealingKey,
		"SWITCHBOARD_PUBLIC_URL="+s.base,
	)
	if withPprof {
		addr := fmt.Sprintf("127.0.0.1:%d", benchFreePort(tb))
		s.pprofBase = "http://" + addr
		s.cmd.Env = append(s.cmd.Env, benchPprofEnv+"="+addr)
	}
	s.cmd.Stdout, s.cmd.Stderr = logs, logs
	if err := s.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if !s.stopped {
			_ = s.cmd.Process.Kill()
			_ = s.cmd.Wait()
		}
	})
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := client.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			tb.Fatalf("serve did not become ready:\n%s", s.logTail(4096))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop interrupts the server and waits for a clean exit.
func (s *benchServer) stop(tb testing.TB) {
	tb.Helper()
	if s.stopped {
		return
	}
	s.stopped = true
	if err := s.cmd.Process.Signal(syscall.SIGINT); err != nil {
		tb.Error(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			tb.Errorf("serve did not exit cleanly on SIGINT: %v\n%s", err, s.logTail(4096))
		}
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		err := <-done
		tb.Errorf("serve did not stop within 30s (%v):\n%s", err, s.logTail(4096))
	}
}

// logTail returns the last n bytes of the server's log.
func (s *benchServer) logTail(n int) string {
	b, err := os.ReadFile(s.logPath)
	if err != nil {
		return err.Error()
	}
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// graphql posts one operation and decodes its data into out, failing tb on
// any error.
func (s *benchServer) graphql(tb testing.TB, client *http.Client, token, query string, vars map[string]any, out any) {
	tb.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		tb.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, s.base+"/graphql", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var res struct {
		Data   json.RawMessage `json:"data"`
		Errors []any           `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		tb.Fatalf("graphql: %s: decode: %v", resp.Status, err)
	}
	if len(res.Errors) > 0 {
		tb.Fatalf("graphql: %v", res.Errors)
	}
	if err := json.Unmarshal(res.Data, out); err != nil {
		tb.Fatal(err)
	}
}

// cpuProfile fetches a CPU profile of the server over seconds and writes it
// to path; it runs alongside the load, so errors are returned, not fatal.
func (s *benchServer) cpuProfile(ctx context.Context, seconds int, path string) error {
	if s.pprofBase == "" {
		return errors.New("pprof not enabled")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", s.pprofBase, seconds), nil)
	if err != nil {
		return err
	}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("pprof: %s", resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// benchSubscription is one graphql-transport-ws connection with one
// subscription, read by its own goroutine.
type benchSubscription struct {
	conn *websocket.Conn
	done chan struct{} // closed when the reader stops
	mu   sync.Mutex
	end  string // why the subscription or connection ended, once it has
}

// subscribeBench opens a websocket to s, authenticates, subscribes with
// query, and calls onData with each "next" payload's data from one
// goroutine until the connection closes.
func subscribeBench(ctx context.Context, tb testing.TB, s *benchServer, token, query string, onData func(json.RawMessage)) *benchSubscription {
	tb.Helper()
	conn, _, err := websocket.Dial(ctx, strings.Replace(s.base, "http://", "ws://", 1)+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		tb.Fatal(err)
	}
	conn.SetReadLimit(1 << 20)
	sub := &benchSubscription{conn: conn, done: make(chan struct{})}
	tb.Cleanup(sub.close)
	if err := wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + token}}); err != nil {
		tb.Fatal(err)
	}
	var ack struct{ Type string }
	if err := wsjson.Read(ctx, conn, &ack); err != nil || ack.Type != "connection_ack" {
		tb.Fatalf("connection_init: %v %q", err, ack.Type)
	}
	if err := wsjson.Write(ctx, conn, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": query}}); err != nil {
		tb.Fatal(err)
	}
	go func() {
		defer close(sub.done)
		for {
			var msg struct {
				ID      string          `json:"id"`
				Type    string          `json:"type"`
				Payload json.RawMessage `json:"payload"`
			}
			// ctx lives as long as the benchmark; close ends the reads sooner.
			if err := wsjson.Read(ctx, conn, &msg); err != nil {
				sub.ended("connection: " + err.Error())
				return
			}
			switch msg.Type {
			case "next":
				var p struct {
					Data   json.RawMessage `json:"data"`
					Errors []any           `json:"errors"`
				}
				if err := json.Unmarshal(msg.Payload, &p); err == nil && len(p.Errors) == 0 {
					onData(p.Data)
				}
			case "ping":
				_ = wsjson.Write(ctx, conn, map[string]any{"type": "pong"})
			case "error", "complete":
				sub.ended(fmt.Sprintf("server sent %s %s", msg.Type, msg.Payload))
			}
		}
	}()
	return sub
}

func (s *benchSubscription) ended(why string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.end == "" {
		s.end = why
	}
}

// endReason is "" while the subscription is live.
func (s *benchSubscription) endReason() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.end
}

func (s *benchSubscription) close() {
	_ = s.conn.CloseNow()
	<-s.done
}

// poolStats are the server's /metrics counters for one of its pgx pools.
type poolStats struct {
	acquires, emptyAcquires, acquireSeconds, maxConns float64
}

// scrapePool reads pool's counters from the server's /metrics.
func (s *benchServer) scrapePool(ctx context.Context, pool string) (poolStats, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/metrics", nil)
	if err != nil {
		return poolStats{}, err
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return poolStats{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return poolStats{}, err
	}
	var st poolStats
	fields := map[string]*float64{
		"switchboard_db_pool_acquires_total":        &st.acquires,
		"switchboard_db_pool_empty_acquires_total":  &st.emptyAcquires,
		"switchboard_db_pool_acquire_seconds_total": &st.acquireSeconds,
		"switchboard_db_pool_connections_max":       &st.maxConns,
	}
	label := `{pool="` + pool + `"} `
	for line := range strings.Lines(string(body)) {
		name, rest, ok := strings.Cut(line, label)
		if dst := fields[name]; ok && dst != nil {
			if _, err := fmt.Sscan(strings.TrimSpace(rest), dst); err != nil {
				return poolStats{}, fmt.Errorf("metric %s: %w", name, err)
			}
		}
	}
	return st, nil
}

// cpuSnapshot is cumulative CPU time, in clock ticks, from /proc (Linux
// only; elsewhere ok is false): this process, the server, and the machine.
type cpuSnapshot struct {
	self, server, busy, all float64
	ok                      bool
}

// clockTicks is USER_HZ, 100 on every Linux architecture Go supports.
const clockTicks = 100

func takeCPUSnapshot(serverPID int) cpuSnapshot {
	var s cpuSnapshot
	var err1, err2, err3 error
	s.self, err1 = procTicks("/proc/self/stat")
	s.server, err2 = procTicks(fmt.Sprintf("/proc/%d/stat", serverPID))
	s.busy, s.all, err3 = machineTicks()
	s.ok = err1 == nil && err2 == nil && err3 == nil
	return s
}

// procTicks returns utime+stime of one process.
func procTicks(path string) (float64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	// The command name may hold spaces; fields after its ')' are fixed.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, errors.New("malformed " + path)
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, errors.New("malformed " + path)
	}
	var utime, stime float64
	if _, err := fmt.Sscan(f[11]+" "+f[12], &utime, &stime); err != nil {
		return 0, err
	}
	return utime + stime, nil
}

// machineTicks returns busy and total ticks over all CPUs.
func machineTicks() (busy, all float64, err error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0, err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 8 || f[0] != "cpu" {
		return 0, 0, errors.New("malformed /proc/stat")
	}
	for i, v := range f[1:] {
		var x float64
		if _, err := fmt.Sscan(v, &x); err != nil {
			return 0, 0, err
		}
		all += x
		if i != 3 && i != 4 { // idle, iowait
			busy += x
		}
	}
	return busy, all, nil
}

// cpuUse describes the CPU spent between two snapshots over wall, in cores.
func cpuUse(before, after cpuSnapshot, wall time.Duration) string {
	if !before.ok || !after.ok || wall <= 0 {
		return ""
	}
	secs := wall.Seconds()
	self := (after.self - before.self) / clockTicks / secs
	server := (after.server - before.server) / clockTicks / secs
	busy := (after.busy - before.busy) / clockTicks / secs
	cores := float64(runtime.NumCPU())
	return fmt.Sprintf("%.2f of %.0f cores busy: server %.2f, benchmark process %.2f, the rest (PostgreSQL, other load) %.2f",
		busy, cores, server, self, busy-server-self)
}
