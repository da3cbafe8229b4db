// Starts the real switchboard binary in dev mode for a test run: a fresh working
// directory (so its embedded PostgreSQL lives in <tmp>/.switchboard/pg), a free
// port on 127.0.0.1, and a wait for /readyz. Stops it with SIGINT, as a developer's
// Ctrl-C would, so it shuts its PostgreSQL down cleanly.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The binary under test: $SWITCHBOARD_BIN, else ../bin/switchboard next to e2e/. */
export function binaryPath() {
  const fromEnv = process.env.SWITCHBOARD_BIN;
  return fromEnv ? resolve(process.cwd(), fromEnv) : resolve(E2E_DIR, '..', 'bin', 'switchboard');
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the promise's value, or null after ms, leaving no timer behind. */
function within(promise, ms) {
  let timer;
  const timeout = new Promise((r) => (timer = setTimeout(() => r(null), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs `switchboard dev --addr 127.0.0.1:<port>` and resolves once GET /readyz
 * answers 200. Rejects (with the server's output) if it exits or is not ready in time.
 */
export async function startServer({ readyTimeoutMs = 120_000 } = {}) {
  const bin = binaryPath();
  if (!existsSync(bin)) {
    throw new Error(`switchboard binary not found at ${bin}: build it (make build) or set SWITCHBOARD_BIN`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const workDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
  // As root, the embedded PostgreSQL runs as an unprivileged user that must reach ./.switchboard/pg.
  chmodSync(workDir, 0o755);

  const env = { ...process.env, SWITCHBOARD_PUBLIC_URL: url };
  delete env.DATABASE_URL; // always the embedded cluster: a fresh database per run

  let output = '';
  const child = spawn(bin, ['dev', '--addr', `127.0.0.1:${port}`], {
    cwd: workDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: a last-resort kill reaches PostgreSQL too
  });
  child.stdout.on('data', (b) => (output += b));
  child.stderr.on('data', (b) => (output += b));
  const exited = new Promise((ok) => child.on('exit', (code, signal) => ok({ code, signal })));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const killGroup = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.on('exit', killGroup);

  const server = {
    url,
    port,
    workDir,
    pid: child.pid,
    output: () => output,
    async stop({ keepWorkDir = false } = {}) {
      if (!hasExited) {
        child.kill('SIGINT');
        const res = await within(exited, 60_000);
        if (res === null) {
          output += '\n[e2e] server did not exit within 60 s of SIGINT; killed its process group\n';
          killGroup();
          await exited;
        }
      }
      process.off('exit', killGroup);
      if (!keepWorkDir) rmSync(workDir, { recursive: true, force: true });
    },
  };

  const deadline = Date.now() + readyTimeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (hasExited) {
      const { code, signal } = await exited;
      await server.stop();
      throw new Error(`switchboard dev exited (code ${code}, signal ${signal}) before it was ready. Output:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return server;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = String(err?.cause?.code ?? err?.message ?? err);
    }
    await sleep(250);
  }
  await server.stop();
  throw new Error(`switchboard dev was not ready within ${readyTimeoutMs / 1000} s (last /readyz: ${last}). Output:\n${output}`);
}
