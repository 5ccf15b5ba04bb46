import * as k8s from '@kubernetes/client-node';
import { StateMachine } from 'aws-local-stepfunctions';
test('esm deps load', () => { expect(typeof k8s.KubeConfig).toBe('function'); expect(typeof StateMachine).toBe('function'); });
