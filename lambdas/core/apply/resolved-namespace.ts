// Where an object lands (DESIGN §7): one rule for apply, readiness checks, deletion, orphaning and
// status.appliedResources, so they always look at the same object.

/**
 * A cluster-scoped kind has no namespace (targetNamespace does not apply); a namespaced one without
 * targetNamespace or metadata.namespace lands in the node's record namespace (Lynq's default: the
 * LynqNode's namespace).
 */
export function resolvedNamespace(renderedNamespace: string | undefined, namespaced: boolean, recordNamespace: string): string | undefined {
  if (!namespaced) return undefined;
  return renderedNamespace || recordNamespace;
}
