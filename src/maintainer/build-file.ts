/**
 * Build file: what `build --out FILE` writes and `publish --build FILE` reads.
 *   { "format": "scamsentinel-build/1", "listId": "…", "report": { …BuildReport… },
 *     "entries": [ { "key": "scam.example/", "category": "fake-shop", "severity": "medium",
 *                    "firstSeen": "2025-11-25", "sources": ["tw165"] }, … ] }
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CATEGORIES, SEVERITIES } from '../core/types';
import type { BuildReport, BuildResult } from './build';
import { writeFileAtomic } from './fs-util';

export const BUILD_FILE_FORMAT = 'scamsentinel-build/1';

const EntrySchema = z.object({
  key: z.string().min(1),
  category: z.enum(CATEGORIES),
  severity: z.enum(SEVERITIES),
  firstSeen: z.string().optional(),
  sources: z.array(z.string()).optional(),
});
const BuildFileSchema = z.object({
  format: z.literal(BUILD_FILE_FORMAT),
  listId: z.string(),
  report: z.looseObject({ guard: z.object({ ok: z.boolean(), failures: z.array(z.string()) }) }),
  entries: z.array(EntrySchema),
});

export function writeBuildFile(file: string, build: BuildResult): void {
  const body = JSON.stringify({ format: BUILD_FILE_FORMAT, listId: build.listId, report: build.report, entries: build.entries });
  writeFileAtomic(file, body + '\n');
}

export function readBuildFile(file: string): BuildResult {
  const parsed = BuildFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file} is not a build file: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`);
  }
  const entries = parsed.data.entries.map((e) => ({
    key: e.key,
    category: e.category,
    severity: e.severity,
    ...(e.firstSeen !== undefined ? { firstSeen: e.firstSeen } : {}),
    ...(e.sources !== undefined ? { sources: e.sources } : {}),
  }));
  return { listId: parsed.data.listId, entries, report: parsed.data.report as unknown as BuildReport };
}
