/**
 * The on-demand part of the content script (src/content/ui/install.ts): injected by the service worker with
 * scripting.executeScript into the top frame's isolated world when the page needs extraction or a warning.
 */
import { installContentUi } from '../src/content/ui/install';

export default defineUnlistedScript(() => {
  installContentUi();
});
