/** Every command, view and setting id the extension contributes, in one place (checked against package.json by a unit test). */
export const EXTENSION_ID = 'connection-doctor.connection-doctor';

export const Commands = {
  showPanel: 'connectionDoctor.showPanel',
  explainSelection: 'connectionDoctor.explainSelection',
} as const;

export const Views = {
  container: 'connectionDoctor',
  panel: 'connectionDoctor.panel',
} as const;

/** Setting keys below the `connectionDoctor.` section. */
export const Settings = {
  section: 'connectionDoctor',
} as const;
