// Which node an object belongs to: what the tracking labels say and what ownership checks compare.

/** Who owns the object: the node (LynqNode record) it belongs to. */
export interface NodeIdentity {
  /** LynqNode name, e.g. acme-corp-database-provisioning. */
  nodeName: string;
  /** Namespace of the LynqNode record. */
  recordNamespace: string;
  uid: string;
  form: string;
  hubId: string;
}

/** Who the object belongs to, as far as lynq-sfn is concerned. */
export type NodeOwner = Pick<NodeIdentity, 'uid' | 'form' | 'hubId'>;
