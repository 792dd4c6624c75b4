import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from 'node:net';
import { execa } from 'execa';
import ssh2 from 'ssh2';

/**
 * Throwaway Debian 12 servers for end-to-end tests (scripts/testserver/): booted with systemd in
 * their own network namespace, reachable over SSH at 10.77.INDEX.2, inspected with their own
 * tools through nsenter.
 */

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SCRIPTS = join(REPO_ROOT, 'scripts', 'testserver');
export const GOLIVE_BIN = join(REPO_ROOT, 'bin', 'golive.js');

/** Why end-to-end tests cannot run here, or undefined when they can. In CI they must run. */
export function e2eUnavailable(): string | undefined {
  const reason = process.getuid?.() !== 0 ? 'end-to-end tests need root (network namespaces, systemd-nspawn)' : !existsSync('/usr/bin/systemd-nspawn') ? 'systemd-nspawn is missing: run scripts/install-test-deps.sh' : undefined;
  if (reason && (process.env.CI || process.env.GOLIVE_E2E_REQUIRED)) throw new Error(`${reason}; in CI they must run`);
  return reason;
}

export interface TestKey {
  readonly privateKeyFile: string;
  readonly publicKeyFile: string;
}

/** One ed25519 key pair for all tests of a run: the admin's key. */
export function testKey(): TestKey {
  const dir = join(tmpdir(), 'golive-test-key');
  const privateKeyFile = join(dir, 'id_ed25519');
  if (!existsSync(privateKeyFile)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'golive-tests', '-f', privateKeyFile]);
  }
  return { privateKeyFile, publicKeyFile: `${privateKeyFile}.pub` };
}

export interface BootOptions {
  readonly cloudDropIn?: boolean;
  /** Debian's packages through an apt-cacher-ng on the host end of the link. */
  readonly aptProxy?: boolean;
  /** Lets a Docker engine run inside (boot.sh --docker); test/helpers/docker-server.ts installs it. */
  readonly docker?: boolean;
}

export class TestServer {
  private constructor(
    readonly name: string,
    readonly address: string,
    readonly hostAddress: string,
    readonly root: string,
    readonly leaderPid: number,
  ) {}

  static async boot(name: string, index: number, options: BootOptions = {}): Promise<TestServer> {
    const key = testKey();
    const args = [join(SCRIPTS, 'boot.sh'), name, String(index), key.publicKeyFile, ...(options.cloudDropIn ? ['--cloud-dropin'] : []), ...(options.aptProxy ? ['--apt-proxy'] : []), ...(options.docker ? ['--docker'] : [])];
    const { stdout } = await execa('bash', args);
    const info = Object.fromEntries(stdout.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    return new TestServer(name, info.ADDRESS!, info.HOST_ADDRESS!, info.ROOT!, Number(info.LEADER_PID));
  }

  /** Runs a command inside the server as root, without SSH. */
  async exec(argv: readonly string[], stdin?: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    const result = await execa('nsenter', ['-t', String(this.leaderPid), '-a', ...argv], { reject: false, input: stdin ?? '' });
    return { exitCode: result.exitCode ?? 1, stdout: String(result.stdout), stderr: String(result.stderr) };
  }

  async sh(script: string): Promise<string> {
    const result = await this.exec(['sh', '-c', script]);
    if (result.exitCode !== 0) throw new Error(`${script}: exit ${result.exitCode}: ${result.stderr}`);
    return result.stdout;
  }

  /** Content hash, mode and owner of every file under a folder: equal snapshots mean byte-identical trees. */
  async snapshot(dir: string): Promise<string> {
    return this.sh(`cd ${dir} && find . -printf '%p %y %m %u %g\\n' | sort && find . -type f -print0 | sort -z | xargs -0 sha256sum`);
  }

  async destroy(): Promise<void> {
    await TestServer.destroyByName(this.name);
  }

  /** Removes a test server booted under that name (by this process or one that was interrupted). */
  static async destroyByName(name: string): Promise<void> {
    await execa('bash', [join(SCRIPTS, 'destroy.sh'), name], { reject: false });
  }
}

export type LoginOutcome = 'ok' | 'refused';

/** A real SSH login from the test host, with a key or a password. */
export function tryLogin(server: TestServer, user: string, auth: { password: string } | { key: TestKey }, port = 22): Promise<LoginOutcome> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.once('ready', () => {
      client.end();
      resolve('ok');
    });
    client.once('error', (error: Error & { level?: string }) => {
      if (error.level === 'client-authentication') resolve('refused');
      else reject(error);
    });
    client.connect({
      host: server.address,
      port,
      username: user,
      readyTimeout: 15_000,
      ...('password' in auth ? { password: auth.password, tryKeyboard: false } : { privateKey: readFileSync(auth.key.privateKeyFile) }),
    });
  });
}

/** A fresh SSH login with the admin's key that runs one command: what a person who logs in gets. */
export function sshRun(server: TestServer, user: string, command: string, key: TestKey = testKey()): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.once('ready', () => {
      client.exec(command, (error, stream) => {
        if (error) {
          client.end();
          return reject(error);
        }
        let stdout = '';
        let stderr = '';
        stream.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        stream.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        stream.on('close', (code: number | null) => {
          client.end();
          resolve({ exitCode: code ?? 255, stdout, stderr });
        });
      });
    });
    client.once('error', reject);
    client.connect({ host: server.address, port: 22, username: user, readyTimeout: 15_000, privateKey: readFileSync(key.privateKeyFile) });
  });
}

/**
 * golive run ON the server (the local target): as root from /root, with a clean environment plus
 * `env` (like SUDO_USER=deploy), `program` being how golive starts there.
 */
export function goliveInside(server: () => TestServer, program: readonly string[]) {
  return (args: readonly string[], env: readonly string[] = []) =>
    server().exec(['sh', '-c', 'cd /root && exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root NO_COLOR=1 "$@"', 'sh', ...env, ...program, ...args]);
}

export interface GoliveRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real golive binary with its own settings folder and known_hosts. */
export class GoliveRunner {
  readonly home = mkdtempSync(join(tmpdir(), 'golive-run-'));
  readonly knownHosts = join(this.home, 'known_hosts');

  /** `program`: how golive is started (default: this checkout's build; an installed copy, the executable). */
  constructor(
    private readonly server: TestServer,
    private readonly program: readonly string[] = ['node', GOLIVE_BIN],
  ) {}

  args(user: string, extra: readonly string[] = []): string[] {
    return ['--host', `${user}@${this.server.address}`, '--identity', testKey().privateKeyFile, '--known-hosts', this.knownHosts, ...extra];
  }

  /** The environment golive runs with: its own settings folder, no colour, no SSH agent. */
  get env(): Record<string, string> {
    return { GOLIVE_SETTINGS_DIR: join(this.home, 'settings'), NO_COLOR: '1', SSH_AUTH_SOCK: '' };
  }

  /**
   * `timeoutMs`: golive is killed (SIGKILL) when it runs longer, and the run says so in stderr.
   * `launcher`: a command that starts node (GNU time, for the benchmarks).
   */
  async run(args: readonly string[], env: Record<string, string> = {}, timeoutMs?: number, launcher: readonly string[] = []): Promise<GoliveRun> {
    const [file, ...rest] = [...launcher, ...this.program, ...args];
    const result = await execa(file!, rest, {
      reject: false,
      cwd: this.home,
      env: { ...this.env, ...env },
      extendEnv: true,
      ...(timeoutMs ? { timeout: timeoutMs, killSignal: 'SIGKILL' as const } : {}),
    });
    const timedOut = result.timedOut ? `\n(killed: still running after ${timeoutMs} ms)` : '';
    return { exitCode: result.exitCode ?? 1, stdout: String(result.stdout), stderr: `${String(result.stderr)}${timedOut}` };
  }
}

/** Whether a TCP connection from this host (from `localAddress`, one of its own) to the server's port opens within the time. */
export function tcpReachable(server: TestServer, port: number, timeoutMs = 2000, localAddress?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: server.address, port, ...(localAddress ? { localAddress } : {}) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A real password login attempt that fails (wrong password), from `localAddress` when given: what fail2ban and CrowdSec count. */
export function failPasswordLogin(server: TestServer, user: string, localAddress?: string): Promise<void> {
  return new Promise((resolve) => {
    const client = new ssh2.Client();
    client.once('ready', () => {
      client.end();
      resolve();
    });
    // Every error, not just the first: a connection cut by a ban mid-handshake also times out later.
    client.on('error', () => {
      client.end();
      resolve();
    });
    client.connect({ host: server.address, port: 22, username: user, password: 'not-the-password', readyTimeout: 8000, tryKeyboard: false, ...(localAddress ? { localAddress } : {}) });
  });
}

/**
 * Starts golive with GOLIVE_TEST_PAUSE and resolves once it says it paused; rejects (instead of
 * waiting forever) when it exits first, or has not paused within `timeoutMs`. Then the test kills
 * it; `kill` resolves with what golive printed.
 */
export async function startPaused(golive: GoliveRunner, args: readonly string[], env: Record<string, string>, timeoutMs = 180_000): Promise<{ kill: () => Promise<GoliveRun> }> {
  const child = execa('node', [GOLIVE_BIN, ...args], {
    cwd: golive.home,
    env: { GOLIVE_SETTINGS_DIR: join(golive.home, 'settings'), SSH_AUTH_SOCK: '', ...env },
    reject: false,
  });
  let stderr = '';
  const paused = new Promise<void>((resolve) =>
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('golive: paused')) resolve();
    }),
  );
  const exited = child.then((result) => {
    throw new Error(`golive exited (${result.exitCode}) before pausing:\n${stderr}${String(result.stdout)}`);
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`golive did not pause within ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
  });
  const kill = async (): Promise<GoliveRun> => {
    child.kill('SIGKILL');
    const result = await child;
    return { exitCode: result.exitCode ?? 137, stdout: String(result.stdout), stderr };
  };
  try {
    await Promise.race([paused, exited, late]);
  } catch (error) {
    await kill();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return { kill };
}
