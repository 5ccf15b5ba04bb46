import type { ResourceTemplate } from '../config/config-model';

/** A manifest rendered for one node: what the Kubernetes layer applies. */
export interface RenderedResource {
  id: string;
  template: ResourceTemplate;
  /** Full object: apiVersion, kind, metadata.name (from nameTemplate), metadata.namespace (targetNamespace), labels, annotations. */
  manifest: KubeObject;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}
