// The PEM file of the CAs that verify the MySQL server (LYNQ_MYSQL_CA_FILE): in the deployed
// functions, the file the stack ships beside the code (the RDS CA bundle, or the user's mysqlCaFile).
// Read when the first connection opens (then kept), so a function that never connects never reads it.
import { readFileSync } from 'node:fs';

const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/** `setting` names where the path came from in errors (synth checks the stack's mysqlCaFile with it too). */
export function readMysqlCaFile(file: string, setting = 'LYNQ_MYSQL_CA_FILE'): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${setting} ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (!pem.includes(PEM_CERTIFICATE)) throw new Error(`${setting} ${file} holds no PEM certificate (no "${PEM_CERTIFICATE}" line)`);
  return pem;
}

// The file ships with the function and never changes while the container lives: read it once, not
// on every connection (a failed read is not kept, so it is reported again).
const caTextByFile = new Map<string, string>();

/** readMysqlCaFile, once per file for the life of the process. */
export function mysqlCaText(file: string): string {
  let pem = caTextByFile.get(file);
  if (pem === undefined) {
    pem = readMysqlCaFile(file);
    caTextByFile.set(file, pem);
  }
  return pem;
}
