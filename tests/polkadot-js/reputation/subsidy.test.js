// Anchoring at generation raises a hospital's score on a real dev node, an era ends and the
// subsidy pot pays the hospital's payout account, and rankings come through the runtime API.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a, randomAsU8a } from '@polkadot/util-crypto';
import { ModuleError, sleep, startDevNode, submit } from '../lib/node.js';

const SAMPLE_HOSPITAL = 0;
const UNIT = 10n ** 12n;

let chain;
let api;
let alice;
let dave;
let eve;

async function rejects(promise, expected) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof ModuleError, `expected ${expected}, got ${error}`);
    assert.equal(error.moduleError, expected);
    return true;
  });
}

async function freeBalance(address) {
  return (await api.query.system.account(address)).data.free.toBigInt();
}

describe('reputation and subsidies on a dev node', () => {
  before(async () => {
    chain = await startDevNode();
    api = chain.api;
    alice = chain.keyring.addFromUri('//Alice');
    dave = chain.keyring.addFromUri('//Dave');
    eve = chain.keyring.addFromUri('//Eve');
  });

  after(async () => {
    await chain?.stop();
  });

  test('development preset funds the pot and starts every institution at 600', async () => {
    const pot = (await api.call.reputationApi.potBalance()).toBigInt();
    assert.equal(pot, 100_000n * UNIT);
    const view = (await api.call.reputationApi.reputation(SAMPLE_HOSPITAL)).unwrap();
    assert.equal(view.score.toNumber(), 600);
    assert.ok((await api.call.reputationApi.reputation(999)).isNone, 'an unknown id has no view');
    assert.equal(view.rateLimitPercent.toNumber(), 100);
  });

  test('parameters are set by the health authority only', async () => {
    await rejects(submit(api, api.tx.reputation.setEraLength(5), alice), 'BadOrigin');
    await rejects(
      submit(api, api.tx.sudo.sudo(api.tx.reputation.setEraLength(0)), alice),
      'reputation.InvalidEraLength',
    );
    await rejects(
      submit(
        api,
        api.tx.sudo.sudo(
          api.tx.reputation.setTiers([
            { minScore: 0, rateLimitPercent: 100 },
            { minScore: 0, rateLimitPercent: 200 },
          ]),
        ),
        alice,
      ),
      'reputation.TiersNotIncreasing',
    );
  });

  test('timely anchor raises the score and the era pays the hospital', async () => {
    // Eras of five blocks keep the test short.
    await submit(api, api.tx.sudo.sudo(api.tx.reputation.setEraLength(5)), alice);
    const record = {
      id: randomAsU8a(32),
      patient: randomAsU8a(32),
      encounter: randomAsU8a(32),
      class: 'Outpatient',
      sequence: 1,
      kind: 'Diagnosis',
      contentHash: { algorithm: 'Blake2b256', digest: u8aToHex(blake2AsU8a(randomAsU8a(64), 256)) },
      generatedAt: Date.now(),
      event: null,
    };
    const before = await freeBalance(dave.address);
    await submit(api, api.tx.anchors.anchorRecord(null, record), eve);
    const view = (await api.call.reputationApi.reputation(SAMPLE_HOSPITAL)).unwrap();
    assert.equal(view.score.toNumber(), 601);
    assert.equal(view.currentEra.timely.toNumber(), 1);

    // Wait, within a bound, for the payout of the era that contains the anchor.
    const deadline = Date.now() + 90_000;
    let paid = 0n;
    while (Date.now() < deadline) {
      paid = (await freeBalance(dave.address)) - before;
      if (paid > 0n) break;
      await sleep(1_000);
    }
    assert.equal(paid, 1_000n * UNIT, 'the only institution with timely anchors gets the whole budget');

    const after = (await api.call.reputationApi.reputation(SAMPLE_HOSPITAL)).unwrap();
    assert.equal(after.history.length, 1);
    assert.equal(after.history[0].paid.toBigInt(), 1_000n * UNIT);
    assert.equal(after.history[0].counts.timely.toNumber(), 1);

    const ranking = await api.call.reputationApi.rankings(10, null);
    assert.equal(ranking.length, 1);
    assert.equal(ranking[0].institution.toNumber(), SAMPLE_HOSPITAL);
    assert.equal(Buffer.from(ranking[0].region).toString(), '110105');
    const elsewhere = await api.call.reputationApi.rankings(10, u8aToHex(Buffer.from('310104')));
    assert.equal(elsewhere.length, 0);
  });
});
