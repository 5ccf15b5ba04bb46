// cdk-nag (AwsSolutions) acknowledgements. Each names the exact finding and why it is
// acceptable here; everything else must pass the checks.
import type { Stack } from 'aws-cdk-lib';
import { NagSuppressions } from 'cdk-nag';
import type { LynqSfn } from './lynq-sfn-construct';

export function addLynqNagSuppressions(stack: Stack, lynq: LynqSfn): void {
  void stack;
  void lynq;
  void NagSuppressions;
}
