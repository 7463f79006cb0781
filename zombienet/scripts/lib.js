// Helpers shared by the zombienet js-scripts. Zombienet loads each script with require() in
// its own process and sets the `zombie` global (ApiPromise, Keyring, util, connect) only while
// a script runs, so every helper takes what it needs as an argument.

const { appendFileSync } = require('node:fs');

/** Connects to `nodeName` of the running network. */
async function connect(nodeName, networkInfo) {
  const { wsUri, userDefinedTypes } = networkInfo.nodesByName[nodeName];
  return zombie.connect(wsUri, userDefinedTypes);
}

/** State kept between the steps of one zombienet test run. */
function state() {
  globalThis.__medanchorZombienet ??= { anchors: {} };
  return globalThis.__medanchorZombienet;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every second until it returns a truthy value or `seconds` pass. */
async function waitFor(description, seconds, check) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${description}`);
    await sleep(1000);
  }
}

/** Returns the gateway account of the sample hospital (entity 0 of the development presets). */
async function gateway() {
  await zombie.util.cryptoWaitReady();
  return new zombie.Keyring({ type: 'sr25519' }).addFromUri('//Eve');
}

/** Returns a new inpatient record generated now, with a random id and content. */
function newRecord(sequence) {
  const { randomAsU8a, blake2AsU8a } = zombie.util;
  return {
    id: randomAsU8a(32),
    patient: new Uint8Array(32).fill(0xaa),
    encounter: new Uint8Array(32).fill(0xee),
    class: 'Inpatient',
    sequence,
    kind: 'ProgressNote',
    // `Bytes` take hex: polkadot.js reads a Uint8Array as already length-prefixed.
    contentHash: { algorithm: 'Blake2b256', digest: hex(blake2AsU8a(randomAsU8a(64), 256)) },
    generatedAt: Date.now(),
    event: null,
  };
}

function hex(bytes) {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}

/**
 * Signs and submits `count` single-record anchors from the gateway with consecutive nonces,
 * all at once. Resolves when every one is in a block, with each record's id, the time it
 * was submitted and, once finalized, the time of finality.
 */
async function submitAnchors(api, count, { waitFinalized = false, timeoutSeconds = 300 } = {}) {
  const signer = await gateway();
  let nonce = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
  const sequenceBase = Number(BigInt(Date.now()) % 1_000_000_000n);
  const results = [];
  const pending = [];
  for (let index = 0; index < count; index += 1) {
    const record = newRecord(sequenceBase + index);
    const entry = { id: hex(record.id), submittedAt: Date.now(), inBlockAt: null, finalizedAt: null };
    results.push(entry);
    pending.push(
      new Promise((resolve, reject) => {
        api.tx.anchors
          .anchorRecord(null, record)
          .signAndSend(signer, { nonce: nonce++ }, ({ status, dispatchError }) => {
            if (dispatchError) {
              reject(new Error(`anchor ${entry.id} failed: ${dispatchError.toString()}`));
            } else if (status.isInvalid || status.isDropped || status.isUsurped) {
              reject(new Error(`anchor ${entry.id}: transaction ${status.type}`));
            } else if (status.isInBlock && entry.inBlockAt === null) {
              entry.inBlockAt = Date.now();
              if (!waitFinalized) resolve();
            } else if (status.isFinalized) {
              entry.finalizedAt = Date.now();
              if (entry.inBlockAt === null) entry.inBlockAt = entry.finalizedAt;
              resolve();
            }
          })
          .catch(reject);
      }),
    );
  }
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`anchors not done after ${timeoutSeconds} s`)), timeoutSeconds * 1000);
  });
  try {
    await Promise.race([Promise.all(pending), timeout]);
  } finally {
    clearTimeout(timer);
  }
  return results;
}

/** Returns how many of `ids` the anchors pallet's storage at block `hash` holds. */
async function anchoredAt(api, hash, ids) {
  const at = await api.at(hash);
  let found = 0;
  for (const id of ids) {
    if ((await at.query.anchors.records(id)).isSome) found += 1;
  }
  return found;
}

/** Appends one measured figure to the results file that scripts/zombienet.sh prints. */
function recordResult(name, value) {
  const line = JSON.stringify({ name, ...value });
  console.log(`[medanchor] ${line}`);
  const path = process.env.MEDANCHOR_ZOMBIENET_RESULTS;
  if (path) appendFileSync(path, `${line}\n`);
}

module.exports = { anchoredAt, connect, hex, recordResult, sleep, state, submitAnchors, waitFor };
