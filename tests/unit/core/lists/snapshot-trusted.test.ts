import { describe, expect, it } from 'vitest';
import { buildTable, decodeSnapshot, encodeSnapshot, lookup, verifySnapshotHashes } from '../../../../src/core/lists/index.ts';

const META = { listId: 'main', version: 7 };

async function sample(withKeys: boolean): Promise<Uint8Array> {
  const t = await buildTable(
    [
      { key: 'scam.example/', category: 'investment', severity: 'high', firstSeen: '2025-05-01', sources: ['tw165'] },
      { key: 'other-scam.example/', category: 'fake-shop', severity: 'medium' },
    ],
    META,
    { keys: withKeys },
  );
  return encodeSnapshot(t);
}

describe('decodeSnapshot with verifyHashes: false (a stored, already verified list opened at a wake)', () => {
  for (const withKeys of [false, true]) {
    it(`gives the same table as a full decode (${withKeys ? 'format 2' : 'format 1'})`, async () => {
      const bytes = await sample(withKeys);
      const full = await decodeSnapshot(bytes);
      const trusted = await decodeSnapshot(bytes, { verifyHashes: false });
      if (!full.ok || !trusted.ok) throw new Error('decode failed');
      expect(trusted.value.sha256).toBe(full.value.sha256);
      expect(trusted.value.provenanceSha256).toBe(full.value.provenanceSha256);
      expect(trusted.value.keysSha256).toBe(full.value.keysSha256);
      expect(lookup(trusted.value, 'https://scam.example/pay')?.expression).toBe('scam.example/');
      expect(await verifySnapshotHashes(bytes)).toBe(true);
    });
  }

  it('still refuses a changed header; a changed section is caught by verifySnapshotHashes', async () => {
    const bytes = await sample(false);
    const header = bytes.slice();
    header[20] = (header[20]! + 1) & 0xff; // inside the version field: the header CRC no longer matches
    expect(await decodeSnapshot(header, { verifyHashes: false })).toMatchObject({ ok: false, reason: 'CHECKSUM_MISMATCH' });

    const section = bytes.slice();
    // The lo column of entry 0 (after the 65,537-entry bucket index): structure still valid, hash not.
    const at = 256 + 65537 * 4;
    section[at] = section[at]! ^ 1;
    const opened = await decodeSnapshot(section, { verifyHashes: false });
    expect(opened.ok).toBe(true);
    expect(await verifySnapshotHashes(section)).toBe(false);
    expect((await decodeSnapshot(section)).ok).toBe(false);
  });
});
