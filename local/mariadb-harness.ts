// A real MySQL-compatible database for tests (DESIGN §9).
// Either a throwaway `mariadbd` in a temp dir on a free loopback port, or a fresh
// database inside the server named by LYNQ_TEST_MYSQL_URL. Never the machine's own :3306.
import { quoteIdentifier } from '../lambdas/adapters/sql-identifier';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';

export interface TestDatabase {
  host: string;
  port: number;
  /** Least-privilege reader (SELECT on the database only) when the harness owns the server. */
  user: string;
  password: string;
  database: string;
  /** mysql://user:pass@host:port/db for `user`. */
  url: string;
  /** True when this harness started the server (so stopServer works). */
  ownsServer: boolean;
  /** Runs one statement as an administrator, in `database`. */
  query<T = Record<string, unknown>[]>(sql: string, params?: unknown[]): Promise<T>;
  /** Runs several `;`-separated statements as an administrator, in `database`. */
  exec(multiStatementSql: string): Promise<void>;
  loadSqlFile(path: string): Promise<void>;
  /** Kills the server but keeps the settings, for "MySQL stopped" tests. Only when ownsServer. */
  stopServer(): Promise<void>;
  /** Drops/kills everything this harness made. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartTestDatabaseOptions {
  database?: string;
  /** Start a private server even when LYNQ_TEST_MYSQL_URL is set (tests that stop the server). */
  privateServer?: boolean;
  /** A private server that offers TLS with this certificate and key (PEM files); implies privateServer. */
  tls?: { certFile: string; keyFile: string };
}

const MARIADBD = process.env.LYNQ_MARIADBD ?? '/usr/sbin/mariadbd';
const INSTALL_DB = process.env.LYNQ_MARIADB_INSTALL_DB ?? 'mariadb-install-db';
const READER_USER = 'node_reader';
const STARTUP_TIMEOUT_MS = 20_000;

export async function startTestDatabase(opts: StartTestDatabaseOptions = {}): Promise<TestDatabase> {
  const external = process.env.LYNQ_TEST_MYSQL_URL;
  if (external && !opts.privateServer && !opts.tls) return useExternalServer(external, opts.database);
  return startPrivateServer(opts.database ?? 'nodes_db', opts.tls);
}

// ---------- external server (LYNQ_TEST_MYSQL_URL) ----------

async function useExternalServer(rawUrl: string, wanted?: string): Promise<TestDatabase> {
  const url = new URL(rawUrl);
  const host = url.hostname || '127.0.0.1';
  const port = Number(url.port || 3306);
  const user = decodeURIComponent(url.username || 'root');
  const password = decodeURIComponent(url.password);
  // A unique name so parallel test files never share a database.
  const database = `${wanted ?? 'lynq_test'}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = await mysql.createConnection({ host, port, user, password, multipleStatements: true });
  await admin.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
  await admin.changeUser({ database });
  let stopped = false;
  return buildHandle({
    host, port, user, password, database, admin, ownsServer: false,
    stopServer: () => Promise.reject(new Error('stopServer() needs a private server: call startTestDatabase({ privateServer: true })')),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)}`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    },
  });
}

// ---------- private throwaway server ----------

async function startPrivateServer(database: string, tls: StartTestDatabaseOptions['tls']): Promise<TestDatabase> {
  if (!existsSync(MARIADBD)) {
    throw new Error(`MariaDB server not found at ${MARIADBD}: install it with \`apt-get install -y mariadb-server\` (or set LYNQ_TEST_MYSQL_URL)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'lynq-mariadb-'));
  const dataDir = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  // Its own tmpdir: MariaDB names temporary tables after its pid, so servers installed at the same
  // time in other PID namespaces that share /tmp removed each other's ("Unknown table mysql.tmp_user_socket").
  const tmpDir = join(dir, 'tmp');
  mkdirSync(tmpDir);
  const install = spawnSync(INSTALL_DB, [
    '--no-defaults', `--datadir=${dataDir}`, '--user=root', '--auth-root-authentication-method=normal',
    '--skip-test-db', '--skip-name-resolve', '--innodb-log-file-size=8M', `--tmpdir=${tmpDir}`,
  ], { encoding: 'utf8' });
  if (install.error || install.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    const why = install.error ? install.error.message : `${install.stdout}\n${install.stderr}`.trim().slice(-2000);
    throw new Error(`mariadb-install-db failed (is \`apt-get install -y mariadb-server\` done?): ${why}`);
  }

  const port = await freeLoopbackPort();
  let child: ChildProcess | undefined = spawnServer(dir, dataDir, socket, port, tls);
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  let admin: mysql.Connection;
  try {
    admin = await waitForServer(child, socket, dir);
  } catch (err) {
    child.kill('SIGKILL');
    process.removeListener('exit', killOnExit);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const password = `reader-${randomBytes(9).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
  await admin.query(`CREATE USER '${READER_USER}'@'%' IDENTIFIED BY '${password}'`);
  await admin.query(`GRANT SELECT ON ${quoteIdentifier(database)}.* TO '${READER_USER}'@'%'`);
  await admin.changeUser({ database });

  const stopServer = async () => {
    const proc = child;
    child = undefined;
    await admin.end().catch(() => undefined);
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((resolve) => proc.once('exit', () => { resolve(); }));
      proc.kill('SIGKILL');
      await exited;
    }
  };
  let stopped = false;
  return buildHandle({
    host: '127.0.0.1', port, user: READER_USER, password, database, admin, ownsServer: true,
    stopServer,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await stopServer();
      process.removeListener('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

function spawnServer(dir: string, dataDir: string, socket: string, port: number, tls: StartTestDatabaseOptions['tls']): ChildProcess {
  return spawn(MARIADBD, [
    '--no-defaults', `--datadir=${dataDir}`, '--user=root', `--port=${port}`, '--bind-address=127.0.0.1',
    `--socket=${socket}`, `--pid-file=${join(dir, 'mysqld.pid')}`, `--log-error=${join(dir, 'error.log')}`,
    '--skip-name-resolve', '--skip-log-bin', '--innodb-buffer-pool-size=16M', '--innodb-log-file-size=8M',
    '--max-connections=200', '--performance-schema=OFF', `--tmpdir=${join(dir, 'tmp')}`,
    ...(tls ? [`--ssl-cert=${tls.certFile}`, `--ssl-key=${tls.keyFile}`] : []),
  ], { stdio: 'ignore' });
}

async function waitForServer(child: ChildProcess, socket: string, dir: string): Promise<mysql.Connection> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`mariadbd exited during startup: ${readLog(dir)}`);
    }
    if (existsSync(socket)) {
      try {
        return await mysql.createConnection({ socketPath: socket, user: 'root', multipleStatements: true });
      } catch {
        // not accepting yet
      }
    }
    if (Date.now() > deadline) throw new Error(`mariadbd did not start within ${STARTUP_TIMEOUT_MS} ms: ${readLog(dir)}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'error.log'), 'utf8').slice(-2000);
  } catch {
    return '(no error log)';
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => { resolve(port); });
    });
  });
}

// ---------- shared handle ----------

interface HandleParts {
  host: string; port: number; user: string; password: string; database: string;
  admin: mysql.Connection; ownsServer: boolean;
  stopServer(): Promise<void>; stop(): Promise<void>;
}

function buildHandle(p: HandleParts): TestDatabase {
  const exec = async (sql: string) => {
    await p.admin.query(sql);
  };
  return {
    host: p.host,
    port: p.port,
    user: p.user,
    password: p.password,
    database: p.database,
    url: `mysql://${encodeURIComponent(p.user)}:${encodeURIComponent(p.password)}@${p.host}:${p.port}/${p.database}`,
    ownsServer: p.ownsServer,
    query: async <T>(sql: string, params?: unknown[]) => {
      const [rows] = await p.admin.query(sql, params);
      return rows as T;
    },
    exec,
    loadSqlFile: async (path: string) => exec(readFileSync(path, 'utf8')),
    stopServer: () => p.stopServer(),
    stop: () => p.stop(),
  };
}
