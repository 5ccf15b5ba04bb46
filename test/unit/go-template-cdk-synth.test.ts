// `cdk synth` loads the configuration like `validate`: the verbatim seed (Go templates)
// synthesizes, and a Go-template error fails synth naming file, resource, field and position.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildTestStack, copyConfigDir, PROJECT_ROOT, removeTestDirs } from './cdk-test-app';

const VERBATIM = path.join(PROJECT_ROOT, 'examples', 'seed-verbatim');

afterAll(() => { removeTestDirs(); });

it('synthesizes the seed verbatim (Go templates)', () => {
  const { template } = buildTestStack({ configDir: copyConfigDir(VERBATIM) });
  template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
});

it('fails on a Go-template error with file, resource id, field and position', () => {
  const dir = copyConfigDir(VERBATIM);
  const file = path.join(dir, 'form.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('masterUsername: "{{ .uid }}"', 'masterUsername: "{{ .uid | env }}"'));
  expect(() => buildTestStack({ configDir: dir })).toThrow(
    /form\.yaml: resource 'rds-instance': spec\.spec\.forProvider\.masterUsername: go template syntax error at line 1, column 11: function "env" is refused/,
  );
});
