// Which LynqNode records one hub's sync plans with. Records carry their hub as a label, and the
// sync lists its hub's. A form moved to another hub leaves records labelled with the old hub:
// the old hub's sync must not deprovision them (its plan would see a removed form). They are left
// to the form's new hub, whose sync starts them as new nodes; LoadNode then relabels the record.
import type { ConfigDirectory } from '../config/config-model';
import { projectOfForm } from '../config/hub-lookup';

export function recordsOfHubSync<R extends { spec: { form: string } }>(directory: ConfigDirectory, hubName: string, labelledWithHub: R[]): R[] {
  return labelledWithHub.filter((record) => {
    const owner = projectOfForm(directory, record.spec.form);
    return owner === undefined || owner.hub.name === hubName;
  });
}
