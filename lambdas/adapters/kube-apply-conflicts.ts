// Who owns which fields in a server-side apply conflict (409), from the answer of a real API server.
// A real server puts the manager only in each cause's message and the field in cause.field, with
// `reason: FieldManagerConflict` and no `type`; its top-level message lists them in one of two forms:
//   Apply failed with 1 conflict: conflict with "platform-team": .data.color
//   Apply failed with 2 conflicts: conflicts with "ops-team":\n- .data.tier\nconflicts with "platform-team":\n- .data.zone
// A manager that wrote by Update adds ` using v1`; one that wrote the status adds ` with subresource "status"`.

export interface ApplyConflict {
  manager: string;
  /** How that manager wrote the fields, as the server says it: `using v1`, `with subresource "status"`, or ''. */
  how: string;
  fields: string[];
}

interface ConflictCause {
  type?: string;
  reason?: string;
  message?: string;
  field?: string;
}

const CONFLICT_REASON = 'FieldManagerConflict';
// Go's %q quoting: the manager name may hold escaped quotes.
const MANAGER = String.raw`"((?:[^"\\]|\\.)*)"`;
const CAUSE_MESSAGE = new RegExp(String.raw`^conflicts? with ${MANAGER}(.*)$`, 's');
const SINGLE = new RegExp(String.raw`^Apply failed with 1 conflict: conflict with ${MANAGER}(.*?): (\..*)$`, 's');
const GROUP_HEADER = new RegExp(String.raw`^conflicts with ${MANAGER}(.*):$`);

export function isApplyConflict(message: string | undefined, causes: ConflictCause[] | undefined): boolean {
  return (causes ?? []).some(isConflictCause) || /^Apply failed with \d+ conflicts?:/.test(message ?? '');
}

/** The conflicts grouped by manager: from the causes, or from the message when causes are missing. */
export function parseApplyConflicts(message: string | undefined, causes: ConflictCause[] | undefined): ApplyConflict[] {
  const fromCauses = conflictsFromCauses((causes ?? []).filter(isConflictCause));
  if (fromCauses.length > 0 && fromCauses.every((c) => c.manager && c.fields.length > 0)) return fromCauses;
  const fromMessage = conflictsFromMessage(message ?? '');
  return fromMessage.length > 0 ? fromMessage : fromCauses;
}

function isConflictCause(cause: ConflictCause): boolean {
  // `type` is what older clients and hand-written fixtures use; a real server sends `reason`.
  return cause.reason === CONFLICT_REASON || cause.type === CONFLICT_REASON;
}

function conflictsFromCauses(causes: ConflictCause[]): ApplyConflict[] {
  const groups: ApplyConflict[] = [];
  for (const cause of causes) {
    const [, quotedManager = '', rawHow = ''] = CAUSE_MESSAGE.exec(cause.message ?? '') ?? [];
    const manager = unquote(quotedManager);
    const how = rawHow.trim();
    let group = groups.find((g) => g.manager === manager && g.how === how);
    if (!group) {
      group = { manager, how, fields: [] };
      groups.push(group);
    }
    if (cause.field && !group.fields.includes(cause.field)) group.fields.push(cause.field);
  }
  return sorted(groups);
}

function conflictsFromMessage(message: string): ApplyConflict[] {
  const single = SINGLE.exec(message);
  if (single) {
    const [, manager = '', how = '', field = ''] = single;
    return [{ manager: unquote(manager), how: how.trim(), fields: [field.trim()] }];
  }
  if (!/^Apply failed with \d+ conflicts:/.test(message)) return [];
  const groups: ApplyConflict[] = [];
  const lines = message.replace(/^Apply failed with \d+ conflicts: /, '').split('\n');
  for (const line of lines) {
    const header = GROUP_HEADER.exec(line);
    if (header) {
      const [, manager = '', how = ''] = header;
      groups.push({ manager: unquote(manager), how: how.trim(), fields: [] });
    } else if (line.startsWith('- ')) {
      groups.at(-1)?.fields.push(line.slice(2).trim());
    }
  }
  return sorted(groups);
}

function sorted(groups: ApplyConflict[]): ApplyConflict[] {
  for (const g of groups) g.fields.sort();
  return groups.sort((a, b) => a.manager.localeCompare(b.manager) || a.how.localeCompare(b.how));
}

function unquote(quoted: string): string {
  return quoted.replace(/\\(.)/g, '$1');
}

/** `.data.tier is owned by field manager "ops-team"; .data.zone is owned by field manager "platform-team" with subresource "status"` */
export function describeConflicts(conflicts: ApplyConflict[]): string {
  if (conflicts.length === 0) return 'some fields are owned by another field manager';
  return conflicts
    .map((c) => {
      const fields = c.fields.length > 0 ? c.fields.join(', ') : 'some fields';
      const verb = c.fields.length === 1 ? 'is' : 'are';
      const owner = c.manager ? `field manager "${c.manager}"${c.how ? ` ${c.how}` : ''}` : 'another field manager';
      return `${fields} ${verb} owned by ${owner}`;
    })
    .join('; ');
}
