/** Key commands of `npm run lists`: keygen, keyset, rotate. */
import { encodeKeyset, followKeysetChain, signKeysetRotation } from '../core/lists/keyset';
import { int, parse, str, strs, UsageError, type Io } from './cli-args';
import { writeFileAtomic } from './fs-util';
import { defaultKeysDir, generateKey, loadKeyset, loadPublicKey, loadSigner, makeKeyset } from './keys';
import { loadState, saveState } from './state';

export async function cmdKeygen(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { name: { type: 'string' }, dir: { type: 'string' } });
  const k = await generateKey(str(values, 'name') ?? 'maintainer', str(values, 'dir') ?? defaultKeysDir());
  io.log(`private key: ${k.privateFile} (mode 0600 — keep it off the repo, back it up offline)`);
  io.log(`public key:  ${k.publicFile}`);
  io.log(`key id:      ${k.id}`);
  io.log(`public key (base64 raw): ${k.publicKey}`);
  io.log(`next: npm run lists -- keyset --pub ${k.publicFile} --threshold 1 --out keyset.json`);
  return 0;
}

export async function cmdKeyset(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    pub: { type: 'string', multiple: true },
    threshold: { type: 'string' },
    version: { type: 'string' },
    out: { type: 'string' },
  });
  const pubs = strs(values, 'pub').map(loadPublicKey);
  if (pubs.length === 0) throw new UsageError('--pub FILE is required (repeat for more keys)');
  const ks = makeKeyset(pubs, int(values, 'threshold') ?? 1, int(values, 'version') ?? 1);
  const out = str(values, 'out', true) ?? '';
  writeFileAtomic(out, JSON.stringify(ks, null, 2) + '\n');
  io.log(`keyset v${ks.version}: ${ks.keys.length} key(s), threshold ${ks.threshold} → ${out}`);
  return 0;
}

export async function cmdRotate(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    state: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    key: { type: 'string', multiple: true },
  });
  const stateDir = str(values, 'state', true) ?? '';
  const state = loadState(stateDir);
  const pinned = loadKeyset(str(values, 'from', true) ?? '');
  const next = loadKeyset(str(values, 'to', true) ?? '');
  const signers = await Promise.all(strs(values, 'key').map(loadSigner));
  const current = await followKeysetChain(pinned, state.keysetChain);
  if (!current.ok) {
    io.error(`existing rotation chain does not follow from ${str(values, 'from') ?? ''}: ${current.message}`);
    return 1;
  }
  if (next.version <= current.value.keyset.version) {
    io.error(`new keyset version ${next.version} must be above the current v${current.value.keyset.version}`);
    return 1;
  }
  const link = await signKeysetRotation(next, signers);
  const check = await followKeysetChain(pinned, [...state.keysetChain, link]);
  if (!check.ok || check.value.keyset.version !== next.version) {
    io.error(`refused: ${check.ok ? 'link not followed' : check.message} — sign with a threshold of the CURRENT keyset's keys`);
    return 1;
  }
  saveState(stateDir, { ...state, keysetChain: [...state.keysetChain, link] });
  io.log(`rotation v${current.value.keyset.version} → v${next.version} recorded (${encodeKeyset(next).length} bytes); ` +
    'the next publish carries it; sign from now on with the new keys');
  return 0;
}
