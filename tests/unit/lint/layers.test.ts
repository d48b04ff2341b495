/** The layer rules of eslint.config.js fail on a deliberate violation (and pass the real code's kind of import). */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath });
  return (r?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layers are enforced by lint', () => {
  it.each([
    ['src/core/lists/x.ts', "import { openDb } from '../../background/db';\nexport const x = openDb;\n"],
    ['src/core/x.ts', "import { t } from '../ui/i18n';\nexport const x = t;\n"],
    ['src/ui/x.ts', "import { start } from '../background/start';\nexport const x = start;\n"],
    ['src/ui/popup/x.tsx', "import { ageInDays } from '../../background/sync/status';\nexport const x = ageInDays;\n"],
    ['src/content/x.ts', "import { start } from '../background/start';\nexport const x = start;\n"],
    ['src/content/x.ts', "import { PopupView } from '../ui/popup/popup-view';\nexport const x = PopupView;\n"],
    ['src/maintainer/x.ts', "import bg from '../../entrypoints/background';\nexport const x = bg;\n"],
    ['src/dom/x.ts', "import { send } from '../messaging/client';\nexport const x = send;\n"],
    // the always-on page bundle never pulls in the on-demand content UI bundle, nor extension pages from one level up
    ['src/content/page/x.ts', "import { showOverlay } from '../ui/overlay';\nexport const x = showOverlay;\n"],
    ['src/content/page/x.ts', "import { PopupView } from '../../ui/popup/popup-view';\nexport const x = PopupView;\n"],
    ['src/content/ui/x.ts', "import { PopupView } from '../../ui/popup/popup-view';\nexport const x = PopupView;\n"],
  ])('%s: %s is refused', async (file, code) => {
    expect(await restricted(file, code)).not.toEqual([]);
  });

  it.each([
    ['src/content/x.ts', "import { t } from '../ui/i18n';\nexport const x = t;\n"],
    ['src/content/ui/x.ts', "import { t } from '../../ui/i18n';\nexport const x = t;\n"],
    ['src/content/ui/x.ts', "import { showOverlay } from './overlay';\nexport const x = showOverlay;\n"],
    ['src/content/x.ts', "import type { MarkKind } from './ui/marks';\nexport type X = MarkKind;\n"],
    ['src/ui/x.ts', "import { ageInDays } from '../core/time';\nexport const x = ageInDays;\n"],
    ['src/background/x.ts', "import { judgeUrl } from '../core/verdict';\nexport const x = judgeUrl;\n"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});
