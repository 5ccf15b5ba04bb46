// Watches (GET <collection>?watch=true) as the apiserver serves them: one JSON event per line,
// {"type":"ADDED"|"MODIFIED"|"DELETED"|"ERROR","object":...}, for the objects a list with the
// same namespace and selectors holds. Without a resourceVersion (or with "0") the watch starts
// with an ADDED event per current object; with one, it replays the changes after it, or answers
// an ERROR event with a 410 Expired Status when they are no longer kept. `timeoutSeconds` ends it.
import type { ServerResponse } from 'node:http';
import type { FieldSelector } from './field-selector';
import type { KubeObject } from './json-types';
import type { LabelSelector } from './label-selector';
import type { ResourceOperations, Target } from './resource-operations';
import { typeKey } from './resource-type';

export interface WatchRequest {
  target: Target;
  labels: LabelSelector;
  fields: FieldSelector;
  resourceVersion?: string;
  timeoutSeconds?: number;
}

/** Longest a watch stays open without timeoutSeconds (the apiserver picks 30-60 min at random). */
const DEFAULT_WATCH_SECONDS = 1800;

export function serveWatch(ops: ResourceOperations, watch: WatchRequest, res: ServerResponse): void {
  const { target } = watch;
  const key = typeKey(target.type.group, target.type.plural);
  const matches = (obj: Readonly<KubeObject>) =>
    (target.namespace === undefined || obj.metadata.namespace === target.namespace) && watch.labels(obj.metadata.labels) && watch.fields(obj);
  const send = (type: string, object: unknown) => res.write(`${JSON.stringify({ type, object })}\n`);
  const sendObject = (type: string, obj: Readonly<KubeObject>) => send(type, ops.present(target, obj));

  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.flushHeaders(); // a watch answers at once, before any event
  const from = watch.resourceVersion;
  if (!from || from === '0') {
    for (const obj of ops.store.page(target.type, target.namespace, matches).items) sendObject('ADDED', obj);
  } else {
    const events = ops.store.eventsSince(Number(from));
    if (!events) {
      send('ERROR', {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
        message: `too old resource version: ${from} (${ops.store.currentResourceVersion()})`, reason: 'Expired', code: 410,
      });
      res.end();
      return;
    }
    for (const e of events) if (typeKey(e.type.group, e.type.plural) === key && matches(e.obj)) sendObject(e.event, e.obj);
  }
  const unsubscribe = ops.store.onChange((type, event, obj) => {
    if (typeKey(type.group, type.plural) === key && matches(obj)) sendObject(event, obj);
  });
  const timer = setTimeout(() => res.end(), (watch.timeoutSeconds ?? DEFAULT_WATCH_SECONDS) * 1000);
  res.on('close', () => {
    unsubscribe();
    clearTimeout(timer);
  });
}
