// WorkflowDeps as the deployed functions and the local runner build them, from the real adapters.
// The steps see only WorkflowDeps' interfaces; the sync, the CLI and the local runner also use the
// kubeconfig and the store's listing and CRD install, which are not the steps' business.
import type { KubeConfig } from '@kubernetes/client-node';
import type { WorkflowDeps } from '../workflow/workflow-deps';
import type { LynqNodeStore } from './lynqnode-store';

export interface AdapterDeps extends WorkflowDeps {
  kube: KubeConfig;
  records: LynqNodeStore;
}
