// The controllers of a real control plane that the recorded exchanges rely on (namespace
// controller, garbage collector, apiextensions controllers). They run after a write has been answered, never inside it,
// so clients see the same in-between states as on a real cluster (Terminating, foregroundDeletion).
import { crdControllerPass } from './crd-controller';
import { garbageCollectorPass } from './garbage-collector';
import { NamespaceQueue, namespaceControllerPass } from './namespace-controller';
import type { ResourceOperations } from './resource-operations';

export class ControlPlane {
  private scheduled = false;
  private lastError: unknown;
  private readonly namespaces: NamespaceQueue;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ops: ResourceOperations, namespaceDelayMs?: number) {
    this.namespaces = new NamespaceQueue(namespaceDelayMs);
  }

  /** Called after every write: one settling run on the next turn of the event loop. */
  kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.settle();
    });
  }

  settle(): void {
    try {
      for (let i = 0; i < 20; i++) {
        const namespaces = namespaceControllerPass(this.ops, this.namespaces);
        if (namespaces.nextInMs !== undefined) this.wakeIn(namespaces.nextInMs);
        const collected = garbageCollectorPass(this.ops);
        const crds = crdControllerPass(this.ops);
        if (!namespaces.changed && !collected && !crds) return;
      }
    } catch (e) {
      this.lastError = e; // a controller error must not take the test process down; see error()
    }
  }

  /** Settles again when a namespace's turn comes; the timer never keeps the process alive. */
  private wakeIn(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.settle();
    }, ms);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  error(): unknown {
    return this.lastError;
  }
}
