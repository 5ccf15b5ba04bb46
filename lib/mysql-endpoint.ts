// What synth decides about the hub's MySQL endpoint: a deployed function can never reach a
// loopback address, and TLS is on unless a user turns it off explicitly.
import type { MysqlTls } from '../lambdas/adapters/mysql-connection-settings';

/** localhost, 127.0.0.0/8, ::1 (also bracketed or IPv4-mapped). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.replace(/^::ffff:/, '');
  return /^127(\.\d{1,3}){3}$/.test(v4);
}

/** RDS and Aurora endpoints (all partitions) verify against the RDS CA bundle. */
export function isRdsHost(host: string): boolean {
  return /\.rds\.amazonaws\.com(\.cn)?$/i.test(host.trim());
}

/** The TLS mode when none is set: `rds` for RDS endpoints, `required` (system CAs) otherwise. */
export function defaultMysqlTls(host: string): MysqlTls {
  return isRdsHost(host) ? 'rds' : 'required';
}

export class MysqlEndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MysqlEndpointError';
  }
}

/** Throws when the deployed functions would connect to a loopback address (ECONNREFUSED every sync). */
export function assertReachableMysqlHost(host: string, source: string): void {
  if (isLoopbackHost(host)) {
    throw new MysqlEndpointError(
      `MySQL host ${JSON.stringify(host)} (from ${source}) is a loopback address: the deployed functions would fail every sync with ECONNREFUSED. ` +
        'Set the hub\'s spec.source.mysql.host, or pass the endpoint the functions reach from their subnets: -c mysqlHost=<host>.',
    );
  }
}
