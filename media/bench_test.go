package media

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/switchboard/switchboard/integrations/blob"
	"github.com/switchboard/switchboard/integrations/voice"
	"github.com/switchboard/switchboard/integrations/voice/audio"
)

// Issue 5's media targets, on the 2-core reference machine.
const (
	targetP99      = 20 * time.Millisecond
	targetCPURatio = 2.0
)

const benchCarrierEnv = "SWITCHBOARD_MEDIA_BENCH_CARRIER" // path of the plan file

// benchPlan tells the carrier process what to dial.
type benchPlan struct {
	Mode    string      `json:"mode"` // "bridge" or "echo"
	Warmup  float64     `json:"warmup"`
	Seconds float64     `json:"seconds"`
	Pairs   [][2]string `json:"pairs"` // bridge: agent and customer URLs; echo: two independent echo URLs
}

// benchResult is what the carrier process prints at the end.
type benchResult struct {
	Sent, Received int64
	P50, P99, Max  time.Duration
}

func benchEnvInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// BenchmarkBridgedCalls drives N concurrent bridged calls (2N legs) through
// one media node from a carrier in a second process (this test binary
// re-executed), and, in the same run, the same number of WebSocket
// connections against a bare echo server with the same framing (seed-004
// media events of 20 ms slin frames at 50 per second per connection).
//
// Each frame carries its send time and a sequence number in its first
// samples; the carrier measures, for frames sent during the measured window,
// the latency from leg A's send to leg B's receive (echo: back on the same
// connection) and counts the frames that never arrive. CPU per frame is
// this process's CPU time (the node, or the echo server) over the frames it
// handled in the window. SWITCHBOARD_BENCH_CALLS (default 500) and
// SWITCHBOARD_BENCH_SECONDS (default 10) size the run; recordings are on
// unless SWITCHBOARD_BENCH_RECORD=0.
func BenchmarkBridgedCalls(b *testing.B) {
	calls := benchEnvInt("SWITCHBOARD_BENCH_CALLS", 500)
	secs := benchEnvInt("SWITCHBOARD_BENCH_SECONDS", 10)
	for range b.N {
		echoRes, echoCPU, echoFrames := benchEcho(b, calls, secs)
		nodeRes, nodeCPU, nodeFrames, st := benchNode(b, calls, secs)
		perEcho := time.Duration(float64(echoCPU) / float64(max(echoFrames, 1)))
		perNode := time.Duration(float64(nodeCPU) / float64(max(nodeFrames, 1)))
		loss := nodeRes.Sent - nodeRes.Received
		b.ReportMetric(float64(nodeRes.P50.Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(nodeRes.P99.Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(loss), "frames-lost")
		b.ReportMetric(float64(perNode.Nanoseconds()), "cpu-ns/frame")
		b.ReportMetric(float64(perNode)/float64(max(perEcho, 1)), "cpu-x-echo")
		nodeRate, echoRate := float64(nodeRes.Sent)/float64(2*calls*secs), float64(echoRes.Sent)/float64(2*calls*secs)
		starved := ""
		if min(nodeRate, echoRate) < 49.5 {
			starved = ": the machine starved the carrier too, so latencies include its lateness"
		}
		fmt.Fprintf(os.Stderr, `
BenchmarkBridgedCalls: %d calls (%d legs), %d s measured, recordings %s
                    p50        p99        max        sent      received   lost   CPU/frame
  media node   %9s  %9s  %9s  %9d  %9d  %5d  %9s
  bare echo    %9s  %9s  %9s  %9d  %9d  %5d  %9s
  ratio node/echo: p50 %.2fx, p99 %.2fx, CPU/frame %.2fx (target <= %.1fx); p99 target < %s, no loss
  node counters: frames in %d, out %d, dropped by jitter buffer %d, bad events %d
  carrier process sent %.1f (node run) and %.1f (echo run) frames/s per leg of the 50 due%s
`, calls, 2*calls, secs, map[bool]string{true: "on", false: "off"}[os.Getenv("SWITCHBOARD_BENCH_RECORD") != "0"],
			nodeRes.P50.Round(10*time.Microsecond), nodeRes.P99.Round(10*time.Microsecond), nodeRes.Max.Round(10*time.Microsecond), nodeRes.Sent, nodeRes.Received, loss, perNode.Round(10*time.Nanosecond),
			echoRes.P50.Round(10*time.Microsecond), echoRes.P99.Round(10*time.Microsecond), echoRes.Max.Round(10*time.Microsecond), echoRes.Sent, echoRes.Received, echoRes.Sent-echoRes.Received, perEcho.Round(10*time.Nanosecond),
			float64(nodeRes.P50)/float64(max(echoRes.P50, 1)), float64(nodeRes.P99)/float64(max(echoRes.P99, 1)),
			float64(perNode)/float64(max(perEcho, 1)), targetCPURatio, targetP99,
			st.FramesIn, st.FramesOut, st.FramesDropped, st.BadEvents,
			nodeRate, echoRate, starved)
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchEcho(b *testing.B, calls, secs int) (benchResult, time.Duration, int64) {
	var echoed atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled})
		if err != nil {
			return
		}
		defer conn.CloseNow()
		conn.SetReadLimit(MaxEventBytes)
		buf := make([]byte, 0, 1024)
		for {
			typ, msg, err := readMessage(conn, &buf)
			if err != nil {
				return
			}
			if conn.Write(context.Background(), typ, msg) != nil {
				return
			}
			echoed.Add(1)
		}
	}))
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/echo"
	plan := benchPlan{Mode: "echo", Warmup: 3, Seconds: float64(secs)}
	for range calls {
		plan.Pairs = append(plan.Pairs, [2]string{url, url})
	}
	var cpu time.Duration
	var frames int64
	var c0 time.Duration
	var e0 int64
	res := runCarrierProcess(b, plan, func() { c0, e0 = cpuTime(), echoed.Load() }, func() {
		cpu, frames = cpuTime()-c0, echoed.Load()-e0
	})
	return res, cpu, frames
}

func benchNode(b *testing.B, calls, secs int) (benchResult, time.Duration, int64, Stats) {
	signer, err := voice.NewSigner([]byte(strings.Repeat("b", 32)))
	if err != nil {
		b.Fatal(err)
	}
	api := newFakeAPI(b, signer)
	node, err := New(Options{NodeID: testNodeID, Signer: signer, APIURL: api.srv.URL, Capacity: 2*calls + 10,
		Store: blob.Dir{Root: b.TempDir()}, TempDir: b.TempDir(), Reporter: &memReporter{},
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(node.Handler())
	defer srv.Close()
	defer node.Close()
	bundle := &testBundle{signer: signer, api: api, srv: srv}
	plan := benchPlan{Mode: "bridge", Warmup: 3, Seconds: float64(secs)}
	for range calls {
		c := bundle.newCall(os.Getenv("SWITCHBOARD_BENCH_RECORD") != "0", false)
		plan.Pairs = append(plan.Pairs, [2]string{
			bundle.streamURL(bundle.token(b, c, c.agent, time.Hour)),
			bundle.streamURL(bundle.token(b, c, c.customer, time.Hour)),
		})
	}
	var cpu time.Duration
	var frames int64
	var c0 time.Duration
	var f0 int64
	res := runCarrierProcess(b, plan, func() { c0, f0 = cpuTime(), node.Snapshot().FramesIn }, func() {
		cpu, frames = cpuTime()-c0, node.Snapshot().FramesIn-f0
	})
	return res, cpu, frames, node.Snapshot()
}

// runCarrierProcess runs the carrier side in a child process; onStart and
// onEnd bracket its measured window.
func runCarrierProcess(b *testing.B, plan benchPlan, onStart, onEnd func()) benchResult {
	b.Helper()
	raw, err := json.Marshal(plan)
	if err != nil {
		b.Fatal(err)
	}
	path := b.TempDir() + "/plan.json"
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		b.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), benchCarrierEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	var res benchResult
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "measuring":
			onStart()
		case line == "measured":
			onEnd()
		case strings.HasPrefix(line, "result "):
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "result ")), &res); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := cmd.Wait(); err != nil {
		b.Fatalf("carrier process: %v", err)
	}
	return res
}

// The frame stamp: samples 0-3 the send time (Unix ns), 4-5 the sequence,
// 6 whether the frame was sent in the measured window.
//
//nolint:gosec // G115: PCM and G.711 are bit patterns; these conversions reinterpret or truncate on purpose
func stampFrame(pcm []int16, at int64, seq int32, measured bool) {
	for i := range 4 {
		pcm[i] = int16(uint16(at >> (16 * i)))
	}
	pcm[4], pcm[5] = int16(uint16(seq)), int16(uint16(seq>>16))
	pcm[6] = 0
	if measured {
		pcm[6] = 1
	}
}

func readStamp(raw []byte) (at int64, measured bool, ok bool) {
	if len(raw) < 14 {
		return 0, false, false
	}
	for i := range 4 {
		at |= int64(binary.LittleEndian.Uint16(raw[2*i:])) << (16 * i)
	}
	return at, binary.LittleEndian.Uint16(raw[12:]) == 1, true
}

// runBenchCarrier is the carrier process: it opens every leg, streams
// stamped frames on each at 20 ms, and measures what comes back.
func runBenchCarrier(path string) int {
	raw, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var plan benchPlan
	if err := json.Unmarshal(raw, &plan); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var measuring atomic.Bool
	var sent, received atomic.Int64
	var latMu sync.Mutex
	var lats []time.Duration
	stopSend := make(chan struct{})
	var sendWG, readWG sync.WaitGroup
	type leg struct {
		conn *websocket.Conn
		sid  string
	}
	var legs []leg
	dial := func(url, sid string) leg {
		for attempt := 0; ; attempt++ {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			conn, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{CompressionMode: websocket.CompressionDisabled})
			cancel()
			if resp != nil && resp.Body != nil {
				resp.Body.Close()
			}
			if err == nil {
				conn.SetReadLimit(MaxEventBytes)
				return leg{conn, sid}
			}
			if attempt > 5 {
				fmt.Fprintln(os.Stderr, "carrier: dial:", err)
				os.Exit(1)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	for i, p := range plan.Pairs {
		legs = append(legs, dial(p[0], fmt.Sprintf("a%d", i)), dial(p[1], fmt.Sprintf("b%d", i)))
	}
	for i, l := range legs {
		start := fmt.Sprintf(`{"event":"start","sequence_number":1,"stream_sid":%q,"start":{"stream_sid":%q,"call_sid":"c","from":"1","to":"2","media_format":{"encoding":"raw/slin","sample_rate":8000}}}`, l.sid, l.sid)
		if plan.Mode == "bridge" {
			if err := l.conn.Write(context.Background(), websocket.MessageText, []byte(start)); err != nil {
				fmt.Fprintln(os.Stderr, "carrier: start:", err)
				return 1
			}
		}
		readWG.Add(1)
		go func() {
			defer readWG.Done()
			buf := make([]byte, 0, 1024)
			pcm := make([]byte, audio.FrameBytes)
			var mine []time.Duration
			defer func() {
				latMu.Lock()
				lats = append(lats, mine...)
				latMu.Unlock()
			}()
			for {
				_, msg, err := readMessage(l.conn, &buf)
				if err != nil {
					return
				}
				now := time.Now().UnixNano()
				// The delta of a node's audio, or the payload of an echoed event.
				k := bytes.Index(msg, []byte(`"delta":"`))
				if k >= 0 {
					k += len(`"delta":"`)
				} else if k = bytes.Index(msg, []byte(`"payload":"`)); k >= 0 {
					k += len(`"payload":"`)
				} else {
					continue
				}
				end := bytes.IndexByte(msg[k:], '"')
				if end < 0 {
					continue
				}
				n, err := base64.StdEncoding.Decode(pcm, msg[k:k+end])
				if err != nil {
					continue
				}
				if at, m, ok := readStamp(pcm[:n]); ok && m {
					received.Add(1)
					mine = append(mine, time.Duration(now-at))
				}
			}
		}()
		sendWG.Add(1)
		go func() {
			defer sendWG.Done()
			// Spread the legs over the 20 ms period, as independent calls are.
			time.Sleep(time.Duration(i%20) * time.Millisecond)
			tone := audio.Tone(440+float64(i%7)*100, 8000, audio.FrameSamples)
			frame := make([]int16, audio.FrameSamples)
			var slin []byte
			var msg []byte
			tick := time.NewTicker(frameDur)
			defer tick.Stop()
			for seq := int32(2); ; seq++ {
				select {
				case <-stopSend:
					return
				case <-tick.C:
				}
				copy(frame, tone)
				m := measuring.Load()
				stampFrame(frame, time.Now().UnixNano(), seq, m)
				slin = audio.EncodeSlin(slin[:0], frame)
				msg = append(msg[:0], `{"event":"media","sequence_number":`...)
				msg = strconv.AppendInt(msg, int64(seq), 10)
				msg = append(msg, `,"stream_sid":"`...)
				msg = append(msg, l.sid...)
				msg = append(msg, `","media":{"chunk":`...)
				msg = strconv.AppendInt(msg, int64(seq), 10)
				msg = append(msg, `,"timestamp":"0","payload":"`...)
				msg = base64.StdEncoding.AppendEncode(msg, slin)
				msg = append(msg, `"}}`...)
				if l.conn.Write(context.Background(), websocket.MessageText, msg) != nil {
					return
				}
				if m {
					sent.Add(1)
				}
			}
		}()
	}
	time.Sleep(time.Duration(plan.Warmup * float64(time.Second)))
	fmt.Println("measuring")
	measuring.Store(true)
	time.Sleep(time.Duration(plan.Seconds * float64(time.Second)))
	measuring.Store(false)
	fmt.Println("measured")
	// Frames sent in the window may still be on their way.
	time.Sleep(time.Second)
	close(stopSend)
	sendWG.Wait()
	for _, l := range legs {
		if plan.Mode == "bridge" {
			stop := fmt.Sprintf(`{"event":"stop","stream_sid":%q,"stop":{"reason":"callended"}}`, l.sid)
			_ = l.conn.Write(context.Background(), websocket.MessageText, []byte(stop))
		}
	}
	for _, l := range legs {
		go l.conn.Close(websocket.StatusNormalClosure, "")
	}
	waitC := make(chan struct{})
	go func() { readWG.Wait(); close(waitC) }()
	select {
	case <-waitC:
	case <-time.After(10 * time.Second):
	}
	latMu.Lock()
	slices.Sort(lats)
	res := benchResult{Sent: sent.Load(), Received: received.Load()}
	if len(lats) > 0 {
		res.P50, res.P99, res.Max = lats[len(lats)/2], lats[len(lats)*99/100], lats[len(lats)-1]
	}
	latMu.Unlock()
	out, _ := json.Marshal(res)
	fmt.Println("result " + string(out))
	return 0
}
