// Resource quantities against answers recorded from a real kube-apiserver (v1.20.2): the emulator
// stores each as the server does (canonical form, ResourceLists rounded up to milli units),
// rejects the values the server's decoder rejects with the same message, and refuses negative
// values in validation (422) with the same causes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startKubeEmulator, type KubeEmulator } from '../../local/kube-emulator';

interface RecordedAnswer {
  value: string;
  resourceList?: string;
  quantity?: string;
  status?: number;
  message?: string;
}

const recorded = JSON.parse(readFileSync(join(__dirname, 'quantities-kube-v1.20.2.json'), 'utf8')) as { answers: RecordedAnswer[] };

function deployment(name: string, cpu: unknown, sizeLimit: unknown = cpu) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'qtest' },
    spec: {
      selector: { matchLabels: { a: 'b' } },
      template: {
        metadata: { labels: { a: 'b' } },
        spec: { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu } } }], volumes: [{ name: 'v', emptyDir: { sizeLimit } }] },
      },
    },
  };
}

let emulator: KubeEmulator;
async function send(method: string, path: string, body: unknown, contentType = 'application/json'): Promise<{ status: number; body: any }> {
  const res = await fetch(`${emulator.url}${path}`, { method, headers: { 'content-type': contentType }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
const containerOf = (d: any) => d.spec.template.spec.containers[0].resources.requests.cpu as string;
const sizeLimitOf = (d: any) => d.spec.template.spec.volumes[0].emptyDir.sizeLimit as string;

beforeAll(async () => {
  emulator = await startKubeEmulator();
  await send('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'qtest' } });
});
afterAll(() => emulator.stop());

test('the recording holds negative values, refused by validation rather than by the decoder', () => {
  expect(recorded.answers.filter((a) => a.status === 422).map((a) => a.value)).toEqual(['-1', '-1500m']);
});

test.each(recorded.answers.map((a) => [JSON.stringify(a.value), a] as const))('quantity %s is stored or refused as the real server did', async (_, answer) => {
  const res = await send('POST', '/apis/apps/v1/namespaces/qtest/deployments?dryRun=All', deployment('q', answer.value));
  if (answer.status === 422) {
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(answer.message);
  } else if (answer.status) {
    expect(res.status).toBe(answer.status);
    expect(res.body.message).toBe(`Deployment in version "v1" cannot be handled as a Deployment: ${answer.message}`);
  } else {
    expect(res.status).toBe(201);
    expect([containerOf(res.body), sizeLimitOf(res.body)]).toEqual([answer.resourceList, answer.quantity]);
  }
});

test('an apply stores canonical quantities; another manager applying the same value written differently conflicts (recorded on v1.20.2)', async () => {
  const apply = (manager: string, cpu: string) => send('PATCH', `/apis/apps/v1/namespaces/qtest/deployments/qa?fieldManager=${manager}`, deployment('qa', cpu, '1Gi'), 'application/apply-patch+yaml');
  const first = await apply('mgra', '1000m');
  expect(first.status).toBe(201);
  expect(containerOf(first.body)).toBe('1');
  // The conflict check compares the values as applied, before they are made canonical.
  const other = await apply('mgrb', '1000m');
  expect(other.status).toBe(409);
  expect(other.body.message).toBe('Apply failed with 1 conflict: conflict with "mgra": .spec.template.spec.containers[name="a"].resources.requests.cpu');
  expect((await apply('mgrb', '1')).status).toBe(200);
});

test('an unparsable quantity answers 500 on apply and 422 on a merge patch, naming the decoder error', async () => {
  const message = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  const applied = await send('PATCH', '/apis/apps/v1/namespaces/qtest/deployments/qb?fieldManager=t', deployment('qb', '1.2.3'), 'application/apply-patch+yaml');
  expect(applied.status).toBe(500);
  expect(applied.body.message).toBe(`failed to convert new object to proper version: unable to convert unstructured object to apps/v1, Kind=Deployment: ${message}`);

  expect((await send('POST', '/apis/apps/v1/namespaces/qtest/deployments', deployment('qp', '1'))).status).toBe(201);
  const patched = await send('PATCH', '/apis/apps/v1/namespaces/qtest/deployments/qp', { spec: { template: { spec: { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: 'abc' } } }] } } } }, 'application/merge-patch+json');
  expect(patched.status).toBe(422);
  expect(patched.body.reason).toBe('Invalid');
  expect(patched.body.message).toMatch(/^ "" is invalid: patch: Invalid value: ".*": quantities must match the regular expression/s);
});
