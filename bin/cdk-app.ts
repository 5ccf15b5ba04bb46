// CDK app entry (cdk.json: `npx tsx bin/cdk-app.ts`). Settings come from cdk.json context.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LynqSfnStack } from '../lib/lynq-sfn-stack';
import { readStackSettings } from '../lib/stack-settings';

const app = new App();
const settings = readStackSettings((key) => app.node.tryGetContext(key));
// No env: the stack is environment-agnostic, so synth needs no AWS account or credentials.
new LynqSfnStack(app, settings.stackName, {
  settings,
  stackName: settings.stackName,
  description: 'lynq-sfn: one Kubernetes stack per MySQL row, reconciled by Step Functions',
});
// cdk-nag v3 is a policy-validation plugin: any unacknowledged finding fails synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
