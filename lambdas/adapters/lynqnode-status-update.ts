// Read-modify-write of a LynqNode's status, retried when another writer got there first: the one
// loop behind LynqNodeRecords.updateStatusWithRetry, for the cluster store and the in-memory fake alike.
import type { LynqNodeRecords } from '../core/contracts/lynqnode-records';
import type { LynqNodeRecord, LynqNodeStatus } from '../core/contracts/workflow-contracts';
import { LYNQNODE_API_VERSION, LYNQNODE_KIND } from '../core/apply/tracking-labels';
import { KubeNotFoundError, KubeStaleWriteError } from './kube-errors';

const STATUS_RETRIES = 8;

/** `mutate` returns the new status, or undefined to leave the record as it is. */
export async function updateStatusWithRetry(
  records: Pick<LynqNodeRecords, 'namespace' | 'get' | 'replaceStatus'>,
  name: string,
  mutate: (record: LynqNodeRecord) => LynqNodeStatus | undefined,
): Promise<LynqNodeRecord> {
  for (let attempt = 1; ; attempt++) {
    const current = await records.get(name);
    if (!current) {
      throw new KubeNotFoundError(`LynqNode ${records.namespace}/${name} not found`, {
        statusCode: 404, target: { verb: 'update', apiVersion: LYNQNODE_API_VERSION, kind: LYNQNODE_KIND, name, namespace: records.namespace },
      });
    }
    const status = mutate(structuredClone(current));
    if (status === undefined) return current;
    try {
      return await records.replaceStatus({ ...current, status });
    } catch (err) {
      if (!(err instanceof KubeStaleWriteError) || attempt >= STATUS_RETRIES) throw err;
    }
  }
}
