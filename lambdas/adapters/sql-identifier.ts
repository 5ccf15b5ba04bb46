// SQL identifiers (database, table, column names) in MySQL/MariaDB statements: the one quoting
// function, used by the row reader, the MariaDB harness and the tests. Values never go here:
// they are bound as `?` parameters.

/** `name` as a quoted identifier: backticks around it, a backtick inside doubled, so a name can never become SQL. */
export function quoteIdentifier(name: string): string {
  if (!name) throw new Error('empty SQL identifier');
  // MySQL identifiers cannot hold NUL; quoting cannot make one safe.
  if (name.includes('\0')) throw new Error('SQL identifier contains a NUL character');
  return '`' + name.replace(/`/g, '``') + '`';
}

/** `db.view` -> `db`.`view`: each part quoted. */
export function quoteTableName(table: string): string {
  return table.split('.').map(quoteIdentifier).join('.');
}
