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

  it('checkEntries: false defers the per-entry checks to verifySnapshotHashes; layout and bucket index are still checked', async () => {
    const bytes = await sample(false);
    const deferred = await decodeSnapshot(bytes, { verifyHashes: false, checkEntries: false });
    const full = await decodeSnapshot(bytes);
    if (!deferred.ok || !full.ok) throw new Error('decode failed');
    expect(deferred.value.sha256).toBe(full.value.sha256);
    expect(lookup(deferred.value, 'https://scam.example/pay')?.expression).toBe('scam.example/');
    expect(lookup(deferred.value, 'https://other-scam.example/')?.category).toBe('fake-shop');
    expect(lookup(deferred.value, 'https://fine.example/')).toBeNull();

    // An unknown category id (the meta column of entry 0 follows lo (4 B) and mid (2 B) per entry): only the full checks see it.
    const count = 2;
    const metaAt = 256 + 65537 * 4 + 6 * count;
    const badMeta = bytes.slice();
    badMeta[metaAt] = 0xfe;
    expect((await decodeSnapshot(badMeta, { verifyHashes: false })).ok).toBe(false);
    expect((await decodeSnapshot(badMeta, { verifyHashes: false, checkEntries: false })).ok).toBe(true);
    expect(await verifySnapshotHashes(badMeta)).toBe(false);

    // A bucket index that points past the columns is refused either way (lookups must stay in bounds).
    const badIndex = bytes.slice();
    new DataView(badIndex.buffer).setUint32(256 + 65536 * 4, 3, true); // last index entry ≠ entry count
    expect(await decodeSnapshot(badIndex, { verifyHashes: false, checkEntries: false })).toMatchObject({ ok: false, reason: 'CORRUPT' });
  });

  it('refuses checkEntries: false with hashes verified (the deferral is only for bytes re-hashed later)', async () => {
    await expect(decodeSnapshot(await sample(false), { checkEntries: false })).rejects.toThrow(/needs verifyHashes: false/);
  });
});
