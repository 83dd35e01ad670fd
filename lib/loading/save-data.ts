/**
 * Whether the visitor asked to save data: Chrome's Lite mode / "Data Saver" setting, which also sends
 * `Save-Data: on` with every request, is `navigator.connection.saveData` in the page. The feed then
 * asks one ladder rung smaller per card and starts nothing outside the viewport (docs/loading.md,
 * "Save-Data"). The cached `/` document is one for every visitor, so its eager first-screen cards
 * are the same for all: the rest of the session follows the setting.
 */
export function savesData(): boolean {
  if (typeof navigator === 'undefined') return false;
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  return connection?.saveData === true;
}
