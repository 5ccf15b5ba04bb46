// connectTestCluster (emulator by default, a real cluster by LYNQ_TEST_KUBECONFIG) and the clocks.
import { CoreV1Api } from '@kubernetes/client-node';
import { SimulatedClock, systemClock } from '../../local/simulated-clock';
import { connectTestCluster } from '../support/test-cluster';

test('connects to the emulator unless LYNQ_TEST_KUBECONFIG names a real cluster', async () => {
  const cluster = await connectTestCluster();
  try {
    expect(cluster.isReal).toBe(Boolean(process.env.LYNQ_TEST_KUBECONFIG));
    expect(cluster.emulator === undefined).toBe(cluster.isReal);
    if (!cluster.isReal) expect(cluster.kubeconfigPath).toBe(cluster.emulator!.kubeconfigPath);
    const core = cluster.kubeConfig.makeApiClient(CoreV1Api);
    const name = cluster.uniqueName('lynq-test');
    expect(name).toMatch(/^lynq-test-[0-9a-f]{6}-[0-9a-f]{4}$/);
    expect(cluster.uniqueName('lynq-test')).not.toBe(name);
    await core.createNamespace({ body: { metadata: { name } } });
    await cluster.cleanupNamespaces();
    const left = await core.readNamespace({ name }).then((ns) => ns.metadata?.deletionTimestamp !== undefined, () => true);
    expect(left).toBe(true); // gone, or terminating on a real cluster
    expect((await core.readNamespace({ name: 'default' })).metadata?.name).toBe('default');
  } finally {
    await cluster.stop();
  }
});

test('SimulatedClock moves only when advanced, and never backwards', () => {
  const clock = new SimulatedClock(new Date('2026-01-01T00:00:00Z'));
  expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  clock.advance(90);
  expect(clock.now().toISOString()).toBe('2026-01-01T00:01:30.000Z');
  expect(() => { clock.advance(-1); }).toThrow('seconds must be a finite number >= 0');
  expect(systemClock.now()).toBeInstanceOf(Date);
});
