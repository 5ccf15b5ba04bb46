// Reads the hub table (DESIGN §5): one connection, one query, only the mapped columns.
import { quoteIdentifier, quoteTableName } from './sql-identifier';
import mysql from 'mysql2/promise';
import type { HubConfig } from '../core/config/config-model';
import { mappedColumns } from '../core/sync/row-mapping';
import type { MysqlConnectionSettings } from './mysql-connection-settings';
import { mysqlCaText } from './mysql-ca-file';
import { DatasourceError, type DatasourceErrorKind } from './mysql-datasource-error';

export interface ReadHubRowsOptions {
  /** Bounds connecting and the query, each (default 10 s). */
  timeoutMs?: number;
  /** Only the rows of this uid (every one of them, so a duplicate is still seen): one node's execution. */
  uid?: string;
}

export const DEFAULT_MYSQL_TIMEOUT_MS = 10_000;

/**
 * The connection's character set, pinned rather than left to mysql2's default: mysql2 encodes
 * utf8mb4 with Buffer, so the functions need no encoder for queries (mysql-charset-codec.ts), and
 * the server sends every text column converted to it.
 */
export const MYSQL_CONNECTION_CHARSET = 'UTF8MB4_UNICODE_CI';

type SslOptions = Exclude<mysql.ConnectionOptions['ssl'], undefined>;

/**
 * `ca`, the text of the CA file (mysqlCaText), replaces the CAs the server is verified against.
 * rds without one is mysql2's 'Amazon RDS' profile, which only the CLI and local runs carry: the
 * functions are given the RDS CA bundle as a file (lib/mysql-ca-asset.ts).
 */
function sslOptions(tls: MysqlConnectionSettings['tls'], ca: string | undefined): SslOptions | undefined {
  if (tls === undefined || tls === 'off') return undefined;
  if (ca !== undefined) return { ca, rejectUnauthorized: true };
  return tls === 'rds' ? 'Amazon RDS' : { rejectUnauthorized: true };
}

/** mysql2 options for one read. DATETIME values are read as UTC, so a row hashes the same in Lambda and on a laptop. */
export function mysqlClientOptions(conn: MysqlConnectionSettings, timeoutMs: number, ca?: string): mysql.ConnectionOptions {
  const ssl = sslOptions(conn.tls, ca);
  return {
    host: conn.host, port: conn.port, user: conn.user, password: conn.password, database: conn.database, charset: MYSQL_CONNECTION_CHARSET,
    connectTimeout: timeoutMs, supportBigNumbers: true, timezone: 'Z', typeCast: keepColumnText, ...(ssl ? { ssl } : {}),
  };
}

const DATE_TYPES = new Set(['DATE', 'NEWDATE', 'DATETIME', 'DATETIME2', 'TIMESTAMP', 'TIMESTAMP2']);
const SQL_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?)?$/;

/**
 * A DATE/DATETIME/TIMESTAMP text as a UTC Date. MySQL's zero date (`0000-00-00`) and dates with a
 * zero month or day are no point in time: they become null (mysql2 would turn `0000-00-00` into
 * 1899-11-30 and a zero DATETIME into an invalid Date).
 */
export function dateOrNull(text: string | null): Date | null {
  if (text === null) return null;
  const parts = SQL_DATE.exec(text);
  if (!parts) return null;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = ''] = parts;
  if (Number(month) === 0 || Number(day) === 0) return null;
  const when = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction.slice(0, 4)}Z`);
  return Number.isNaN(when.getTime()) ? null : when;
}

/**
 * JSON columns (MySQL's JSON type, MariaDB's JSON alias) stay the JSON text, so a template reads
 * them with `fromJson()` and the row hashes the same whichever server parsed it; dates are read
 * as UTC with zero dates as null (dateOrNull); BIT(n) becomes its unsigned integer, as BIT(1)
 * already does in row mapping. BOOLEAN (MySQL's TINYINT(1)) becomes a boolean (DESIGN §3), so the
 * seed's unquoted `multiAZ: {{ .dbMultiAz }}` gives the boolean a CRD schema demands; any other
 * value than 0 is true, as MySQL's own `IF(col, …)` reads it. Everything else as mysql2 reads it.
 */
type ColumnCast = Exclude<mysql.TypeCast, boolean>;

export const keepColumnText: ColumnCast = (field, next) => {
  if (field.type === 'JSON' || field.extendedFormat === 'json') return field.string('utf8');
  if (DATE_TYPES.has(field.type)) return dateOrNull(field.string('latin1'));
  if (field.type === 'TINY' && field.length === 1) {
    const text = field.string('latin1');
    return text === null ? null : Number(text) !== 0;
  }
  if (field.type === 'BIT') {
    const bytes = field.buffer();
    if (bytes === null) return null;
    let value = 0n;
    for (const byte of bytes) value = (value << 8n) | BigInt(byte);
    return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  }
  return next();
};

/**
 * Rows keyed by column name. SQL types are kept as mysql2 gives them: integers as numbers,
 * TINYINT(1)/BOOLEAN as booleans,
 * NULL as null, DECIMAL as string, DATETIME as Date; integers beyond 2^53 as exact strings;
 * JSON as its text and BIT(n) as an integer (keepColumnText).
 */
export async function readHubRows(hub: HubConfig, conn: MysqlConnectionSettings, opts: ReadHubRowsOptions = {}): Promise<Record<string, unknown>[]> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_MYSQL_TIMEOUT_MS;
  const columns = mappedColumns(hub);
  const table = hub.source.mysql.table;
  const select = `SELECT ${columns.map(quoteIdentifier).join(', ')} FROM ${quoteTableName(table)}`;
  const sql = opts.uid === undefined ? select : `${select} WHERE ${quoteIdentifier(hub.valueMappings.uid)} = ?`;
  const where = `MySQL ${conn.host}:${conn.port}/${conn.database}`;
  const ca = conn.caFile === undefined ? undefined : mysqlCaText(conn.caFile);

  let connection: mysql.Connection | undefined;
  try {
    connection = await mysql.createConnection(mysqlClientOptions(conn, timeoutMs, ca));
    const [rows] = await connection.query({ sql, timeout: timeoutMs, values: opts.uid === undefined ? [] : [opts.uid] });
    return rows as Record<string, unknown>[];
  } catch (err) {
    throw toDatasourceError(err, { where, table, columns, hub, password: conn.password, timeoutMs });
  } finally {
    // destroy() never waits on a dead server; end() would.
    connection?.destroy();
  }
}

interface ErrorContext {
  where: string;
  table: string;
  columns: string[];
  hub: HubConfig;
  password: string;
  timeoutMs: number;
}

const KIND_BY_CODE: Record<string, DatasourceErrorKind> = {
  ECONNREFUSED: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ECONNRESET: 'unreachable',
  PROTOCOL_CONNECTION_LOST: 'unreachable',
  ETIMEDOUT: 'timeout',
  PROTOCOL_SEQUENCE_TIMEOUT: 'timeout',
  ER_ACCESS_DENIED_ERROR: 'auth',
  ER_DBACCESS_DENIED_ERROR: 'auth',
  ER_TABLEACCESS_DENIED_ERROR: 'auth',
  ER_COLUMNACCESS_DENIED_ERROR: 'auth',
  ER_NO_SUCH_TABLE: 'missing-table',
  ER_BAD_DB_ERROR: 'missing-table',
  ER_BAD_FIELD_ERROR: 'missing-column',
};

function toDatasourceError(err: unknown, ctx: ErrorContext): DatasourceError {
  const e = err as { code?: string; sqlMessage?: string; message?: string } | undefined;
  const code = e?.code;
  const kind: DatasourceErrorKind = (code && KIND_BY_CODE[code]) || 'query';
  const detail = e?.sqlMessage ?? e?.message ?? String(err);
  const message = (() => {
    switch (kind) {
      case 'unreachable':
        return `${ctx.where} is unreachable (${code}): ${detail}`;
      case 'timeout':
        return `${ctx.where}: no answer within ${ctx.timeoutMs} ms while reading table ${ctx.table} (${code})`;
      case 'auth':
        return `${ctx.where}: access denied reading table ${ctx.table} (${code}): ${detail}`;
      case 'missing-table':
        return code === 'ER_BAD_DB_ERROR'
          ? `${ctx.where}: database ${ctx.hub.source.mysql.database} does not exist (hub ${ctx.hub.name}, ${ctx.hub.file}: spec.source.mysql.database)`
          : `${ctx.where}: table ${ctx.table} does not exist (hub ${ctx.hub.name}, ${ctx.hub.file}: spec.source.mysql.table)`;
      case 'missing-column': {
        const column = /Unknown column '([^']*)'/.exec(detail)?.[1] ?? '(unknown)';
        return `${ctx.where}: table ${ctx.table} has no column ${column}, mapped by ${mappingFields(ctx.hub, column)} (hub ${ctx.hub.name}, ${ctx.hub.file})`;
      }
      default:
        return `${ctx.where}: query on table ${ctx.table} failed (${code ?? 'error'}): ${detail}`;
    }
  })();
  return new DatasourceError(kind, redact(message, ctx.password), code);
}

/** Which hub.yaml fields name the column, e.g. "spec.extraValueMappings.planType". */
function mappingFields(hub: HubConfig, column: string): string {
  const fields: string[] = [];
  for (const [field, col] of Object.entries(hub.valueMappings)) if (col === column) fields.push(`spec.valueMappings.${field}`);
  for (const [variable, col] of Object.entries(hub.extraValueMappings)) if (col === column) fields.push(`spec.extraValueMappings.${variable}`);
  return fields.length ? fields.join(', ') : 'a mapping';
}

/** Belt and braces: driver messages should not hold the password, but never let one through. */
function redact(message: string, password: string): string {
  return password ? message.split(password).join('****') : message;
}
