import { startKubeEmulator } from '../support/kube-emulator';
import { kubeConfigFromFile } from '../../lambdas/adapters/kube-connection';
import { KubeRest } from '../../lambdas/adapters/kube-rest';
import { applyResource } from '../../lambdas/adapters/resource-apply';
import { LynqNodeStore } from '../../lambdas/adapters/lynqnode-store';

it('scratch', async () => {
  const emu = await startKubeEmulator();
  const kc = kubeConfigFromFile(emu.kubeconfigPath);
  const rest = KubeRest.for(kc);
  console.log(await rest.resourceInfo('v1', 'Namespace'), await rest.resourceInfo('apps/v1', 'Deployment'));
  await rest.serverSideApply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns1' } }, false);
  const tpl: any = { id: 'app', list: 'deployments', spec: {}, nameTemplate: '', targetNamespace: '', labelsTemplate: {}, annotationsTemplate: {}, dependIds: [], creationPolicy: 'WhenNeeded', deletionPolicy: 'Delete', conflictPolicy: 'Stuck', patchStrategy: 'apply', waitForReady: true, timeoutSeconds: 300, skipOnDependencyFailure: true, ignoreFields: [] };
  const ctx = { nodeName: 'a-f', recordNamespace: 'lynq-system', uid: 'a', form: 'f', hubId: 'h', now: new Date() };
  const r = await applyResource(kc, { id: 'app', template: tpl, manifest: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'ns1' }, spec: { replicas: 2, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } } }, ctx);
  console.log(r.action, JSON.stringify(r.live.metadata, null, 1).slice(0, 1500));
  const r2 = await applyResource(kc, { id: 'app', template: tpl, manifest: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'ns1' }, spec: { replicas: 2, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } } }, ctx);
  console.log(r2.action);
  const store = new LynqNodeStore(kc);
  await rest.serverSideApply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lynq-system' } }, false);
  await store.ensureCrd();
  const rec = await store.create({ name: 'a-f', namespace: 'lynq-system', labels: { 'lynq.sh/hub': 'h' }, spec: { uid: 'a', form: 'f', hubId: 'h', desiredHash: 'x', values: { uid: 'a', activate: true } } });
  console.log(JSON.stringify(rec));
  console.log(emu.requests().map((q) => `${q.method} ${q.path} ${q.status}`).join('\n'));
  await emu.stop();
});
