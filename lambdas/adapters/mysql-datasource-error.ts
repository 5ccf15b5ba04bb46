// The one error the hub reader throws (DESIGN §5: a datasource failure starts and deletes nothing).

export type DatasourceErrorKind = 'unreachable' | 'auth' | 'missing-table' | 'missing-column' | 'timeout' | 'query';

export const DATASOURCE_ERROR_NAME = 'Lynq.DatasourceError';

export class DatasourceError extends Error {
  readonly kind: DatasourceErrorKind;
  /** The driver's error code (e.g. ER_NO_SUCH_TABLE), when there was one. */
  readonly code?: string;

  constructor(kind: DatasourceErrorKind, message: string, code?: string) {
    super(message);
    this.name = DATASOURCE_ERROR_NAME;
    this.kind = kind;
    this.code = code;
  }
}

export function isDatasourceError(err: unknown): err is DatasourceError {
  return err instanceof DatasourceError || (err instanceof Error && err.name === DATASOURCE_ERROR_NAME && 'kind' in err);
}
