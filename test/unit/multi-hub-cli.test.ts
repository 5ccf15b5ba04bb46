// The CLI on a directory of several hubs (examples/plan-tiers): validate summarises every hub,
// render finds the hub of --form or takes --hub, rbac covers every hub's forms.
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { validateDirectory } from '../../cli/validate-command';
import { renderNode } from '../../cli/render-command';
import { rbacYaml } from '../../cli/rbac-command';

const PLAN_TIERS = join(__dirname, '..', '..', 'examples', 'plan-tiers');
const ENTERPRISE_ROW = JSON.stringify({ is_active: 1, db_instance_class: 'db.m5.large', db_storage_gb: 200, db_multi_az: true, plan_type: 'enterprise' });

test('validate lists every hub with its table, schedule and forms', () => {
  const out = validateDirectory(PLAN_TIERS);
  expect(out.exitCode).toBe(0);
  expect(out.stdout).toContain("hub 'basic-tier': mysql 127.0.0.1:3306/nodes_db table basic_nodes, sync every 300s");
  expect(out.stdout).toContain("hub 'enterprise-tier': mysql 127.0.0.1:3306/nodes_db table enterprise_nodes, sync every 60s");
  expect(out.stdout).toMatch(/hub 'basic-tier'.*\n {2}form 'basic-stack'/);
  expect(out.stdout).toMatch(/hub 'enterprise-tier'.*\n {2}form 'enterprise-stack'/);
});

test('render takes the hub of --form, or --hub; without either it names the hubs', () => {
  const byForm = renderNode(PLAN_TIERS, { uid: 'globex-corp', values: ENTERPRISE_ROW, form: 'enterprise-stack', json: true, now: '2026-01-01T00:00:00Z' });
  expect(byForm.exitCode).toBe(0);
  const app = JSON.parse(byForm.stdout).find((r: { id: string }) => r.id === 'app');
  expect(app.manifest.spec.replicas).toBe(3);
  const byHub = renderNode(PLAN_TIERS, { uid: 'globex-corp', values: ENTERPRISE_ROW, hub: 'basic-tier', json: true, now: '2026-01-01T00:00:00Z' });
  expect(JSON.parse(byHub.stdout).find((r: { id: string }) => r.id === 'app').manifest.spec.replicas).toBe(1);
  const neither = renderNode(PLAN_TIERS, { uid: 'globex-corp', values: ENTERPRISE_ROW });
  expect(neither).toMatchObject({ exitCode: 1, stderr: expect.stringContaining("has 2 hubs ('basic-tier', 'enterprise-tier'); name one") });
  const mismatch = renderNode(PLAN_TIERS, { uid: 'globex-corp', values: ENTERPRISE_ROW, form: 'enterprise-stack', hub: 'basic-tier' });
  expect(mismatch.stderr).toBe("error: form 'enterprise-stack' is of hub 'enterprise-tier', not 'basic-tier'\n");
});

test("rbac grants what every hub's forms place", () => {
  const [, , tasks] = parseAllDocuments(rbacYaml(PLAN_TIERS)).map((doc) => doc.toJS());
  expect(tasks.rules.map((r: { resources: string[] }) => r.resources.join(','))).toEqual(['namespaces', 'deployments', 'rdsinstances', 'lynqnodes', 'lynqnodes/status']);
});
