// The PEM file of the CAs that verify the MySQL server (LYNQ_MYSQL_CA_FILE): in the deployed
// functions with TLS mode rds, the RDS CA bundle the stack ships beside the code. Read when a
// connection opens, so a function that never connects never reads it.
import { readFileSync } from 'node:fs';

const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

export function readMysqlCaFile(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`LYNQ_MYSQL_CA_FILE ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (!pem.includes(PEM_CERTIFICATE)) throw new Error(`LYNQ_MYSQL_CA_FILE ${file} holds no PEM certificate (no "${PEM_CERTIFICATE}" line)`);
  return pem;
}
